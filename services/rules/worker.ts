import type { DeviceEvent, Reading } from '../domain/contract.js';
import { parseLocale } from '../domain/messages/catalog.js';
import type { SiteContext } from '../notify/receipt-mail.js';
import { AlertWriter, type Transition } from './alert-writer.js';
import { unclosedAlerts } from './alerts-repo.js';
import { raiseClockAlerts } from './clock-alerts.js';
import type { RulesWorkerOptions } from './options.js';
import { assignmentKey, loadTargets, type Target, type Targets, targetsFingerprint } from './targets.js';
import { ShipmentWatch, UnitWatch, type Watch } from './watch.js';

/**
 * Readings of a logger the worker has no watch for yet (its shipment was dispatched a moment ago and
 * the assignments are not re-read yet) are kept for the last UNROUTED_KEEP_MS of arrivals: a new
 * watch loads the stored record from InfluxDB, and the newest readings may still be in the
 * gateway's spool then. Without them the watch saw a hole the verdict never had.
 */
const UNROUTED_KEEP_MS = 30_000;
const UNROUTED_MAX_READINGS = 5_000;
/** assignments are re-read in full at least this often, changed or not */
const FULL_REFRESH_MS = 60_000;
const UNROUTED_MAX_DEVICES = 5_000;

export interface RulesWorker {
  /** Accepted readings and events (plug into the gateway's onAccepted); returns at once. */
  ingest(readings: Reading[], events: DeviceEvent[]): void;
  /** The device's connection was lost (its MQTT will / status `offline`). */
  deviceOffline(deviceId: string, atMs: number): void;
  /** Runs the timers and re-reads assignments now (the periodic tick does the same). */
  tick(): Promise<void>;
  /** Resolves when everything handed in so far has been evaluated and written. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The live rules worker: per shipment in transit and per storage unit, the domain's monitors judge
 * readings as they arrive; their transitions become alerts (one per episode) and mails through the
 * outbox. State is rebuilt from the records store and InfluxDB on start, so a restart neither loses
 * an alert nor sends one twice (alerts are unique per episode key).
 */
export async function startRulesWorker(opts: RulesWorkerOptions): Promise<RulesWorker> {
  const fromConfig = opts.config.escalation;
  const escalation =
    opts.escalation ??
    (fromConfig ? { to: fromConfig.to, afterMs: fromConfig.afterMinutes * 60_000 } : undefined);
  const now = opts.now ?? Date.now;
  const log = opts.logger.child({ role: 'rules' });
  const site: SiteContext = {
    timeZone: opts.config.site.timeZone,
    locale: parseLocale(opts.config.site.locale),
    publicUrl: opts.config.http.publicUrl,
  };
  const writer = new AlertWriter({
    db: opts.db,
    logger: log,
    site,
    siteAlertTo: opts.siteAlertTo ?? opts.config.site.alertEmails ?? [],
    now,
    onMailQueued: opts.onMailQueued ?? (() => {}),
  });

  const watches = new Map<string, Watch>(); // by assignment key
  const byDevice = new Map<string, Watch>();
  const raised = new Set<string>(); // timer alerts already raised (the database is the guarantee)
  // readings of devices no watch serves yet (a dispatch not yet seen): handed to the watch that
  // starts for them, in case InfluxDB does not have them yet when the watch reads its record
  /** per device: [arrival by the worker's clock, reading] */
  const unrouted = new Map<string, [number, Reading][]>();
  let targets: Targets = { shipments: new Map(), units: new Map(), byDevice: new Map() };
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  let lastRefreshMs = Number.NEGATIVE_INFINITY;

  /** All writes go through one queue, in the order things happened. */
  const serial = (what: string, fn: () => Promise<void>) => {
    chain = chain
      .then(fn)
      .catch((err) => log.error({ err: (err as Error).message, what }, 'rules step failed'));
    return chain;
  };
  /**
   * Retries a step while the records store or InfluxDB is unreachable (every write is idempotent by
   * episode key), so an outage delays alerts instead of dropping them; gives up only on close.
   */
  const retrying = async (what: string, fn: () => Promise<void>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (closed) throw err;
        const delayMs = Math.min(5_000, 250 * 2 ** Math.min(attempt - 1, 5));
        log.warn(
          { err: (err as Error).message, what, attempt, retryInMs: delayMs },
          'rules step failed; retrying',
        );
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  };
  const apply = (w: Watch, trs: Transition[]) => {
    // in-range readings matter while an alert is held: they may end its hold
    if (trs.length === 0 && !writer.holding) return undefined;
    // device times as these transitions were computed (later batches may be queued behind them)
    const seen = w.deviceTimes();
    return serial('apply', () =>
      retrying('apply', () => writer.apply(w.target, trs, w.range, w.maxGapMs, seen)),
    );
  };

  const localeOf = (t: Target) =>
    t.kind === 'shipment' ? (t.shipment.manufacturer.locale ?? site.locale) : site.locale;

  function startWatch(t: Target): Watch {
    const lateAfterMs = opts.lateAfterMs;
    const w =
      t.kind === 'shipment'
        ? new ShipmentWatch(t, localeOf(t), site.timeZone, lateAfterMs)
        : new UnitWatch(
            t,
            localeOf(t),
            site.timeZone,
            lateAfterMs,
            now() - (opts.unitLookbackMs ?? 86_400_000),
          );
    serial('load', async () => {
      let trs: Transition[] = [];
      await retrying('load', async () => {
        trs = await w.load(opts.readings, now());
      });
      w.loading = false;
      const { readings, events } = w.buffer;
      w.buffer = { readings: [], events: [] };
      trs.push(...w.add(readings, events, now()), ...w.tick(now()));
      const seen = w.deviceTimes();
      await retrying('apply', () => writer.apply(w.target, trs, w.range, w.maxGapMs, seen));
    });
    return w;
  }

  let fingerprint = '';
  let lastFullRefreshMs = Number.NEGATIVE_INFINITY;
  async function refresh(): Promise<void> {
    const print = await targetsFingerprint(opts.db);
    lastRefreshMs = now();
    if (print === fingerprint && Date.now() - lastFullRefreshMs < FULL_REFRESH_MS) return;
    fingerprint = print;
    lastFullRefreshMs = Date.now();
    const next = await loadTargets(opts.db);
    const keep = new Set<string>();
    for (const t of [...next.shipments.values(), ...next.units.values()]) {
      const key = assignmentKey(t);
      keep.add(key);
      const w = watches.get(key);
      if (!w) {
        watches.set(key, startWatch(t));
        continue;
      }
      if (w.target.kind === 'unit' && t.kind === 'unit') {
        // items taken out of the unit: their storage-limit alerts end, silently
        const still = new Set(t.items.map((i) => i.id));
        for (const gone of w.target.items.filter((i) => !still.has(i.id))) {
          for (const state of ['due_soon', 'overdue']) {
            await writer.resolve(
              t,
              `${t.scopeKey}|item|${gone.id}|${state}`,
              now(),
              { closedBy: 'item_removed' },
              false,
            );
          }
        }
      }
      w.target = t;
    }
    for (const [key, w] of watches) {
      if (keep.has(key)) continue;
      watches.delete(key);
      // received (or removed): held alerts resolve with their mail, the others end with the window
      await writer.releaseAll(w.target);
      for (const a of await unclosedAlerts(opts.db, `${w.scopeKey}|`)) {
        await writer.resolve(w.target, a.episodeKey, now(), { closedBy: 'window_closed' }, false);
      }
    }
    byDevice.clear();
    for (const [deviceId, t] of next.byDevice) {
      const w = watches.get(assignmentKey(t));
      if (!w) continue;
      byDevice.set(deviceId, w);
      const waiting = unrouted.get(deviceId)?.map(([, r]) => r);
      if (waiting && w.loading) w.buffer.readings.push(...waiting);
      else if (waiting) apply(w, w.add(waiting, [], now()));
      unrouted.delete(deviceId);
    }
    if (unrouted.size > UNROUTED_MAX_DEVICES) unrouted.clear();
    targets = next;
    lastRefreshMs = now();
  }

  async function timers(nowMs: number): Promise<void> {
    for (const w of watches.values()) {
      if (w.loading) continue;
      const trs = w.tick(nowMs);
      // no device times here: readings already judged may still be queued for writing
      if (trs.length > 0) await retrying('tick', () => writer.apply(w.target, trs, w.range, w.maxGapMs));
      else await retrying('release', () => writer.release(w.target, nowMs));
    }
    await raiseClockAlerts({ writer, db: opts.db, targets, raised, escalation }, nowMs);
  }

  const tick = () =>
    serial('tick', async () => {
      if (closed) return;
      const nowMs = now();
      if (nowMs - lastRefreshMs >= (opts.refreshMs ?? 2_000)) await refresh();
      await timers(nowMs);
    });

  // DEVICE_OFFLINE alerts of earlier versions (raised on every `offline`, also after receipt) end
  for (const a of await unclosedAlerts(opts.db, 'dev:')) {
    if (a.kind === 'DEVICE_OFFLINE')
      await writer.resolve(undefined, a.episodeKey, now(), { closedBy: 'superseded' }, false);
  }
  await serial('start', refresh);
  const interval = setInterval(() => void tick(), opts.tickMs ?? 1_000);
  interval.unref?.();
  log.info({ watches: watches.size }, 'rules worker started');

  return {
    ingest(readings, events) {
      if (closed) return;
      const nowMs = now();
      const byWatch = new Map<Watch, { readings: Reading[]; events: DeviceEvent[] }>();
      const slot = (deviceId: string) => {
        const w = byDevice.get(deviceId);
        if (!w) return undefined;
        let s = byWatch.get(w);
        if (!s) {
          s = { readings: [], events: [] };
          byWatch.set(w, s);
        }
        return s;
      };
      for (const r of readings) {
        const s = slot(r.deviceId);
        if (s) s.readings.push(r);
        else {
          const waiting = unrouted.get(r.deviceId) ?? [];
          waiting.push([nowMs, r]);
          let drop = Math.max(0, waiting.length - UNROUTED_MAX_READINGS);
          while (drop < waiting.length && waiting[drop]![0] < nowMs - UNROUTED_KEEP_MS) drop++;
          if (drop > 0) waiting.splice(0, drop);
          unrouted.set(r.deviceId, waiting);
        }
      }
      for (const e of events) slot(e.deviceId)?.events.push(e);
      for (const [w, batch] of byWatch) {
        if (w.loading) {
          w.buffer.readings.push(...batch.readings);
          w.buffer.events.push(...batch.events);
        } else apply(w, w.add(batch.readings, batch.events, nowMs));
      }
    },
    deviceOffline(deviceId, atMs) {
      // A device saying `offline` raises nothing by itself: a logger switched off at the end of its
      // trip, or after its receipt, is no alert; a watched device's silence past its own limit is
      // (the monitors' RECORD_GAP, critical on a loaded storage unit).
      if (closed) return;
      log.debug({ deviceId, atMs, watched: byDevice.has(deviceId) }, 'device offline');
    },
    tick,
    async flush() {
      let seen: Promise<void> | undefined;
      while (seen !== chain) {
        seen = chain;
        await chain;
      }
    },
    async close() {
      closed = true;
      clearInterval(interval);
      await chain;
    },
  };
}
