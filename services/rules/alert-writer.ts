import type { Logger } from '../config/log.js';
import { alertSeverity } from '../domain/alert-severity.js';
import type { Locale } from '../domain/messages/catalog.js';
import type { ShipmentTransition } from '../domain/shipment-monitor.js';
import type { TempRange } from '../domain/storage-modes.js';
import {
  type AlertMailInput,
  type AlertPhase,
  queueMail,
  renderAlertMail,
  type SiteContext,
} from '../notify/index.js';
import {
  type AlertDetails,
  type AlertRecord,
  closeAlert,
  markEscalated,
  type NewAlert,
  openAlert,
} from '../store/sql/alerts-repo.js';
import type { RecordsStore, RecordsTx } from '../store/sql/records-store.js';
import { ClearHolds, clearHoldMs, holdGroup, type PendingEnd } from './alert-hold.js';
import { type AlertClass, ENDING_TRANSITIONS, transitionClass } from './alert-kinds.js';
import type { Target } from './targets.js';

export interface AlertWriterOptions {
  records: Pick<RecordsStore, 'transaction'>;
  logger: Logger;
  site: SiteContext;
  /** who gets storage-unit alerts (the site's own QA); none: the alert is recorded, not mailed */
  siteAlertTo: string[];
  /** the rules' clock (device-time decisions); the outbox keeps the notifier's own wall clock */
  now: () => number;
  onMailQueued: () => void;
}

/** A transition as the worker hands it over: the domain's, with where it belongs. */
export type Transition = Omit<ShipmentTransition, 'shipmentId'> & { shipmentId?: string };

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** The figures an alert keeps and its mails show, from the domain's transition and finding. */
export function transitionDetails(
  tr: Transition,
  range: TempRange | undefined,
  maxGapMs: number,
): AlertDetails {
  const d: AlertDetails = { transition: tr.type, atMs: tr.atMs, maxGapMinutes: maxGapMs / 60_000 };
  if (tr.durationMs !== undefined) d.durationMs = tr.durationMs;
  if (tr.peakC !== undefined) d.peakC = Math.round(tr.peakC * 10) / 10;
  if (range) {
    d.rangeMinC = finiteOrNull(range.minC);
    d.rangeMaxC = finiteOrNull(range.maxC);
  }
  if (tr.band) {
    d.warnMinC = finiteOrNull(tr.band.minC);
    d.warnMaxC = finiteOrNull(tr.band.maxC);
  }
  if (tr.finding) {
    d.findingMessage = tr.finding.message;
    for (const [k, v] of Object.entries(tr.finding.details ?? {})) {
      if (!(k in d) && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) d[k] = v;
    }
  }
  return d;
}

function recipients(target: Target | undefined, site: SiteContext, siteAlertTo: string[]) {
  if (target?.kind === 'shipment') {
    return {
      to: [target.shipment.manufacturer.qaEmail],
      locale: target.shipment.manufacturer.locale ?? site.locale,
    };
  }
  return { to: siteAlertTo, locale: site.locale };
}

/** The mail an alert sends in `phase`, addressed from its target. */
export function alertMail(
  alert: AlertRecord,
  phase: AlertPhase,
  target: Target | undefined,
  to: string[],
  locale: Locale,
): AlertMailInput {
  const figures: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(alert.details))
    if (typeof v === 'number' || typeof v === 'string') figures[k] = v;
  const d = alert.details;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const hasRange = num(d.rangeMinC) !== null || num(d.rangeMaxC) !== null;
  return {
    alertId: alert.id,
    episodeKey: alert.episodeKey,
    kind: alert.kind,
    phase,
    findingCode: alert.findingCode,
    clause: alert.clause,
    severity: alert.severity,
    deviceId: alert.deviceId,
    happenedAtMs: alert.happenedAtMs,
    endedAtMs: alert.endedAtMs,
    detectedAtMs: alert.detectedAtMs,
    late: alert.late,
    figures,
    range: hasRange ? { minC: num(d.rangeMinC), maxC: num(d.rangeMaxC) } : undefined,
    shipment: target?.kind === 'shipment' ? target.shipment : undefined,
    storageUnit: target?.kind === 'unit' ? target.unit : undefined,
    item:
      alert.itemId && typeof d.itemProduct === 'string'
        ? { id: alert.itemId, product: d.itemProduct }
        : undefined,
    to,
    locale,
  };
}

/**
 * Writes alerts and their mails: each change of an alert and its mail go in one transaction
 * (transactional outbox), so an alert is never recorded without its mail, and the unique episode
 * key means a replay (restart, backlog) can neither open an alert twice nor mail it twice.
 */
