/**
 * Live form of evaluateShipment for the rules worker (services/rules). Feed it as things arrive:
 *
 *   const m = createShipmentMonitor({ shipment, profile, devices, dispatchedAtMs }, { locale: 'zh-CN' });
 *   m.addReadings(readings, nowMs)  -> ShipmentTransition[]   any order, duplicates, backlog
 *   m.addEvents(events, nowMs)      -> ShipmentTransition[]   exposure (lid/door open, light, shock, tilt)
 *   m.tick(nowMs)                   -> ShipmentTransition[]   timers: silent logger (gap), transport time,
 *                                                            delay, product expiry, calibration expiry
 *   m.dispatch(atMs, nowMs)         -> ShipmentTransition[]   dispatch recorded (or corrected) later
 *   m.verdict(nowMs, receipt?)      -> Verdict                exactly evaluateShipment on the stored record
 *   m.openEpisodes()                -> ShipmentTransition[]   alarms still open
 *
 * After a restart: create a monitor, call restore(storedReadings, storedEvents, nowMs) (emits nothing,
 * returns the open episodes) and reconcile with the alert store by `key`: every transition carries a
 * stable key (shipment, device, episode kind, device-time start), so replaying never alerts twice.
 * Transitions: excursion_started (after the alarm delay; fromMs = device time of the start, atMs =
 * when the delay was reached, late = found from backlog), excursion_ended (durationMs, peakC),
 * gap_detected (from tick: an ongoing silence, no toMs, closed later by gap_ended with the same key;
 * from readings: a gap or seq hole found after the fact, with toMs), coolant_low / coolant_restored,
 * rule_triggered / rule_ended,
 * sensor_fault / sensor_fault_ended, exposure / exposure_ended, transport_time_exceeded, delayed,
 * product_expired, calibration_expired, retracted (a late reading showed an alarm did not hold).
 */
import type {
  Device,
  DeviceEvent,
  FindingCode,
  Profile,
  Reading,
  ReceiptChecks,
  Shipment,
  Verdict,
} from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import type { ShipmentEvaluationInput } from './evaluation-input.js';
import { buildFinding, type FindingDraft, type MessageOptions } from './finding.js';
import { LoggerMonitor, type LoggerTransition, type LoggerTransitionType } from './logger-monitor.js';
import { profileLoggerRules } from './logger-rules.js';
import type { WarningBand, WarningTransitionType } from './pre-alarm.js';
import {
  calibrationDrafts,
  delayDrafts,
  eventDrafts,
  expiryDrafts,
  transportTimeDrafts,
} from './shipment-findings.js';

export type ShipmentTransitionType =
  | LoggerTransitionType
  | WarningTransitionType
  | 'exposure'
  | 'exposure_ended'
  | 'transport_time_exceeded'
  | 'delayed'
  | 'product_expired'
  | 'calibration_expired';

export interface ShipmentTransition extends Omit<LoggerTransition, 'type' | 'deviceId'> {
  type: ShipmentTransitionType;
  shipmentId: string;
  deviceId?: string;
  /** a pre-alarm's warning band (warning_started / warning_ended) */
  band?: WarningBand;
}

export interface ShipmentMonitorContext {
  shipment: Shipment;
  profile: Profile;
  devices: Device[];
  dispatchedAtMs?: number;
}

export interface ShipmentMonitorOptions extends MessageOptions {
  lateAfterMs?: number;
}

const TIMER_TYPE: Partial<Record<FindingCode, ShipmentTransitionType>> = {
  TRANSPORT_TIME_EXCEEDED: 'transport_time_exceeded',
  DELAYED: 'delayed',
  PRODUCT_EXPIRED: 'product_expired',
  CALIBRATION_EXPIRED: 'calibration_expired',
};

export class ShipmentMonitor {
  private readonly loggers = new Map<string, LoggerMonitor>();
  private readonly events: DeviceEvent[] = [];
  private readonly emitted = new Map<string, string>();
  private readonly deviceIds: string[];
  /** loggers whose last `stop` event came after their last `start`: device time of the stop */
  private readonly stoppedAtMs = new Map<string, number>();

  constructor(
    private ctx: ShipmentMonitorContext,
    private readonly opts: ShipmentMonitorOptions = {},
  ) {
    this.deviceIds = [...new Set(ctx.shipment.deviceIds)];
    for (const id of this.deviceIds) {
      this.loggers.set(
        id,
        new LoggerMonitor(id, this.rules(), {
          toFinding: (d) => buildFinding(d, opts),
          lateAfterMs: opts.lateAfterMs,
        }),
      );
    }
  }

  private rules() {
    // not dispatched yet: every reading is "before the window" and only held
    return profileLoggerRules(
      this.ctx.profile,
      this.ctx.dispatchedAtMs ?? Number.POSITIVE_INFINITY,
      Infinity,
    );
  }

  private wrap(trs: LoggerTransition[]): ShipmentTransition[] {
    return trs.map((t) => ({ ...t, shipmentId: this.ctx.shipment.id }));
  }

  addReadings(readings: Iterable<Reading>, nowMs: number): ShipmentTransition[] {
    const byDevice = new Map<string, Reading[]>();
    for (const r of readings) {
      if (!this.loggers.has(r.deviceId)) continue;
      const list = byDevice.get(r.deviceId);
      if (list) list.push(r);
      else byDevice.set(r.deviceId, [r]);
    }
    const out: ShipmentTransition[] = [];
    for (const [id, list] of byDevice) out.push(...this.wrap(this.loggers.get(id)!.add(list, nowMs)));
    return out;
  }

