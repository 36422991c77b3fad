import { describe, expect, it } from 'vitest';
import type { Profile, Shipment } from '../domain/contract.js';
import type { ShipmentTarget } from './targets.js';
import { storageLimitState, transportWarningAt } from './timers.js';

const MIN = 60_000;
const t0 = Date.parse('2026-11-26T00:00:00Z');
const profile: Profile = {
  id: 'P',
  name: 'CAR-T',
  storageMode: 'ln2_vapor',
  maxTransportMinutes: 100,
  containerTypes: ['ln2_dry_shipper'],
  maxGapMinutes: 5,
};
const shipment = { id: 'S', deviceIds: ['L1', 'L2'] } as unknown as Shipment;
const target = (calibratedUntil: string): ShipmentTarget => ({
  kind: 'shipment',
  scopeKey: 'shp:S',
  shipment,
  profile,
  dispatchedAtMs: t0,
  devices: ['L1', 'L2'].map((id) => ({
    id,
    kind: 'shipper_logger' as const,
    loggingIntervalS: 60,
    calibrationValidUntil: id === 'L1' ? calibratedUntil : '2030-01-01T00:00:00Z',
  })),
});

describe('transport time (7.7)', () => {
  it('warns once 80 % of the maximum transport time has passed', () => {
    const t = target('2030-01-01T00:00:00Z');
    expect(transportWarningAt(t, t0 + 79 * MIN)).toBeUndefined();
    expect(transportWarningAt(t, t0 + 80 * MIN)).toBe(t0 + 80 * MIN);
    expect(transportWarningAt(t, t0 + 200 * MIN)).toBe(t0 + 80 * MIN);
  });
});

describe('storage time limit (7.7)', () => {
  const item = { id: 'I', product: 'x', storedAtMs: t0, limitAtMs: t0 + 10 * 86_400_000 };
  it('is ok, then due soon within a tenth of its time, then overdue just past the limit', () => {
    expect(storageLimitState(item, t0 + 8 * 86_400_000)).toBe('ok');
    expect(storageLimitState(item, t0 + 9 * 86_400_000)).toBe('due_soon');
    expect(storageLimitState(item, t0 + 10 * 86_400_000)).toBe('due_soon');
    expect(storageLimitState(item, t0 + 10 * 86_400_000 + 1)).toBe('overdue');
  });
});
