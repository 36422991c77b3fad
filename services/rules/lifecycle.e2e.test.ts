import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTOR,
  dispatchedShipment,
  type Harness,
  MIN,
  series,
  shipmentOf,
  startHarness,
} from '../../test/support/rules-harness.js';
import { acknowledgeAlert } from '../store/sql/alerts-repo.js';
import { sqlDbOf } from '../store/sql/records-store.js';

let h: Harness;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
const DAY = 86_400_000;
beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
});
afterEach(async () => {
  await h.close();
});

const settle = () => new Promise((r) => setTimeout(r, 400));
const subjectsTo = (addr: string) =>
  h.smtp.mails.filter((m) => m.envelopeTo.includes(addr)).map((m) => m.parsed.subject ?? '');

async function feed(dev: string, fromMs: number, temps: number[], seq0 = 0) {
  for (const r of series(dev, fromMs, temps, seq0)) {
    h.clock.nowMs = r.tsMs + 1_000;
    await h.deliver([r]);
  }
}

describe('alert lifecycle', () => {
  it('open -> acknowledged (who, why) -> closed, every step in the audit trail', async () => {
    const dev = await dispatchedShipment(h, 'SHP-ACK', { dispatchedAtMs: t0 });
    await h.startWorker();
    await feed(dev, t0, [5, 9, 9]);
    const [open] = await h.records.alerts.list({ shipmentId: 'SHP-ACK' });
    expect(open?.state).toBe('open');
    const acked = await h.records.transaction((tx) =>
      acknowledgeAlert(tx, {
        alertId: open!.id,
        by: { id: 'key-qa', name: 'Dr. Wang' },
        reason: 'box re-iced',
      }),
    );
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'Dr. Wang',
      ackReason: 'box re-iced',
    });
    await expect(
      h.records.transaction((tx) => acknowledgeAlert(tx, { alertId: open!.id, by: ACTOR, reason: 'again' })),
    ).rejects.toMatchObject({ code: 'CT_ALERT_ALREADY_ACKNOWLEDGED' });
    await feed(dev, t0 + 3 * MIN, [5, 5, 5, 5], 3); // resolved once clear for 3 intervals
    const [closed] = await h.records.alerts.list({ shipmentId: 'SHP-ACK' });
    expect(closed).toMatchObject({ state: 'closed', acknowledgedBy: 'Dr. Wang', endedAtMs: t0 + 3 * MIN });
    const trail = await h.records.auditOf('alert', String(open!.id));
    expect(trail.map((a) => a.action)).toEqual(['open', 'acknowledge', 'close']);
    expect(trail[1]).toMatchObject({ actorName: 'Dr. Wang', reason: 'box re-iced' });
  });

  it('escalates to the second contact once when nobody acknowledges in time, and not an acknowledged one', async () => {
    const a = await dispatchedShipment(h, 'SHP-ESC', { dispatchedAtMs: t0 });
    const b = await dispatchedShipment(h, 'SHP-ESC-ACK', { dispatchedAtMs: t0 });
    const w = await h.startWorker({ escalation: { afterMs: 10 * MIN, to: ['head-qa@maker.example'] } });
    await feed(a, t0, [9]);
    await feed(b, t0, [9]);
    const [toAck] = await h.records.alerts.list({ shipmentId: 'SHP-ESC-ACK' });
    await h.records.transaction((tx) =>
      acknowledgeAlert(tx, { alertId: toAck!.id, by: ACTOR, reason: 'known' }),
    );
    h.clock.nowMs = t0 + 9 * MIN;
    await w.tick();
    await settle();
    expect(subjectsTo('head-qa@maker.example')).toHaveLength(0);
    h.clock.nowMs = t0 + 11 * MIN;
    await w.tick();
    await w.tick();
    await h.smtp.waitForMails(1, (m) => m.envelopeTo.includes('head-qa@maker.example'));
    await settle();
    const escalated = subjectsTo('head-qa@maker.example');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatch(/^\[coldtrace\]\[ESCALATED\]\[CRITICAL\]\[SHP-ESC\] TEMP_OUT_OF_RANGE/);
  });

  it('warns at 80 % of the maximum transport time and alerts when it is exceeded', async () => {
    await dispatchedShipment(h, 'SHP-TT', { dispatchedAtMs: t0 });
    await sqlDbOf(h.records).query(
      `UPDATE profiles SET body = jsonb_set(body, '{maxTransportMinutes}', '10') WHERE id = 'P-SHP-TT'`,
    );
    const w = await h.startWorker({ siteAlertTo: [] });
    h.clock.nowMs = t0 + 7 * MIN;
    await w.tick();
    h.clock.nowMs = t0 + 8 * MIN;
    await w.tick();
    await w.tick();
    h.clock.nowMs = t0 + 10 * MIN + 1_000;
    await w.tick();
    await h.smtp.waitForMails(2, (m) => m.parsed.subject?.includes('TRANSPORT_TIME') ?? false);
    await settle();
    const transport = subjectsTo('qa@maker.example').filter((s) => s.includes('TRANSPORT_TIME'));
    expect(transport.map((s) => s.split(':')[0])).toEqual([
      // the pre-alarm names itself (it is no finding of the verdict); a fifth of the time is left: major
      '[coldtrace][ALERT][MAJOR][SHP-TT] TRANSPORT_TIME_WARNING STARTED',
      '[coldtrace][ALERT][MAJOR][SHP-TT] TRANSPORT_TIME_EXCEEDED STARTED',
    ]);
    expect(h.smtp.mails.find((m) => m.parsed.subject?.includes('_WARNING'))?.parsed.text).toContain('80 %');
  });

  it('a logger going offline in transit raises nothing by itself; its silence past the max gap does', async () => {
    const dev = await dispatchedShipment(h, 'SHP-OFF', { dispatchedAtMs: t0 });
    const w = await h.startWorker();
    await feed(dev, t0, [5]);
    w.deviceOffline(dev, t0 + 30_000);
    w.deviceOffline(dev, t0 + 31_000);
    await w.flush();
    await feed(dev, t0 + MIN, [5], 1);
    await w.tick();
    await settle();
    expect(h.smtp.mails).toHaveLength(0);
    expect(await h.records.alerts.list({ shipmentId: 'SHP-OFF' })).toEqual([]);
  });
});

