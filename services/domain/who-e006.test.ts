import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, profile, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

/**
 * Golden vectors: the WHO PQS E006 shipping-indicator alarm rules expressed as tolerance rules.
 * Single event: >= 45 °C for 1 h, <= -0.5 °C for 1 h; cumulative: >= 30 °C for 10 h, >= 10 °C for
 * 20 h; thresholds and durations inclusive. The range budgets are set wide so only the rules judge.
 */
const E006 = profile({
  maxTransportMinutes: 7 * 24 * 60,
  tolerance: {
    alarmDelayMinutes: 0,
    maxSingleExcursionMinutes: 1e6,
    maxCumulativeExcursionMinutes: 1e6,
    rules: [
      { id: 'E006-heat-single', kind: 'single', direction: 'above', thresholdC: 45, minutes: 60 },
      { id: 'E006-freeze-single', kind: 'single', direction: 'below', thresholdC: -0.5, minutes: 60 },
      { id: 'E006-heat-30', kind: 'cumulative', direction: 'above', thresholdC: 30, minutes: 600 },
      { id: 'E006-heat-10', kind: 'cumulative', direction: 'above', thresholdC: 10, minutes: 1200 },
    ],
  },
});
const DAYS = 3;
const END = T0 + DAYS * 24 * HOUR;

/** One reading a minute for three days at 5 °C, except inside the given [start, end) spans. */
function trace(spans: { fromMin: number; minutes: number; tempC: number }[]): Reading[] {
  const out: Reading[] = [];
  for (let m = 0, ts = T0; ts <= END; m++, ts += MIN) {
    const span = spans.find((s) => m >= s.fromMin && m < s.fromMin + s.minutes);
    out.push({ deviceId: 'L1', tsMs: ts, seq: m, tempC: span ? span.tempC : 5 });
  }
  return out;
}

function alarms(spans: { fromMin: number; minutes: number; tempC: number }[]) {
  const v = evaluateShipment(input({ profile: E006, receivedAtMs: END, readings: trace(spans) }), END + HOUR);
  return v.findings.filter((f) => typeof f.details?.ruleId === 'string');
}

describe('WHO PQS E006 indicator rules as tolerance rules', () => {
  it('45 °C for exactly 60 min triggers the heat single-event alarm; 59 min does not', () => {
    const [f, ...rest] = alarms([{ fromMin: 600, minutes: 60, tempC: 45 }]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      code: 'TEMP_OUT_OF_RANGE',
      details: { ruleId: 'E006-heat-single', kind: 'rule_single', durationMinutes: 60, peakC: 45 },
      from: new Date(T0 + 600 * MIN).toISOString(),
    });
    expect(alarms([{ fromMin: 600, minutes: 59, tempC: 45 }])).toEqual([]);
    expect(alarms([{ fromMin: 600, minutes: 60, tempC: 44.9 }])).toEqual([]);
  });

  it('-0.5 °C for 60 min triggers the freeze alarm (inclusive); -0.4 °C does not', () => {
    const found = alarms([{ fromMin: 100, minutes: 60, tempC: -0.5 }]);
    expect(found.map((f) => f.details?.ruleId)).toEqual(['E006-freeze-single']);
    expect(alarms([{ fromMin: 100, minutes: 60, tempC: -0.4 }])).toEqual([]);
    expect(alarms([{ fromMin: 100, minutes: 59, tempC: -3 }])).toEqual([]);
  });

  it('30 °C for 10 h in total over five 2-hour events triggers the cumulative alarm when the 10th hour completes', () => {
    const spans = [0, 1, 2, 3, 4].map((i) => ({ fromMin: 60 + i * 600, minutes: 120, tempC: 30 }));
    const found = alarms(spans);
    expect(found.map((f) => f.details?.ruleId)).toEqual(['E006-heat-30']);
    // the alarm fires at the end of the fifth event: 60 + 4*600 + 120 minutes after the start
    expect(found[0]!.from).toBe(new Date(T0 + (60 + 4 * 600 + 120) * MIN).toISOString());
    expect(found[0]!.details).toMatchObject({ totalMinutes: 600, ruleMinutes: 600 });
    const short = spans.map((s, i) => (i === 4 ? { ...s, minutes: 119 } : s));
    expect(alarms(short)).toEqual([]);
  });

  it('10 °C for 20 h in total triggers the >= 10 °C cumulative alarm; 19 h 59 min does not', () => {
    const found = alarms([
      { fromMin: 0, minutes: 600, tempC: 10 },
      { fromMin: 1440, minutes: 600, tempC: 12 },
    ]);
    expect(found.map((f) => f.details?.ruleId)).toEqual(['E006-heat-10']);
    expect(
      alarms([
        { fromMin: 0, minutes: 600, tempC: 10 },
        { fromMin: 1440, minutes: 599, tempC: 12 },
      ]),
    ).toEqual([]);
  });

  it('a 45 °C hour counts towards both cumulative heat rules and fires its own single-event alarm', () => {
    const found = alarms([
      { fromMin: 0, minutes: 540, tempC: 31 },
      { fromMin: 1000, minutes: 60, tempC: 46 },
      { fromMin: 2000, minutes: 600, tempC: 11 },
    ]);
    expect(found.map((f) => f.details?.ruleId).sort()).toEqual([
      'E006-heat-10',
      'E006-heat-30',
      'E006-heat-single',
    ]);
  });
});