export class AlertWriter {
  private readonly holds = new ClearHolds();
  /** alerts raised complete from a backlog, open until their hold ends, not mailed yet */
  private readonly unmailed = new Map<string, AlertRecord>();
  /** per scope and device: device time of the newest reading whose transitions were written */
  private readonly horizon = new Map<string, number>();

  constructor(private readonly o: AlertWriterOptions) {}

  private async queue(tx: RecordsTx, alert: AlertRecord, phase: AlertPhase, target: Target | undefined) {
    const { to, locale } = recipients(target, this.o.site, this.o.siteAlertTo);
    if (to.length === 0) {
      this.o.logger.warn({ alertId: alert.id, kind: alert.kind }, 'alert has no recipient; not mailed');
      return false;
    }
    return queueMail(tx, renderAlertMail(alertMail(alert, phase, target, to, locale), this.o.site));
  }

  /**
   * Opens an alert (once per episode key) and mails it: "started", or "ended" when the episode is
   * already over (found in a backlog), so one episode gives one alert.
   */
  async raise(
    target: Target | undefined,
    alert: NewAlert,
    cls: AlertClass,
    mail = true,
  ): Promise<AlertRecord | undefined> {
    const opened = await this.o.records.transaction(async (tx) => {
      const a = await openAlert(tx, alert);
      if (!a) return undefined;
      if (!mail) return a;
      if (alert.endedAtMs === undefined) await this.queue(tx, a, 'started', target);
      else {
        const closed = await closeAlert(tx, alert.episodeKey, alert.endedAtMs, {}, this.o.now());
        if (closed) await this.queue(tx, closed, 'ended', target);
        return closed ?? a;
      }
      return a;
    });
    if (opened) {
      this.o.logger.info(
        {
          alertId: opened.id,
          episodeKey: opened.episodeKey,
          kind: cls.kind,
          deviceId: opened.deviceId,
          shipmentId: opened.shipmentId,
          late: opened.late,
        },
        'alert opened',
      );
      if (mail) this.o.onMailQueued();
    }
    return opened;
  }

  /** Sends the "started" mail of an alert raised without one (a held backlog episode that continued). */
  private async mailStarted(target: Target | undefined, alert: AlertRecord): Promise<void> {
    const queued = await this.o.records.transaction((tx) => this.queue(tx, alert, 'started', target));
    if (queued) this.o.onMailQueued();
  }

  /** some alert waits for its clear hold to end */
  get holding(): boolean {
    return this.holds.size > 0;
  }

  /** Resolves held alerts whose device has stayed clear for the hold, with their one "resolved" mail. */
  async release(target: Target, nowMs: number): Promise<void> {
    if (this.holds.size === 0) return;
    const seen = (id: string) => this.horizon.get(`${target.scopeKey}|${id}`) ?? Number.NEGATIVE_INFINITY;
    await this.resolveHeld(this.holds.due(target.scopeKey, seen, nowMs));
  }

  /** The target's window closed (receipt): held alerts resolve now, each with its "resolved" mail. */
  async releaseAll(target: Target): Promise<void> {
    if (this.holds.size === 0) return;
    await this.resolveHeld(this.holds.all(target.scopeKey));
  }

  private async resolveHeld(due: PendingEnd[]): Promise<void> {
    for (const p of due) {
      this.unmailed.delete(p.alert.episodeKey);
      await this.resolve(p.target, p.alert.episodeKey, p.endedAtMs, p.details, p.mail);
    }
  }

  /** Closes an alert if it is still open; mails "ended" when asked to. */
  async resolve(
    target: Target | undefined,
    episodeKey: string,
    endedAtMs: number,
    details: AlertDetails,
    mail: boolean,
  ): Promise<AlertRecord | undefined> {
    const closed = await this.o.records.transaction(async (tx) => {
      const a = await closeAlert(tx, episodeKey, endedAtMs, details, this.o.now());
      if (a && mail) await this.queue(tx, a, 'ended', target);
      return a;
    });
    if (closed) {
      this.o.logger.info({ alertId: closed.id, episodeKey, kind: closed.kind }, 'alert closed');
      if (mail) this.o.onMailQueued();
    }
    return closed;
  }

