import { describe, expect, it } from 'vitest';
import { eventPayloadSchema, readingPayloadSchema } from '../services/domain/contract.js';
import { type DeviceSpec, simulateDevice } from './device.js';

const startMs = Date.parse('2026-11-20T00:00:00Z');
const shipper: DeviceSpec = {
  id: 'LOG-1',
  kind: 'shipper_logger',
  model: { kind: 'ln2_dry_shipper' },
  loggingIntervalS: 300,
  reportLn2: true,
};

describe('simulateDevice', () => {
  it('logs at exact intervals with a continuous seq, every payload valid by the contract', () => {
    const trace = simulateDevice(shipper, { startMs, fromMin: 0, toMin: 24 * 60 });
    const readings = trace.flatMap((i) => (i.kind === 'reading' ? [i.payload] : []));
    expect(readings).toHaveLength(24 * 12 + 1);
    readings.forEach((r, i) => {
      expect(r.seq).toBe(i);
      expect(r.ts).toBe(startMs + i * 300_000);
      expect(readingPayloadSchema.safeParse(r).success).toBe(true);
      expect(r.temp_c).toBeLessThan(-150);
      expect(r.ln2_level_pct).toBeGreaterThan(80);
    });
    for (const item of trace)
      if (item.kind === 'event') expect(eventPayloadSchema.safeParse(item.payload).success).toBe(true);
  });

  it('is reproducible: the same seed gives the same readings, another seed other noise', () => {
    const a = simulateDevice(shipper, { startMs, fromMin: 0, toMin: 120 });
    const b = simulateDevice(shipper, { startMs, fromMin: 0, toMin: 120 });
    const c = simulateDevice({ ...shipper, seed: 7 }, { startMs, fromMin: 0, toMin: 120 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('reports lid and tilt events at the moment they happen, and marks offline stretches', () => {
    const trace = simulateDevice(
      {
        ...shipper,
        timeline: [
          { atMin: 62, lidOpen: true },
          { atMin: 65, lidOpen: false },
          { atMin: 90, onSide: true, online: false },
          { atMin: 150, online: true },
        ],
      },
      { startMs, fromMin: 0, toMin: 180 },
    );
    const events = trace.filter((i) => i.kind === 'event').map((i) => [i.payload.type, i.payload.ts]);
    expect(events).toEqual([
      ['start', startMs],
      ['lid_open', startMs + 62 * 60_000],
      ['lid_closed', startMs + 65 * 60_000],
      ['tilt', startMs + 90 * 60_000],
      ['stop', startMs + 180 * 60_000],
    ]);
    const offline = trace.filter((i) => i.kind === 'reading' && !i.online);
    expect(offline).toHaveLength(12);
  });

  it('a logger that stops recording leaves a gap in time, not in seq', () => {
    const trace = simulateDevice(
      {
        ...shipper,
        timeline: [
          { atMin: 60, recording: false },
          { atMin: 240, recording: true },
        ],
      },
      { startMs, fromMin: 0, toMin: 300 },
    );
    const readings = trace.flatMap((i) => (i.kind === 'reading' ? [i.payload] : []));
    const gaps = readings.slice(1).map((r, i) => r.ts - readings[i]!.ts);
    expect(Math.max(...gaps)).toBe(185 * 60_000);
    expect(readings.map((r) => r.seq)).toEqual(readings.map((_, i) => i));
  });

  it('applies the clock skew to every timestamp', () => {
    const trace = simulateDevice({ ...shipper, clockSkewMs: 90_000 }, { startMs, fromMin: 0, toMin: 10 });
    expect(trace.map((i) => i.payload.ts - i.atMs)).toEqual(trace.map(() => 90_000));
  });
});