  addEvents(events: Iterable<DeviceEvent>, nowMs: number): ShipmentTransition[] {
    for (const e of events) {
      if (!this.loggers.has(e.deviceId)) continue;
      this.events.push(e);
      // a logger stopped by hand (at the destination) is no longer watched for silence, until it
      // starts again; whether it stopped too early is the verdict's RECORD_INCOMPLETE at receipt
      const stopped = this.stoppedAtMs.get(e.deviceId);
      if (e.type === 'stop' && (stopped === undefined || e.tsMs > stopped))
        this.stoppedAtMs.set(e.deviceId, e.tsMs);
      if (e.type === 'start' && stopped !== undefined && e.tsMs > stopped)
        this.stoppedAtMs.delete(e.deviceId);
    }
    return this.eventTransitions(nowMs);
  }

  private eventTransitions(nowMs: number): ShipmentTransition[] {
    const from = this.ctx.dispatchedAtMs;
    if (from === undefined) return [];
    const drafts = eventDrafts(this.events, this.deviceIds, from, Math.max(from, nowMs));
    const out: ShipmentTransition[] = [];
    for (const d of drafts) {
      const key = `${this.ctx.shipment.id}|${d.deviceId}|${d.code}|${d.details.event}|${d.fromMs}`;
      const kind = String(d.details.kind);
      const prev = this.emitted.get(key);
      if (prev === undefined)
        out.push(this.draftTransition(d.code === 'EXPOSURE' ? 'exposure' : 'sensor_fault', key, d, nowMs));
      else if (prev === 'open_unclosed' && kind === 'open')
        out.push(this.draftTransition('exposure_ended', key, d, nowMs));
      this.emitted.set(key, kind);
    }
    return out;
  }

  private draftTransition(
    type: ShipmentTransitionType,
    key: string,
    d: FindingDraft,
    nowMs: number,
  ): ShipmentTransition {
    const atMs = d.toMs ?? d.fromMs ?? nowMs;
    return {
      type,
      key,
      shipmentId: this.ctx.shipment.id,
      ...(d.deviceId !== undefined && { deviceId: d.deviceId }),
      code: d.code,
      fromMs: d.fromMs ?? nowMs,
      ...(d.toMs !== undefined && { toMs: d.toMs }),
      atMs,
      late: nowMs - atMs > (this.opts.lateAfterMs ?? this.ctx.profile.maxGapMinutes * 60_000),
      finding: buildFinding(d, this.opts),
    };
  }

  /** Timers that fire on the clock rather than on a reading. */
  tick(nowMs: number): ShipmentTransition[] {
    const out: ShipmentTransition[] = [];
    const input = this.evaluationInput();
    const timers: FindingDraft[] = [...delayDrafts(input, nowMs), ...expiryDrafts(input, nowMs)];
    if (this.ctx.dispatchedAtMs !== undefined) {
      timers.push(...transportTimeDrafts(input, nowMs));
      timers.push(...calibrationDrafts(input.devices, this.deviceIds, this.ctx.dispatchedAtMs, nowMs));
      for (const [id, m] of this.loggers) {
        // 8.1.5 silence is watched while a logger runs; a stopped one ended its trip
        if (!this.stoppedAtMs.has(id)) out.push(...this.wrap(m.tick(nowMs)));
      }
    }
    for (const d of timers) {
      const key = `${this.ctx.shipment.id}|${d.deviceId ?? ''}|${d.code}|${d.details.kind ?? ''}`;
      if (this.emitted.has(key)) continue;
      this.emitted.set(key, 'timer');
      const tr = this.draftTransition(TIMER_TYPE[d.code] ?? 'delayed', key, d, nowMs);
      tr.atMs = nowMs;
      tr.late = false;
      out.push(tr);
    }
    return out;
  }

  /** Dispatch recorded or corrected: the record is replayed under the new window. */
  dispatch(atMs: number, nowMs: number): ShipmentTransition[] {
    this.ctx = { ...this.ctx, dispatchedAtMs: atMs };
    const out: ShipmentTransition[] = [];
    for (const m of this.loggers.values()) out.push(...this.wrap(m.setRules(this.rules(), nowMs)));
    out.push(...this.eventTransitions(nowMs));
    return out;
  }

  /** Rebuilds state from the stored record after a restart; emits nothing, returns open alarms. */
  restore(readings: Iterable<Reading>, events: Iterable<DeviceEvent>, nowMs: number): ShipmentTransition[] {
    this.addReadings(readings, nowMs);
    this.addEvents(events, nowMs);
    this.tick(nowMs);
    return this.openEpisodes();
  }

  /** device time of a logger's newest reading (-Infinity when it has none) */
  lastReadingMs(deviceId: string): number {
    return this.loggers.get(deviceId)?.lastReadingMs ?? Number.NEGATIVE_INFINITY;
  }

  openEpisodes(): ShipmentTransition[] {
    const out: ShipmentTransition[] = [];
    for (const m of this.loggers.values()) out.push(...this.wrap(m.openEpisodes()));
    return out;
  }

  /** The input evaluateShipment gets: the stored (sorted, deduplicated) record. */
  evaluationInput(
    receipt: { receivedAtMs?: number; receiptChecks?: ReceiptChecks } = {},
  ): ShipmentEvaluationInput {
    const loggers = [...this.loggers.values()];
    return {
      ...this.ctx,
      ...receipt,
      readings: {
        *[Symbol.iterator]() {
          for (const m of loggers) yield* m.readings();
        },
      },
      events: this.events,
    };
  }

  verdict(nowMs: number, receipt: { receivedAtMs?: number; receiptChecks?: ReceiptChecks } = {}): Verdict {
    return evaluateShipment(this.evaluationInput(receipt), nowMs, this.opts);
  }
}

export function createShipmentMonitor(
  ctx: ShipmentMonitorContext,
  opts: ShipmentMonitorOptions = {},
): ShipmentMonitor {
  return new ShipmentMonitor(ctx, opts);
}
