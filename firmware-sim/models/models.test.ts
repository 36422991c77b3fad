import { describe, expect, it } from 'vitest';
import { dryIceBox } from './dry-ice.js';
import { ln2Shipper } from './ln2-shipper.js';
import { ln2Tank } from './ln2-tank.js';
import { passiveBox } from './passive-box.js';
import { freezer80, fridge } from './refrigerated-unit.js';
import { dryThawer, waterBath } from './thaw-device.js';
import { type Conditions, DEFAULT_CONDITIONS, type ThermalModel } from './types.js';

/** Runs a model for `hours` with a 60 s step; returns the state after each hour. */
function run<S>(model: ThermalModel<S>, hours: number, c: Partial<Conditions> = {}, from?: S): S[] {
  const conditions = { ...DEFAULT_CONDITIONS, ...c };
  let s = from ?? model.initial();
  const hourly: S[] = [];
  for (let h = 0; h < hours; h++) {
    for (let m = 0; m < 60; m++) s = model.step(s, 60, conditions);
    hourly.push(s);
  }
  return hourly;
}

describe('LN2 dry shipper', () => {
  it('holds below -150 °C while charged and warms once the LN2 has evaporated', () => {
    const m = ln2Shipper({ ln2ChargePct: 100, holdTimeH: 48 });
    const hours = run(m, 72);
    expect(hours[23]!.tempC).toBeLessThan(-180);
    expect(hours[23]!.ln2LevelPct).toBeGreaterThan(40);
    const empty = hours.findIndex((s) => s.ln2LevelPct === 0);
    expect(empty).toBeGreaterThan(40);
    expect(empty).toBeLessThan(60);
    expect(hours[71]!.tempC).toBeGreaterThan(-150);
  });

  it('lying on its side shortens the hold time', () => {
    const upright = run(ln2Shipper({ holdTimeH: 48 }), 24).at(-1)!;
    const onSide = run(ln2Shipper({ holdTimeH: 48 }), 24, { onSide: true }).at(-1)!;
    expect(onSide.ln2LevelPct).toBeLessThan(upright.ln2LevelPct - 30);
  });

  it('gives nearly the same curve with a 60 s or a 10 min step (exact relaxation)', () => {
    const m = ln2Shipper({ ln2ChargePct: 5, holdTimeH: 48 });
    let a = m.initial();
    let b = m.initial();
    for (let i = 0; i < 600; i++) a = m.step(a, 60, DEFAULT_CONDITIONS);
    for (let i = 0; i < 60; i++) b = m.step(b, 600, DEFAULT_CONDITIONS);
    expect(a.tempC).toBeGreaterThan(-150);
    expect(Math.abs(a.tempC - b.tempC)).toBeLessThan(1);
  });
});

describe('dry-ice box', () => {
  it('stays near -75 °C while ice lasts, then warms toward ambient', () => {
    const hours = run(dryIceBox({ iceKg: 2, sublimationKgPerH: 0.1 }), 48);
    expect(hours[10]!.tempC).toBeCloseTo(-75, 0);
    expect(hours[25]!.iceKg).toBe(0);
    expect(hours[47]!.tempC).toBeGreaterThan(-40);
  });
});

describe('passive 2-8 °C box', () => {
  it('stays within 2-8 °C at room temperature while the packs last', () => {
    const hours = run(passiveBox(), 48, { ambientC: 22 });
    for (const s of hours) expect(s.tempC).toBeGreaterThanOrEqual(2);
    for (const s of hours) expect(s.tempC).toBeLessThanOrEqual(8);
  });

  it('leaves the range once the packs are spent in summer heat', () => {
    const hours = run(passiveBox({ pcmHours: 12 }), 36, { ambientC: 30 });
    expect(hours[35]!.pcmReservePct).toBe(0);
    expect(hours[35]!.tempC).toBeGreaterThan(8);
  });

  it('an open lid warms the load within minutes', () => {
    const m = passiveBox();
    let s = m.initial();
    for (let i = 0; i < 20; i++) s = m.step(s, 60, { ...DEFAULT_CONDITIONS, ambientC: 25, lidOpen: true });
    expect(s.tempC).toBeGreaterThan(8);
  });
});

describe('-80 °C freezer and fridge', () => {
  it('cycles around the setpoint with a working compressor', () => {
    const hours = run(freezer80(), 24);
    for (const s of hours.slice(2)) expect(Math.abs(s.tempC + 80)).toBeLessThan(4);
    const f = run(fridge(), 24);
    for (const s of f.slice(2)) expect(s.tempC).toBeGreaterThan(2);
    for (const s of f.slice(2)) expect(s.tempC).toBeLessThan(8);
  });

  it('a door left open for an hour takes the freezer above -60 °C', () => {
    const hours = run(freezer80(), 1, { doorOpen: true });
    expect(hours[0]!.tempC).toBeGreaterThan(-60);
  });

  it('a failed compressor lets it warm', () => {
    const hours = run(freezer80(), 12, { compressorFailed: true });
    expect(hours[11]!.tempC).toBeGreaterThan(-60);
  });
});

describe('LN2 storage tank', () => {
  it('auto-fill keeps the level between the marks', () => {
    const days = run(ln2Tank({ levelPct: 55, lossPctPerDay: 10 }), 24 * 5);
    for (const s of days) expect(s.ln2LevelPct).toBeGreaterThan(45);
    for (const s of days) expect(s.tempC).toBeLessThan(-150);
  });

  it('with auto-fill failed the level keeps falling', () => {
    const days = run(ln2Tank({ levelPct: 55, lossPctPerDay: 10 }), 24 * 3, { autoFillFailed: true });
    expect(days.at(-1)!.ln2LevelPct).toBeLessThan(30);
  });
});

describe('thaw device (water bath, dry thawer)', () => {
  const minutes = <S>(model: ThermalModel<S>, n: number, c: Partial<Conditions>, from?: S) => {
    let s = from ?? model.initial();
    const out: S[] = [];
    for (let i = 0; i < n; i++) {
      s = model.step(s, 60, { ...DEFAULT_CONDITIONS, ...c });
      out.push(s);
    }
    return out;
  };

  it('holds 36-38 °C with a frozen bag in it, and recovers to the setpoint once it is out', () => {
    for (const m of [waterBath(), dryThawer()]) {
      const loaded = minutes(m, 10, { productIn: true });
      for (const s of loaded) expect((s as { tempC: number }).tempC).toBeGreaterThanOrEqual(36);
      for (const s of loaded) expect((s as { tempC: number }).tempC).toBeLessThanOrEqual(38);
      const after = minutes(m, 10, { productIn: false }, loaded.at(-1));
      expect(Math.abs((after.at(-1) as { tempC: number }).tempC - 37)).toBeLessThan(0.05);
    }
  });

  it('a broken heater lets the bath cool below the thaw range within minutes', () => {
    const cooled = minutes(waterBath(), 10, { heaterFailed: true, productIn: true });
    expect(cooled.at(-1)!.tempC).toBeLessThan(36);
  });
});