describe('logger condition', () => {
  it('a logger out of calibration at dispatch (10.12) and coolant running low (8.1.4)', async () => {
    await h.records.profiles.save(
      {
        id: 'P-LN2',
        name: 'LN2 shipper',
        storageMode: 'ln2_vapor',
        maxTransportMinutes: 600,
        containerTypes: ['ln2_dry_shipper'],
        maxGapMinutes: 5,
        coolantMinPct: 30,
      },
      ACTOR,
    );
    await h.records.devices.create(
      {
        id: 'L-LN2',
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2026-01-01T00:00:00Z',
      },
      'x',
      ACTOR,
    );
    await h.records.shipments.create(
      { ...shipmentOf('SHP-LN2', 'P-LN2', ['L-LN2']), containerType: 'ln2_dry_shipper' },
      ACTOR,
    );
    await h.records.shipments.dispatch('SHP-LN2', t0, ACTOR);
    const w = await h.startWorker();
    for (const [i, pct] of [60, 40, 25, 20].entries()) {
      h.clock.nowMs = t0 + i * MIN + 1_000;
      const r = { deviceId: 'L-LN2', tsMs: t0 + i * MIN, seq: i, tempC: -190, ln2LevelPct: pct };
      await h.deliver([r]);
    }
    await w.tick();
    await h.smtp.waitForMails(2);
    await settle();
    const s = subjectsTo('qa@maker.example').map((x) => x.split(':')[0] ?? x);
    expect(s).toContain('[coldtrace][ALERT][MAJOR][SHP-LN2] CALIBRATION_EXPIRED STARTED L-LN2');
    expect(s.filter((x) => x.includes('COOLANT_LOW STARTED'))).toHaveLength(1);
    expect(s).toHaveLength(2);
  });
});

