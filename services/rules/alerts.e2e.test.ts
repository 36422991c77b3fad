import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/ports.js';
import {
  dispatchedShipment,
  type Harness,
  MIN,
  series,
  startHarness,
} from '../../test/support/rules-harness.js';

let h: Harness;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
});
afterEach(async () => {
  await h.close();
});

const subjects = () => h.smtp.mails.map((m) => m.parsed.subject ?? '');
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('live alerts on a shipment (7.7, 8.1.5)', () => {
  it('an excursion gives exactly one "started" and one "ended" mail with its figures', async () => {
    const dev = await dispatchedShipment(h, 'SHP-EXC', { alarmDelayMinutes: 2, dispatchedAtMs: t0 });
    const w = await h.startWorker();
    // back in range for the alarm-off margin (the 2-min delay, docs/rules.md R3) before it ends
    const temps = [5, 5, 9, 9.5, 10.4, 9, 5, 5, 5];
    for (const r of series(dev, t0, temps)) {
      h.clock.nowMs = r.tsMs + 1_000;
      await h.deliver([r]);
    }
    await w.flush();
    const mails = await h.smtp.waitForMails(2);
    await settle();
    expect(subjects()).toHaveLength(2);
    const [started, ended] = mails;
    expect(started?.parsed.subject).toMatch(
      /^\[coldtrace\]\[ALERT\]\[MAJOR\]\[SHP-EXC\] TEMP_OUT_OF_RANGE STARTED L-SHP-EXC/,
    );
    expect(ended?.parsed.subject).toMatch(
      /^\[coldtrace\]\[RESOLVED\]\[MAJOR\]\[SHP-EXC\] TEMP_OUT_OF_RANGE ENDED/,
    );
    const text = ended?.parsed.text ?? '';
    expect(text).toContain('4 min'); // 9 °C at minute 2 to back in range at minute 6
    expect(text).toContain('10.4 °C');
    expect(text).toContain('2 °C to 8 °C');
    expect(text).toContain('B-SHP-EXC');
    expect(text).toContain('(Asia/Shanghai, UTC+08:00)');
    expect(text).toContain('https://coldtrace.example/handover?id=SHP-EXC');
    expect(ended?.parsed.html).toContain('10.4 °C');
    const alerts = await h.records.alerts.list({ shipmentId: 'SHP-EXC' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'TEMP_EXCURSION', state: 'closed', late: false });
  });

  it('a silent logger gives a gap alert once the max gap has passed', async () => {
    const dev = await dispatchedShipment(h, 'SHP-GAP', { dispatchedAtMs: t0 });
    const w = await h.startWorker();
    h.clock.nowMs = t0 + 2 * MIN + 1_000;
    await h.deliver(series(dev, t0, [5, 5, 5]));
    h.clock.nowMs = t0 + 7 * MIN; // last reading at +2 min, max gap 5 min: exactly 5 is allowed
    await w.tick();
    await settle();
    expect(subjects()).toHaveLength(0);
    h.clock.nowMs = t0 + 7 * MIN + 1;
    await w.tick();
    await w.tick();
    const [gap] = await h.smtp.waitForMails(1);
    expect(gap?.parsed.subject).toContain('[SHP-GAP] RECORD_GAP STARTED');
    await settle();
    expect(subjects()).toHaveLength(1);
  });

  it('a late backlog holding an excursion gives one alert, marked late, with when it happened', async () => {
    const dev = await dispatchedShipment(h, 'SHP-LATE', { alarmDelayMinutes: 0, dispatchedAtMs: t0 });
    await h.startWorker();
    h.clock.nowMs = t0 + 2 * MIN + 1_000;
    await h.deliver(series(dev, t0, [5, 5, 5]));
    // offline from +3 to +12 min; the backlog arrives at once at +12.5 min
    h.clock.nowMs = t0 + 12 * MIN + 30_000;
    await h.deliver(series(dev, t0 + 3 * MIN, [5, 9, 11, 9, 5, 5, 5, 5, 5, 5], 3));
    const [mail] = await h.smtp.waitForMails(1);
    await settle();
    expect(subjects()).toHaveLength(1);
    expect(mail?.parsed.subject).toContain('[LATE][SHP-LATE] TEMP_OUT_OF_RANGE ENDED');
    expect(mail?.parsed.text).toContain('Late data');
    const alerts = await h.records.alerts.list({ shipmentId: 'SHP-LATE' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ late: true, happenedAtMs: t0 + 4 * MIN, endedAtMs: t0 + 7 * MIN });
  });

  it('a worker restarted in the middle of an excursion sends no duplicate and misses nothing', async () => {
    const dev = await dispatchedShipment(h, 'SHP-RST', { alarmDelayMinutes: 0, dispatchedAtMs: t0 });
    await h.startWorker();
    const all = series(dev, t0, [5, 5, 9, 10, 9.5, 5, 5]);
    for (const r of all.slice(0, 4)) {
      h.clock.nowMs = r.tsMs + 1_000;
      await h.deliver([r]);
    }
    await h.smtp.waitForMails(1);
    await h.worker?.close();
    // readings while the worker is down reach InfluxDB only
    await h.readings.writeReadings(all.slice(4, 5));
    h.clock.nowMs = all[4]!.tsMs + 1_000;
    await h.startWorker();
    await h.worker?.flush();
    await settle();
    expect(subjects()).toHaveLength(1);
    for (const r of all.slice(5)) {
      h.clock.nowMs = r.tsMs + 1_000;
      await h.deliver([r]);
    }
    await h.smtp.waitForMails(2);
    await settle();
    expect(subjects().map((s) => s.split(':')[0])).toEqual([
      '[coldtrace][ALERT][MAJOR][SHP-RST] TEMP_OUT_OF_RANGE STARTED L-SHP-RST',
      '[coldtrace][RESOLVED][MAJOR][SHP-RST] TEMP_OUT_OF_RANGE ENDED L-SHP-RST',
    ]);
    expect(h.smtp.mails[1]?.parsed.text).toContain('10 °C');
  });

  it('mails queued while the relay is down arrive after it returns, none lost, none twice', async () => {
    const dev = await dispatchedShipment(h, 'SHP-SMTP', { alarmDelayMinutes: 0, dispatchedAtMs: t0 });
    await h.startWorker();
    await h.smtp.stop();
    for (const r of series(dev, t0, [5, 9, 5, 9, 5])) {
      h.clock.nowMs = r.tsMs + 1_000;
      await h.deliver([r]);
    }
    await settle();
    expect(h.smtp.mails).toHaveLength(0);
    await h.smtp.start();
    await waitUntil(() => h.smtp.mails.length >= 4, 10_000, 'four mails');
    await settle();
    const s = subjects();
    expect(s).toHaveLength(4);
    expect(new Set(h.smtp.mails.map((m) => m.parsed.messageId)).size).toBe(4);
    expect(s.filter((x) => x.includes('STARTED'))).toHaveLength(2);
  });
});
