import { describe, expect, it } from 'vitest';
import type { Reading, StorageUnit } from '../domain/contract.js';
import { UNIT_RETAIN_MS, UnitWatch } from './watch.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

const unit: StorageUnit = {
  id: 'FRIDGE-1',
  name: 'Fridge 1',
  storageMode: 'refrigerated',
  alarmDelayMinutes: 10,
  deviceIds: ['S1'],
  site: 'Shanghai',
};

describe('a storage unit watched for days', () => {
  it('keeps about a day of readings in memory, and still alarms on a new excursion', () => {
    const watch = new UnitWatch(
      { kind: 'unit', scopeKey: 'unit:FRIDGE-1', unit, devices: [], items: [] },
      'en',
      'Asia/Shanghai',
      undefined,
      T0,
    );
    const monitor = watch.monitors.get('S1')!;
    let seq = 0;
    // three days at one reading a minute, fed as they come, with the clock ticking
    for (let t = T0; t < T0 + 72 * HOUR; t += 60_000) {
      watch.add([{ deviceId: 'S1', tsMs: t, seq: seq++, tempC: 5 } satisfies Reading], [], t);
      if (t % (10 * 60_000) === 0) watch.tick(t);
    }
    expect(monitor.count).toBeLessThanOrEqual((UNIT_RETAIN_MS + HOUR) / 60_000 + 1);
    expect(monitor.count).toBeGreaterThanOrEqual(UNIT_RETAIN_MS / 60_000);

    // 20 minutes warm, past the 10-minute door delay: the excursion still raises its alarm
    const start = T0 + 72 * HOUR;
    const out = [];
    for (let t = start; t <= start + 20 * 60_000; t += 60_000) {
      out.push(...watch.add([{ deviceId: 'S1', tsMs: t, seq: seq++, tempC: 12 }], [], t));
    }
    expect(out.filter((tr) => tr.type === 'excursion_started')).toHaveLength(1);
  });
});