describe('storage units (7.7)', () => {
  async function unit(alarmDelayMinutes: number) {
    await h.records.devices.create(
      {
        id: 'FRIDGE-1-S',
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      },
      'x',
      ACTOR,
    );
    await h.records.storage.createUnit(
      {
        id: 'FRIDGE-1',
        name: 'Fridge 1',
        storageMode: 'refrigerated',
        tempMinC: 2,
        tempMaxC: 8,
        alarmDelayMinutes,
        deviceIds: ['FRIDGE-1-S'],
        site: 'Cell lab',
      },
      ACTOR,
    );
  }

  it('a door opened shorter than the door delay is no alarm; a longer excursion is, once', async () => {
    await unit(3);
    await feed('FRIDGE-1-S', t0, [5]); // the sensor reported before the worker started
    await h.startWorker();
    // the short opening is back in range for the 3-min alarm-off margin before the long one (R3)
    await feed('FRIDGE-1-S', t0 + MIN, [9, 9, 5, 5, 5, 9, 9, 9, 9.8, 5, 5, 5, 5, 5], 1);
    await h.smtp.waitForMails(2);
    await settle();
    const s = subjectsTo('site-qa@clinic.example').map((x) => x.split(':')[0]);
    expect(s).toEqual([
      '[coldtrace][ALERT][CRITICAL][FRIDGE-1] TEMP_OUT_OF_RANGE STARTED FRIDGE-1-S',
      '[coldtrace][RESOLVED][CRITICAL][FRIDGE-1] TEMP_OUT_OF_RANGE ENDED FRIDGE-1-S',
    ]);
    expect(h.smtp.mails[1]?.parsed.text).toContain('Fridge 1');
    expect(h.smtp.mails[1]?.parsed.text).toContain('9.8 °C');
    const alerts = await h.records.alerts.list({ storageUnitId: 'FRIDGE-1' });
    expect(alerts.map((a) => a.kind)).toEqual(['STORAGE_OUT_OF_RANGE']);
  });

  it('a stored item nearing and then passing its storage limit', async () => {
    await unit(0);
    await h.records.storage.addItem(
      'FRIDGE-1',
      {
        id: 'BAG-7',
        product: 'MSC bag',
        storedAt: new Date(t0 - 9.5 * DAY).toISOString(),
        storageLimitDays: 10,
      },
      t0,
      ACTOR,
    );
    await feed('FRIDGE-1-S', t0, [5]);
    const w = await h.startWorker();
    await w.tick();
    await h.smtp.waitForMails(1);
    h.clock.nowMs = t0 + 0.6 * DAY;
    await w.tick();
    await w.tick();
    await h.smtp.waitForMails(2, (m) => m.parsed.subject?.includes('PRODUCT_EXPIRED') ?? false);
    await settle();
    const s = subjectsTo('site-qa@clinic.example').filter((x) => x.includes('PRODUCT_EXPIRED'));
    expect(s.map((x) => x.split(':')[0])).toEqual([
      '[coldtrace][ALERT][MINOR][FRIDGE-1] PRODUCT_EXPIRED STARTED',
      '[coldtrace][ALERT][CRITICAL][FRIDGE-1] PRODUCT_EXPIRED STARTED',
    ]);
    const passed = h.smtp.mails.find(
      (m) => m.parsed.subject?.includes('CRITICAL') && m.parsed.subject.includes('PRODUCT_EXPIRED'),
    );
    expect(passed?.parsed.text).toContain('储存物品 BAG-7（MSC bag）已超过储存时限'); // the site's language
    await h.records.storage.removeItem('FRIDGE-1', 'BAG-7', h.clock.nowMs, ACTOR, 'used');
    await w.tick();
    const items = await h.records.alerts.list({ storageUnitId: 'FRIDGE-1', kind: 'STORAGE_LIMIT_PASSED' });
    expect(items.map((a) => a.state)).toEqual(['closed']);
  });
});
