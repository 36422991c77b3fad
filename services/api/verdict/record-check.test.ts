import { describe, expect, it } from 'vitest';
import type { DeviceEvent, Reading } from '../../domain/contract.js';
import { compareWithReceipt } from './record-check.js';
import { digestEvents, digestReadings } from './shipment-record.js';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const readings: Reading[] = [0, 1, 2].map((i) => ({
  deviceId: 'L1',
  tsMs: T0 + i * 60_000,
  seq: i,
  tempC: 5,
}));
const events: DeviceEvent[] = [
  { deviceId: 'L1', tsMs: T0 + 60_000, type: 'lid_open' },
  { deviceId: 'L1', tsMs: T0 + 60_000, type: 'light', value: 120 },
];
const signedFor = {
  readingsDigest: digestReadings(readings),
  readingsCount: 3,
  eventsDigest: digestEvents(events),
  eventsCount: 2,
};

describe('the record compared with what the receipt signed for', () => {
  it('events of one instant digest alike in any order; a changed value or type does not', () => {
    expect(digestEvents([...events].reverse())).toBe(digestEvents(events));
    expect(digestEvents([events[0]!, { ...events[1]!, value: 121 }])).not.toBe(digestEvents(events));
    expect(digestEvents([events[0]!, { ...events[1]!, value: '120' }])).not.toBe(digestEvents(events));
    expect(digestEvents([events[0]!])).not.toBe(digestEvents(events));
  });

  it('an event removed after the receipt is a change, named as the events', () => {
    const check = compareWithReceipt(signedFor, { readings, events: [events[0]!] }, T0, 'en');
    expect(check).toMatchObject({
      status: 'changed',
      code: 'RECORD_CHANGED_AFTER_RECEIPT',
      eventsChecked: true,
    });
    expect(check.current).toMatchObject({ readingsDigest: signedFor.readingsDigest, eventsCount: 1 });
    expect(check.message).toMatch(/^The loggers' events .* 2 when they were signed for .* 1 now/);
    expect(check.message).toContain('have QA review the record');
  });

  it('readings and events both changed: both are named', () => {
    const check = compareWithReceipt(signedFor, { readings: readings.slice(1), events: [] }, T0, 'zh-CN');
    expect(check.status).toBe('changed');
    expect(check.message).toContain('接收后温度记录已被更改');
    expect(check.message).toContain('接收后设备事件');
  });

  it('a receipt from before the events were signed for checks the readings and says the events were not', () => {
    const old = { readingsDigest: signedFor.readingsDigest, readingsCount: 3 };
    const check = compareWithReceipt(old, { readings, events: [] }, T0, 'en');
    expect(check).toMatchObject({ status: 'unchanged', eventsChecked: false });
    expect(check.signed).toEqual(old);
    expect(check.message).toContain('the device events were not compared');
    expect(compareWithReceipt(old, { readings: readings.slice(1), events }, T0, 'en').status).toBe('changed');
  });

  it('a record that cannot be read is not checked, never unchanged', () => {
    expect(compareWithReceipt(signedFor, undefined, T0, 'en')).toMatchObject({
      status: 'not_checked',
      code: 'RECORD_NOT_CHECKED',
    });
  });
});
