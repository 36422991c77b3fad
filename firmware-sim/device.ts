import type { EventType } from '../services/domain/contract.js';
import { createModel, type ModelSpec } from './models/index.js';
import { type Conditions, DEFAULT_CONDITIONS } from './models/types.js';
import { createPrng, seedFrom } from './prng.js';

/** Reading and event payloads exactly as the contract's readingPayloadSchema / eventPayloadSchema. */
export interface ReadingOut {
  ts: number;
  seq: number;
  temp_c: number;
  ln2_level_pct?: number;
  battery_pct?: number;
}
export interface EventOut {
  ts: number;
  type: EventType;
  value?: number | string | boolean;
}

/** A change of the world or of the device at `atMin` minutes of scenario time. */
export interface TimelineStep extends Partial<Conditions> {
  atMin: number;
  /** network reachable: offline readings are kept and sent later as a backlog */
  online?: boolean;
  /** logger recording: off means no readings at all (flat battery, fault): a real gap */
  recording?: boolean;
  /** an extra event the device reports at this moment */
  event?: { type: EventType; value?: number | string | boolean };
}

export interface DeviceSpec {
  /** id inside the scenario; the runner makes it unique per run */
  id: string;
  kind: 'shipper_logger' | 'storage_sensor' | 'thaw_device';
  model: ModelSpec;
  /**
   * minutes of scenario time the device is switched on, when not the scenario's whole record (a
   * thaw device runs only for the thaw: its start and stop events are the thaw's start and finish)
   */
  onFromMin?: number;
  onToMin?: number;
  loggingIntervalS: number;
  /** sensor noise, standard deviation in °C */
  noiseC?: number;
  /** send ln2_level_pct (shippers and tanks with a level sensor) */
  reportLn2?: boolean;
  batteryPct?: number;
  /** device clock minus true time */
  clockSkewMs?: number;
  seed?: number;
  timeline?: TimelineStep[];
}

export type TraceItem =
  | { kind: 'reading'; atMs: number; online: boolean; payload: ReadingOut }
  | { kind: 'event'; atMs: number; online: boolean; payload: EventOut };

export interface TraceWindow {
  /** epoch ms of scenario minute 0 */
  startMs: number;
  fromMin: number;
  toMin: number;
  ambientC?: number;
}

const PHYSICS_STEP_S = 60;
const round1 = (v: number) => Math.round(v * 10) / 10;

function transitionEvents(before: Conditions, after: Conditions): EventOut['type'][] {
  const out: EventOut['type'][] = [];
  if (before.lidOpen !== after.lidOpen) out.push(after.lidOpen ? 'lid_open' : 'lid_closed');
  if (before.doorOpen !== after.doorOpen) out.push(after.doorOpen ? 'door_open' : 'door_closed');
  if (!before.onSide && after.onSide) out.push('tilt');
  return out;
}

/**
 * Everything one device records over the window, in time order: readings at exact logging
 * intervals with a continuous `seq`, and events at the moments things happen. Pure: the same spec and
 * window always give the same trace. `online` says whether the network was there at that moment.
 */
export function simulateDevice(spec: DeviceSpec, window: TraceWindow): TraceItem[] {
  const model = createModel(spec.model);
  const prng = createPrng(spec.seed ?? seedFrom(spec.id));
  const noiseC = spec.noiseC ?? 0.1;
  const skewMs = spec.clockSkewMs ?? 0;
  const timeline = [...(spec.timeline ?? [])].sort((a, b) => a.atMin - b.atMin);
  const items: TraceItem[] = [];
  let conditions: Conditions = { ...DEFAULT_CONDITIONS, ambientC: window.ambientC ?? 22 };
  let online = true;
  let recording = true;
  let batteryPct = spec.batteryPct ?? 95;
  let seq = 0;
  let next = 0;
  const atMs = (s: number) => window.startMs + Math.round(s * 1000);

  const applyDue = (tS: number) => {
    while (next < timeline.length && timeline[next]!.atMin * 60 <= tS) {
      const step = timeline[next++]!;
      const { atMin, online: o, recording: r, event, ...change } = step;
      const after = { ...conditions, ...change };
      const at = atMs(atMin * 60);
      if (o !== undefined) online = o;
      if (r !== undefined) recording = r;
      if (recording) {
        for (const type of transitionEvents(conditions, after))
          items.push({ kind: 'event', atMs: at, online, payload: { ts: at + skewMs, type } });
        if (event) items.push({ kind: 'event', atMs: at, online, payload: { ts: at + skewMs, ...event } });
      }
      conditions = after;
    }
  };

  let tS = window.fromMin * 60;
  applyDue(tS);
  const endS = window.toMin * 60;
  const startEvent: EventOut = { ts: atMs(tS) + skewMs, type: 'start' };
  items.push({ kind: 'event', atMs: atMs(tS), online, payload: startEvent });
  for (let sampleS = tS; sampleS <= endS; sampleS += spec.loggingIntervalS) {
    while (tS < sampleS) {
      const nextBreakS = next < timeline.length ? timeline[next]!.atMin * 60 : Number.POSITIVE_INFINITY;
      const stepTo = Math.min(sampleS, tS + PHYSICS_STEP_S, Math.max(nextBreakS, tS));
      if (stepTo > tS) model.step(stepTo - tS, conditions);
      tS = stepTo;
      applyDue(tS);
    }
    // 0.05 %/h standby drain plus a little per measurement and transmission
    batteryPct = Math.max(0, batteryPct - (spec.loggingIntervalS / 3600) * 0.05 - 0.001);
    if (!recording) continue;
    const seen = model.observe();
    const payload: ReadingOut = {
      ts: atMs(sampleS) + skewMs,
      seq: seq++,
      temp_c: round1(seen.tempC + prng.gaussian(noiseC)),
      battery_pct: round1(batteryPct),
    };
    if (spec.reportLn2 && seen.ln2LevelPct !== undefined)
      payload.ln2_level_pct = Math.min(100, Math.max(0, round1(seen.ln2LevelPct + prng.gaussian(0.2))));
    items.push({ kind: 'reading', atMs: atMs(sampleS), online, payload });
  }
  // a shipper logger is stopped at the destination (its last act): the end of its trip, not a gap;
  // a thaw device is stopped when the thaw is finished (8.2.4)
  if (spec.kind === 'shipper_logger' || spec.kind === 'thaw_device') {
    items.push({
      kind: 'event',
      atMs: atMs(endS),
      online,
      payload: { ts: atMs(endS) + skewMs, type: 'stop' },
    });
  }
  return items.sort((a, b) => a.atMs - b.atMs);
}
