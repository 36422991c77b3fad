import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';

const run = promisify(execFile);
const HOUR_MS = 3_600_000;
const profile = {
  id: 'msc-2-8',
  name: 'MSC fresh, 2-8 °C',
  storageMode: 'refrigerated',
  maxTransportMinutes: 24 * 60,
  containerTypes: ['passive_2_8_box'],
  maxGapMinutes: 10,
};
const shipment = (id: string, deviceId: string) => ({
  id,
  profileId: profile.id,
  product: { name: 'MSC', cellType: 'mesenchymal stromal cells', batch: `B-${id}`, quantity: 1 },
  containerType: 'passive_2_8_box',
  deviceIds: [deviceId],
  manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example', locale: 'en' },
  origin: 'Suzhou plant',
  destination: 'Shanghai clinic',
});
const checks = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };

/**
 * Annex 11 §8.2: once a receipt has signed for the record, every later view (verdict, receipt,
 * report HTML and PDF, CSV and JSON export) compares the record as it is now with the receipt's
 * digest and says RECORD_CHANGED_AFTER_RECEIPT when they differ; the stored final verdict stays.
 * The record is changed behind the application, with line protocol sent straight to InfluxDB.
 */
describe('the record after the receipt, on real InfluxDB and PostgreSQL', () => {
  let h: Harness;
  let influx: { base: string; db: string };
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${h.keys.admin}` },
    });
  const influxWrite = async (lines: string) => {
    const res = await fetch(`${influx.base}/write?db=${influx.db}&precision=ns`, {
      method: 'POST',
      body: lines,
    });
    expect(res.status).toBe(204);
  };
  const influxPoints = async (deviceId: string) => {
    const q = `SELECT temp_c, seq, received_at_ms FROM readings WHERE device = '${deviceId}' ORDER BY time`;
    const res = await fetch(`${influx.base}/query?db=${influx.db}&epoch=ns&q=${encodeURIComponent(q)}`);
    // nanosecond times do not fit a JavaScript number: read them as text
    return [...(await res.text()).matchAll(/\[(\d+),([-\d.e]+),(\d+),(\d+)\]/g)].map(
      (m) => [m[1]!, Number(m[2]), Number(m[3]), Number(m[4])] as const,
    );
  };
  const dispatchMs = Date.now() - 2 * HOUR_MS;

  beforeAll(async () => {
    h = await startHarness('postgres');
    const u = new URL(h.app.deps.config.influxUrl!);
    influx = { base: u.origin, db: u.pathname.slice(1) };
    expect((await call('POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const [sid, did] of [
      ['S-SAME', 'L-SAME'],
      ['S-ADD', 'L-ADD'],
      ['S-RW', 'L-RW'],
      ['S-EV', 'L-EV'],
    ] as const) {
      const device = {
        id: did,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      expect((await call('POST', '/api/v1/devices', device)).statusCode).toBe(201);
      expect((await call('POST', '/api/v1/shipments', shipment(sid, did))).statusCode).toBe(201);
      const at = new Date(dispatchMs).toISOString();
      expect((await call('POST', `/api/v1/shipments/${sid}/dispatch`, { at })).statusCode).toBe(200);
      await h.readings.writeReadings(
        minuteReadings(did, dispatchMs - 60_000, Date.now() - 2 * 60_000, () => 5),
      );
      // a short lid opening in transit: events the receipt signs for beside the readings
      if (sid === 'S-EV')
        await h.readings.writeEvents([
          { deviceId: did, tsMs: dispatchMs + 30 * 60_000, type: 'lid_open' },
          { deviceId: did, tsMs: dispatchMs + 30 * 60_000 + 20_000, type: 'lid_closed' },
        ]);
      const receipt = await call('POST', `/api/v1/shipments/${sid}/receipt`, {
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        receiverName: 'Li Wei',
        checks,
      });
      expect(receipt.statusCode).toBe(201);
      // a lid opened in transit is a finding of its own (8.1.5): S-EV's verdict may deviate
      expect(receipt.json().verdict).toMatchObject({
        final: true,
        ...(sid !== 'S-EV' && { status: 'pass' }),
      });
    }
  }, 120_000);
  afterAll(() => h?.close());

  it('an unchanged record: no flag on the verdict, the receipt, the report or the CSV', async () => {
    const verdict = (await call('GET', '/api/v1/shipments/S-SAME/verdict')).json();
    expect(verdict.recordCheck).toMatchObject({ status: 'unchanged', code: 'RECORD_UNCHANGED' });
    expect(verdict.recordCheck.current).toEqual(verdict.recordCheck.signed);
    const receipt = (await call('GET', '/api/v1/shipments/S-SAME/receipt')).json();
    expect(receipt.recordCheck.status).toBe('unchanged');
    const report = (await call('GET', '/api/v1/shipments/S-SAME/report?lang=en')).body;
    expect(report).not.toContain('RECORD_CHANGED_AFTER_RECEIPT');
    expect(report).toContain('The temperature record is the one signed for at receipt');
    const csv = (await call('GET', '/api/v1/shipments/S-SAME/readings?format=csv')).body;
    expect(csv).not.toContain('RECORD_CHANGED_AFTER_RECEIPT');
    expect(csv.split('\r\n')[0]).toMatch(/^device_id,/);
  });

  it('an extra, conflicting reading written into InfluxDB for the window is flagged everywhere', async () => {
    const signed = (await call('GET', '/api/v1/shipments/S-ADD/receipt')).json();
    // a second value, 15 °C, for a reading already signed for: another nanosecond of its millisecond
    const [firstNs] = (await influxPoints('L-ADD'))[30]!;
    const tsMs = Number(firstNs.slice(0, -6));
    await influxWrite(
      `readings,device=L-ADD temp_c=15.0,seq=30i,received_at_ms=${tsMs + 400}i ${tsMs}999999`,
    );

    const verdict = (await call('GET', '/api/v1/shipments/S-ADD/verdict?lang=en')).json();
    // the stored final verdict is not rewritten
    expect(verdict).toMatchObject({ status: 'pass', final: true });
    expect(verdict.findings).toEqual(signed.verdict.findings);
    expect(verdict.recordCheck).toMatchObject({
      status: 'changed',
      code: 'RECORD_CHANGED_AFTER_RECEIPT',
      signed: { readingsDigest: signed.readingsDigest, readingsCount: signed.readingsCount },
      current: { readingsCount: signed.readingsCount + 1 },
    });
    expect(verdict.recordCheck.message).toContain('changed after the receipt');
    const zh = (await call('GET', '/api/v1/shipments/S-ADD/verdict?lang=zh-CN')).json();
    expect(zh.recordCheck.message).toContain('接收后温度记录已被更改');
    expect((await call('GET', '/api/v1/shipments/S-ADD/receipt')).json().recordCheck.code).toBe(
      'RECORD_CHANGED_AFTER_RECEIPT',
    );
    expect((await h.records.shipments.receiptOf('S-ADD'))!.verdict).toEqual(signed.verdict);

    const report = (await call('GET', '/api/v1/shipments/S-ADD/report?lang=zh-CN')).body;
    expect(report).toMatch(/class="record-changed" role="alert" data-code="RECORD_CHANGED_AFTER_RECEIPT"/);
    expect(report).toContain('接收后温度记录已被更改');

    const pdf = await call('GET', '/api/v1/shipments/S-ADD/report?lang=en&format=pdf');
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'record-check-'));
    try {
      await writeFile(path.join(dir, 'r.pdf'), pdf.rawPayload);
      await run('pdftotext', [path.join(dir, 'r.pdf'), path.join(dir, 'r.txt')]);
      const text = (await readFile(path.join(dir, 'r.txt'), 'utf8')).replace(/\s+/g, ' ');
      expect(text).toContain('RECORD_CHANGED_AFTER_RECEIPT');
      expect(text).toContain('changed after the receipt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const csv = (await call('GET', '/api/v1/shipments/S-ADD/readings?format=csv&lang=en')).body;
    expect(csv).toMatch(/^# RECORD_CHANGED_AFTER_RECEIPT: The temperature record changed after the receipt/m);
    expect(csv).toMatch(/,15,/);
    const json = (await call('GET', '/api/v1/shipments/S-ADD/readings')).json();
    expect(json.recordCheck.status).toBe('changed');
    expect(json.readingsDigest).toBe(verdict.recordCheck.current.readingsDigest);
  });

  it('a reading rewritten in place (same point, same count) is flagged too', async () => {
    const signed = (await call('GET', '/api/v1/shipments/S-RW/receipt')).json();
    const [ns, , seq, receivedAtMs] = (await influxPoints('L-RW'))[40]!;
    await influxWrite(`readings,device=L-RW temp_c=5.5,seq=${seq}i,received_at_ms=${receivedAtMs}i ${ns}`);
    const verdict = (await call('GET', '/api/v1/shipments/S-RW/verdict')).json();
    expect(verdict.recordCheck).toMatchObject({
      status: 'changed',
      code: 'RECORD_CHANGED_AFTER_RECEIPT',
      current: { readingsCount: signed.readingsCount },
    });
    expect(verdict.recordCheck.current.readingsDigest).not.toBe(signed.readingsDigest);
  });

  it("an event added to the loggers' record after the receipt is flagged, the readings unchanged (GAP 3)", async () => {
    const signed = (await call('GET', '/api/v1/shipments/S-EV/receipt')).json();
    expect(signed).toMatchObject({ eventsCount: 2, eventsDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const before = (await call('GET', '/api/v1/shipments/S-EV/verdict?lang=en')).json().recordCheck;
    expect(before).toMatchObject({
      status: 'unchanged',
      eventsChecked: true,
      signed: { eventsDigest: signed.eventsDigest, eventsCount: 2 },
    });
    expect(before.message).toContain('2 device events');

    // a shock in transit, written behind the application after the receipt
    await influxWrite(
      `events,device=L-EV,type=shock type="shock",value=12.5 ${dispatchMs + 45 * 60_000}000000`,
    );
    const verdict = (await call('GET', '/api/v1/shipments/S-EV/verdict?lang=en')).json();
    // the stored final verdict is not rewritten
    expect(verdict).toMatchObject({ status: signed.verdict.status, final: true });
    const codes = (v: { findings: { code: string }[] }) => v.findings.map((f) => f.code);
    expect(codes(verdict)).toEqual(codes(signed.verdict));
    expect(verdict.findings).toHaveLength(signed.verdict.findings.length);
    expect(verdict.recordCheck).toMatchObject({
      status: 'changed',
      code: 'RECORD_CHANGED_AFTER_RECEIPT',
      signed: { readingsDigest: signed.readingsDigest, eventsCount: 2 },
      current: { readingsDigest: signed.readingsDigest, eventsCount: 3 },
    });
    expect(verdict.recordCheck.message).toContain(
      "The loggers' events (lid, door, shock, tilt, coolant) changed",
    );
    expect(verdict.recordCheck.message).not.toContain('The temperature record changed');
    const report = (await call('GET', '/api/v1/shipments/S-EV/report?lang=zh-CN')).body;
    expect(report).toContain('接收后设备事件');
    const csv = (await call('GET', '/api/v1/shipments/S-EV/readings?format=csv&lang=en')).body;
    expect(csv).toMatch(/^# RECORD_CHANGED_AFTER_RECEIPT: The loggers' events/m);
  });
});
