import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { device, HOUR, MIN, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading, StorageUnit } from './contract.js';
import {
  evaluateStorage,
  evaluateStorageWithSummaries,
  type StorageStatus,
  storageLoggerRules,
} from './evaluate-storage.js';
import { HOUR_MS, summarizeHour, summarizeHours, summaryIsQuiet, usableSummaries } from './hour-summary.js';

const DAY = 24 * HOUR;

/** A small deterministic generator, so that a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Scenario {
  unit: StorageUnit;
  readings: Reading[];
  fromMs: number;
  nowMs: number;
}

/**
 * A unit's record over a few days at one reading a minute, with what a real one has: excursions short
 * and long, gaps, holes and resets in seq, conflicting values, a clock running ahead, a stuck sensor,
 * a coolant dip, and a window that starts and ends inside an hour.
 */
function scenario(seed: number): Scenario {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ln2 = rnd() < 0.3;
  const unit: StorageUnit = {
    id: 'U1',
    name: 'unit',
    storageMode: ln2 ? 'ln2_vapor' : 'refrigerated',
    alarmDelayMinutes: pick([0, 10, 30, 90]),
    deviceIds: ['A', 'B'],
    site: 'site',
    ...(ln2 ? { coolantMinPct: 20 } : {}),
    ...(rnd() < 0.3 ? { maxGapMinutes: pick([5, 30, 120]) } : {}),
  };
  const fromMs = T0 + Math.floor(rnd() * 50) * MIN;
  const nowMs = fromMs + (2 + Math.floor(rnd() * 3)) * DAY + Math.floor(rnd() * 59) * MIN;
  const base = ln2 ? -190 : 5;
  const readings: Reading[] = [];
  for (const id of unit.deviceIds) {
    const excursions = Array.from({ length: Math.floor(rnd() * 4) }, () => {
      const at = fromMs + rnd() * (nowMs - fromMs);
      return { at, until: at + (1 + rnd() * 150) * MIN, tempC: ln2 ? -120 : pick([9, 12, 1]) };
    });
    const gaps = Array.from({ length: Math.floor(rnd() * 3) }, () => {
      const at = fromMs + rnd() * (nowMs - fromMs);
      return { at, until: at + pick([3, 20, 200]) * MIN };
    });
    const stuckAt = rnd() < 0.25 ? fromMs + rnd() * (nowMs - fromMs) : Number.NaN;
    const dipAt = ln2 && rnd() < 0.5 ? fromMs + rnd() * (nowMs - fromMs) : Number.NaN;
    const withSeq = rnd() < 0.85;
    let seq = 0;
    for (let t = fromMs - 30 * MIN; t <= nowMs + 10 * MIN; t += MIN) {
      if (gaps.some((g) => t >= g.at && t < g.until)) continue;
      let tempC = base + Math.round(Math.sin(t / (7 * MIN)) * 10 + rnd() * 4) / 10;
      const exc = excursions.find((e) => t >= e.at && t < e.until);
      if (exc) tempC = exc.tempC;
      if (t >= stuckAt && t < stuckAt + 14 * HOUR) tempC = base;
      const r: Reading = { deviceId: id, tsMs: t, tempC, receivedAtMs: t + 800 };
      if (withSeq) r.seq = seq++;
      if (rnd() < 0.0003) seq += 3; // readings lost on the way
      if (rnd() < 0.0002) seq = 0; // the logger restarted its numbering
      if (rnd() < 0.0002) r.receivedAtMs = t - 9 * MIN; // its clock ran ahead
      if (ln2) r.ln2LevelPct = t >= dipAt && t < dipAt + 40 * MIN ? 15 : 60;
      readings.push(r);
      if (rnd() < 0.0002) readings.push({ ...r, tempC: tempC + 3 }); // another value for the same time
    }
  }
  return { unit, readings, fromMs, nowMs };
}

const devices = [
  device('A', { kind: 'storage_sensor', loggingIntervalS: 60 }),
  device('B', { kind: 'storage_sensor', loggingIntervalS: 60 }),
];

/** What the storage-record loader does: summaries for the usable hours, the raw points for the rest. */
function hybrid(sc: Scenario): { status: StorageStatus; summarized: number; refusals: number } {
  const rules = storageLoggerRules(sc.unit, devices, sc.fromMs, sc.nowMs);
  const futureAfterMs = sc.nowMs + 5 * MIN;
  const inWindow = sc.readings.filter((r) => r.tsMs >= sc.fromMs && r.tsMs <= sc.nowMs);
  const all = sc.unit.deviceIds.flatMap((id) =>
    summarizeHours(
      inWindow.filter((r) => r.deviceId === id).sort((a, b) => a.tsMs - b.tsMs || a.tempC - b.tempC),
    ),
  );
  let usable = usableSummaries(all, rules, futureAfterMs);
  for (let round = 0; round < 4; round++) {
    const summarized = new Set(usable.map((s) => `${s.deviceId}|${s.hourMs}`));
    const raw = inWindow.filter(
      (r) => !summarized.has(`${r.deviceId}|${Math.floor(r.tsMs / HOUR_MS) * HOUR_MS}`),
    );
    const out = evaluateStorageWithSummaries(
      { unit: sc.unit, devices, items: [], readings: raw, events: [], fromMs: sc.fromMs, summaries: usable },
      sc.nowMs,
    );
    if (!('refused' in out)) return { status: out, summarized: usable.length, refusals: round };
    const refused = new Set(out.refused.map((s) => s.deviceId));
    usable = usable.filter((s) => !refused.has(s.deviceId));
  }
  throw new Error('summaries refused four times');
}