  /**
   * Applies the domain's transitions for one target, in order. An episode that starts and ends
   * within one batch (a backlog, typically) gets one alert and one mail, the "ended" one.
   */
  async apply(
    target: Target,
    transitions: Transition[],
    range: TempRange | undefined,
    maxGapMs: number,
    /** device times when the transitions were computed: the horizon holds are released against */
    seen?: Map<string, number>,
  ) {
    for (const [id, ms] of seen ?? []) {
      const key = `${target.scopeKey}|${id}`;
      if (ms > (this.horizon.get(key) ?? Number.NEGATIVE_INFINITY)) this.horizon.set(key, ms);
    }
    const storage = target.kind === 'unit';
    const endedAt = new Map<string, number>();
    for (const tr of transitions)
      if (ENDING_TRANSITIONS.has(tr.type)) endedAt.set(tr.key, tr.toMs ?? tr.atMs);
    for (const tr of transitions) {
      const cls = transitionClass(tr.type, storage);
      const episodeKey = `${target.scopeKey}|${tr.key}`;
      const alertKey = this.holds.alertKey(episodeKey);
      const details = transitionDetails(tr, range, maxGapMs);
      // a hole found after the fact comes complete (toMs set), with no ending transition
      const completeGap = tr.type === 'gap_detected' && tr.toMs !== undefined;
      if (tr.type === 'retracted') {
        this.holds.take(alertKey);
        this.unmailed.delete(alertKey);
        await this.resolve(target, alertKey, tr.atMs, { ...details, retracted: true }, false);
      } else if (ENDING_TRANSITIONS.has(tr.type)) {
        if (!cls.mailsEnd) {
          await this.resolve(target, alertKey, tr.toMs ?? tr.atMs, details, false);
          continue;
        }
        this.holds.take(alertKey);
        this.holds.hold({
          target,
          alert: { episodeKey: alertKey, kind: cls.kind, deviceId: tr.deviceId },
          unmailed: this.unmailed.get(alertKey),
          endedAtMs: tr.toMs ?? tr.atMs,
          details,
          mail: true,
          holdMs: clearHoldMs(target, tr.deviceId),
          sinceMs: this.o.now(),
        });
      } else {
        const group = holdGroup({ kind: cls.kind, deviceId: tr.deviceId }, target.scopeKey);
        const continued =
          cls.mailsEnd && !completeGap
            ? this.holds.continuation(episodeKey, group, target.scopeKey, tr.fromMs)
            : undefined;
        if (continued) {
          // the condition is back within the hold: the same alert goes on (its end comes later)
          if (continued.unmailed && !endedAt.has(tr.key)) {
            this.unmailed.delete(continued.alert.episodeKey);
            await this.mailStarted(target, continued.unmailed);
          }
          continue;
        }
        const endsHere = endedAt.get(tr.key);
        const held = cls.mailsEnd && !completeGap && endsHere !== undefined;
        const endedAtMs = completeGap ? tr.toMs : held ? undefined : endsHere;
        const a = await this.raise(
          target,
          {
            episodeKey,
            kind: cls.kind,
            findingCode: cls.findingCode,
            clause: cls.clause,
            // the domain's rule table (services/domain/alert-severity.ts), not the finding's own
            severity: alertSeverity(cls.kind, {
              storage,
              loaded: target.kind === 'unit' && target.items.length > 0,
            }),
            deviceId: tr.deviceId,
            shipmentId: target.kind === 'shipment' ? target.shipment.id : undefined,
            storageUnitId: target.kind === 'unit' ? target.unit.id : undefined,
            happenedAtMs: tr.fromMs,
            endedAtMs,
            detectedAtMs: this.o.now(),
            late: tr.late,
            details,
          },
          cls,
          !held,
        );
        // started and ended in this batch (a backlog): open, unmailed, until its hold ends
        if (held && a) this.unmailed.set(episodeKey, a);
      }
    }
    await this.release(target, this.o.now());
  }

  /** Mails the second contact about an alert nobody acknowledged in time; once per alert. */
  async escalate(alert: AlertRecord, target: Target | undefined, to: string[]): Promise<boolean> {
    const locale =
      target?.kind === 'shipment'
        ? (target.shipment.manufacturer.locale ?? this.o.site.locale)
        : this.o.site.locale;
    const done = await this.o.records.transaction(async (tx) => {
      if (!(await markEscalated(tx, alert.id, to, this.o.now()))) return false;
      await queueMail(tx, renderAlertMail(alertMail(alert, 'escalated', target, to, locale), this.o.site));
      return true;
    });
    if (done) {
      this.o.logger.info({ alertId: alert.id, to }, 'alert escalated');
      this.o.onMailQueued();
    }
    return done;
  }
}
