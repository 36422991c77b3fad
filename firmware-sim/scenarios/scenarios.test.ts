import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../services/domain/contract.js';
import type { EventOut, ReadingOut } from '../device.js';
import { findScenario, type Scenario, scenarios } from './index.js';
import { scenarioTraces } from './trace.js';

const t0 = Date.parse('2026-11-20T00:00:00Z');
const at = (min: number) => t0 + min * 60_000;

/**
 * A deliberately simple reading of the devices' own record, independent of the domain engine: it
 * checks that each scenario's physics produce what the scenario promises.
 */
function physicsFindings(s: Scenario): Set<FindingCode> {
  const codes = new Set<FindingCode>();
  const range =
    s.kind === 'shipment'
      ? { min: s.profile.tempMinC, max: s.profile.tempMaxC }
      : { min: s.unit.tempMinC, max: s.unit.tempMaxC };
  const coolantMinPct = s.kind === 'shipment' ? s.profile.coolantMinPct : s.unit.coolantMinPct;
  const [from, to] =
    s.kind === 'shipment' ? [at(s.dispatchAtMin), at(s.receiptAtMin)] : [at(0), at(s.recordToMin)];
  for (const trace of scenarioTraces(s, t0)) {
    const readings: ReadingOut[] = [];
    const events: EventOut[] = [];
    for (const i of trace.items) {
      if (i.payload.ts < from || i.payload.ts > to) continue;
      if (i.kind === 'reading') readings.push(i.payload);
      else events.push(i.payload);
    }
    if (
      readings.some(
        (r) =>
          (range.min !== undefined && r.temp_c < range.min) ||
          (range.max !== undefined && r.temp_c > range.max),
      )
    )
      codes.add('TEMP_OUT_OF_RANGE');
    if (coolantMinPct !== undefined && readings.some((r) => (r.ln2_level_pct ?? 100) < coolantMinPct))
      codes.add('COOLANT_LOW');
    if (events.some((e) => ['lid_open', 'door_open', 'tilt', 'shock', 'light'].includes(e.type)))
      codes.add('EXPOSURE');
    if (s.kind === 'shipment') {
      const maxGapMs = s.profile.maxGapMinutes * 60_000;
      if (readings.slice(1).some((r, i) => r.ts - readings[i]!.ts > maxGapMs)) codes.add('RECORD_GAP');
    }
  }
  if (s.kind === 'shipment') {
    const graceMin = s.profile.arrivalGraceMinutes ?? 0;
    if (
      s.shipment.expectedArrivalMin !== undefined &&
      s.receiptAtMin > s.shipment.expectedArrivalMin + graceMin
    )
      codes.add('DELAYED');
    if (!s.profile.containerTypes.includes(s.shipment.containerType)) codes.add('CONTAINER_MISMATCH');
  }
  return codes;
}

describe('scenario library', () => {
  it('has the nine scenarios with unique ids', () => {
    expect(scenarios.map((s) => s.id)).toEqual([
      'ln2-nominal',
      'excursion',
      'logger-gap',
      'delayed-arrival',
      'lid-opened',
      'ln2-exhausted',
      'wrong-container',
      'freezer-door-open',
      'ln2-tank-autofill-failure',
    ]);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))(
    '%s: the physics produce the promised findings',
    (_, s) => {
      const found = physicsFindings(s);
      for (const code of s.expect.findingCodes) expect(found).toContain(code);
      const allowed = new Set([...s.expect.findingCodes, ...(s.expect.alsoAllowed ?? [])]);
      for (const code of found) expect(allowed).toContain(code);
    },
  );

  it('the nominal shipment record covers dispatch to receipt, the backlog included', () => {
    const s = findScenario('ln2-nominal');
    if (s.kind !== 'shipment') throw new Error('shipment scenario expected');
    const [trace] = scenarioTraces(s, t0);
    const readings = trace!.items.filter((i) => i.kind === 'reading');
    expect(readings[0]!.payload.ts).toBeLessThanOrEqual(at(s.dispatchAtMin));
    expect(readings.at(-1)!.payload.ts).toBeGreaterThanOrEqual(at(s.receiptAtMin));
    expect(readings.filter((r) => !r.online)).toHaveLength(6 * 12);
  });

  it('storage alarms are still active at the end of the watch (the status is current)', () => {
    for (const id of ['freezer-door-open', 'ln2-tank-autofill-failure']) {
      const s = findScenario(id);
      if (s.kind !== 'storage') throw new Error('storage scenario expected');
      const last = scenarioTraces(s, t0)[0]!
        .items.filter((i) => i.kind === 'reading')
        .at(-1)!;
      if (last.kind !== 'reading') throw new Error('reading expected');
      const outOfRange = s.unit.tempMaxC !== undefined && last.payload.temp_c > s.unit.tempMaxC;
      const low =
        s.unit.coolantMinPct !== undefined && (last.payload.ln2_level_pct ?? 100) < s.unit.coolantMinPct;
      expect(outOfRange || low).toBe(true);
    }
  });
});