function direct(sc: Scenario): StorageStatus {
  return evaluateStorage(
    {
      unit: sc.unit,
      devices,
      items: [],
      readings: sc.readings.filter((r) => r.tsMs >= sc.fromMs && r.tsMs <= sc.nowMs),
      events: [],
      fromMs: sc.fromMs,
    },
    sc.nowMs,
  );
}

/** The stats that must come out the same; the time-weighted mean and MKT to within rounding. */
function comparable(status: StorageStatus) {
  const loggers = status.stats.loggers as Record<string, Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(loggers).map(([id, s]) => {
      const { meanC, mktC, clockOffsetMs, ...exact } = s;
      return [id, exact];
    }),
  );
}

describe('a long period judged over hourly summaries (hour-summary.ts, summary-fold.ts)', () => {
  it('gives the same findings and statistics as the raw readings, on records with every kind of trouble', () => {
    let summarizedTotal = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const sc = scenario(seed);
        const want = direct(sc);
        const { status: got, summarized, refusals } = hybrid(sc);
        summarizedTotal += summarized;
        // the padding around loud hours is wide enough that the fold never has to refuse a summary
        expect(refusals).toBe(0);
        expect(got.findings).toEqual(want.findings);
        expect(got.status).toBe(want.status);
        expect(comparable(got)).toEqual(comparable(want));
        const loggersGot = got.stats.loggers as Record<string, { meanC: number | null; mktC: number | null }>;
        const loggersWant = want.stats.loggers as Record<
          string,
          { meanC: number | null; mktC: number | null }
        >;
        for (const id of Object.keys(loggersWant)) {
          expect(Math.abs((loggersGot[id]?.meanC ?? 0) - (loggersWant[id]?.meanC ?? 0))).toBeLessThanOrEqual(
            0.01,
          );
          expect(Math.abs((loggersGot[id]?.mktC ?? 0) - (loggersWant[id]?.mktC ?? 0))).toBeLessThanOrEqual(
            0.01,
          );
        }
      }),
      // a fixed seed keeps CI deterministic; RUNS=2500 FC_SEED=<n> explores further
      { numRuns: Number(process.env.RUNS ?? 60), seed: Number(process.env.FC_SEED ?? 20_261_204) },
    );
    // the comparison means something only if most hours went over as summaries
    expect(summarizedTotal).toBeGreaterThan(Number(process.env.RUNS ?? 60) * 2 * 36);
  }, 300_000);

  it('an excursion that ends in a gap of empty hours is still open at the next reading: that hour is read in full', () => {
    // found by the property above: out of range at 05:48, nothing until 09:09, back in range there
    const sc = scenario(1_642_701_306);
    const { status, refusals } = hybrid(sc);
    expect(refusals).toBe(0);
    expect(status.findings).toEqual(direct(sc).findings);
  });

  it('a quiet hour is one whose every reading is in range, without gaps, holes or conflicts', () => {
    const unit: StorageUnit = {
      id: 'U1',
      name: 'fridge',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 30,
      deviceIds: ['A'],
      site: 's',
    };
    const rules = storageLoggerRules(unit, devices, T0, T0 + 2 * DAY);
    const hour = (temp: (i: number) => number, step = MIN, seqOf = (i: number) => i) =>
      summarizeHour(
        Array.from({ length: Math.floor(HOUR / step) }, (_, i) => ({
          deviceId: 'A',
          tsMs: T0 + 5 * HOUR + i * step,
          seq: seqOf(i),
          tempC: temp(i),
        })),
      )!;
    const quiet = (s: ReturnType<typeof hour>) => summaryIsQuiet(s, rules, T0 + 2 * DAY);
    expect(quiet(hour((i) => 5 + (i % 3) / 10))).toBe(true);
    expect(quiet(hour((i) => (i === 30 ? 8.1 : 5)))).toBe(false); // one reading warm
    expect(quiet(hour((i) => (i === 30 ? 1.9 : 5)))).toBe(false); // one reading cold
    expect(quiet(hour(() => 5))).toBe(false); // one value all hour: the stuck check needs the points
    expect(quiet(hour((i) => 5 + (i % 2) / 10, 20 * MIN))).toBe(false); // readings 20 min apart: gaps
    expect(
      quiet(
        hour(
          (i) => 5 + (i % 2) / 10,
          MIN,
          (i) => (i < 30 ? i : i + 1),
        ),
      ),
    ).toBe(false); // a hole
    expect(
      quiet(
        hour(
          (i) => 5 + (i % 2) / 10,
          MIN,
          (i) => (i < 30 ? i : i - 30),
        ),
      ),
    ).toBe(false); // a reset
    expect(quiet(hour((i) => (i === 10 ? Number.NaN : 5 + (i % 2) / 10)))).toBe(false);
  });
});
