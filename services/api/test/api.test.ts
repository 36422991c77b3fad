import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { verifyDeviceSecret } from '../../store/device-secrets.js';
import { sqlDbOf } from '../../store/sql/records-store.js';
import { digestReadings } from '../verdict/shipment-record.js';

const HOUR_MS = 3_600_000;
const profile = {
  id: 'msc-2-8',
  name: 'MSC fresh, 2-8 °C',
  storageMode: 'refrigerated',
  maxTransportMinutes: 24 * 60,
  containerTypes: ['passive_2_8_box'],
  maxGapMinutes: 10,
};
const device = (id: string) => ({
  id,
  kind: 'shipper_logger',
  loggingIntervalS: 60,
  calibrationValidUntil: '2030-01-01T00:00:00Z',
  calibrationValidFrom: '2020-01-01T00:00:00Z',
});
const shipment = (id: string, deviceIds: string[]) => ({
  id,
  profileId: profile.id,
  product: {
    name: 'MSC',
    cellType: 'mesenchymal stromal cells',
    batch: `B-${id}`,
    quantity: 2,
    state: 'fresh',
  },
  donor: { type: 'allogeneic', code: 'D-001' },
  containerType: 'passive_2_8_box',
  deviceIds,
  manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example', locale: 'en' },
  origin: 'Suzhou plant',
  destination: 'Shanghai clinic',
});
const allChecksOk = {
  labelOk: true,
  packagingOk: true,
  appearanceOk: true,
  documentsOk: true,
  quantityOk: true,
  stateOk: true,
};

describe.each(['postgres', 'pglite'] as const)('API on %s', (driver) => {
  let h: Harness;
  const call = (
    role: keyof Harness['keys'] | 'none',
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ) =>
    h.app.inject({
      method,
      url,
      payload: payload as object,
      headers: role === 'none' ? {} : { authorization: `Bearer ${h.keys[role]}` },
    });
  const dispatchMs = Date.now() - 3 * HOUR_MS;

  beforeAll(async () => {
    h = await startHarness(driver);
  });
  afterAll(() => h.close());

  it('registers a profile, loggers (secret shown once, hashed for the gateway) and shipments', async () => {
    expect((await call('admin', 'POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const id of ['L1', 'L2', 'L3']) {
      const res = await call('admin', 'POST', '/api/v1/devices', device(id));
      expect(res.statusCode).toBe(201);
      const { mqtt } = res.json();
      expect(mqtt.username).toBe(id);
      const hash = await h.records.deviceDirectory.secretHashOf(id);
      expect(await verifyDeviceSecret(mqtt.password, hash!)).toBe(true);
      expect(JSON.stringify((await call('admin', 'GET', `/api/v1/devices/${id}`)).json())).not.toContain(
        mqtt.password,
      );
    }
    expect(
      (await call('logistics', 'POST', '/api/v1/shipments', shipment('S-OK', ['L1', 'L2']))).statusCode,
    ).toBe(201);
    expect((await call('logistics', 'POST', '/api/v1/shipments', shipment('S-HOT', ['L3']))).statusCode).toBe(
      201,
    );
    const got = await call('receiver', 'GET', '/api/v1/shipments/S-OK');
    expect(got.json()).toMatchObject({ id: 'S-OK', status: 'created', profileVersion: 1 });
  });

  it('says exactly which fields to fix, with stable codes', async () => {
    const bad = shipment('S-BAD', ['L1']) as Record<string, unknown>;
    bad.product = { name: 'x', cellType: 'y', quantity: 0 };
    const res = await call('logistics', 'POST', '/api/v1/shipments?lang=zh-CN', bad);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('CT_VALIDATION');
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['product.batch', 'product.quantity']),
    );
    expect(body.localizedMessage).toContain('请求内容不符合要求');
    const missing = await call('receiver', 'GET', '/api/v1/shipments/NOPE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CT_SHIPMENT_NOT_FOUND');
  });

  it('refuses a receipt before dispatch and a dispatch in the future; audits a back-dated one', async () => {
    const early = await call('receiver', 'POST', '/api/v1/shipments/S-OK/receipt', {
      receiverName: 'Li Wei',
      checks: allChecksOk,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('CT_NOT_DISPATCHED');
    const future = await call('logistics', 'POST', '/api/v1/shipments/S-OK/dispatch', {
      at: new Date(Date.now() + HOUR_MS).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().code).toBe('CT_DISPATCH_IN_FUTURE');
    for (const id of ['S-OK', 'S-HOT']) {
      const res = await call('logistics', 'POST', `/api/v1/shipments/${id}/dispatch`, {
        at: new Date(dispatchMs).toISOString(),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'in_transit',
        dispatchedAt: new Date(dispatchMs).toISOString(),
      });
    }
    const again = await call('logistics', 'POST', '/api/v1/shipments/S-OK/dispatch', {});
    expect(again.json().code).toBe('CT_ALREADY_DISPATCHED');
    const audit = await sqlDbOf(h.records).query<{ reason: string; actor_name: string }>(
      "SELECT reason, actor_name FROM audit_trail WHERE entity = 'shipment' AND entity_id = 'S-OK' AND action = 'dispatch'",
    );
    expect(audit).toEqual([{ reason: 'back-dated dispatch', actor_name: 'logistics key' }]);
  });

  it('gives a provisional verdict from the stored readings while in transit', async () => {
    const now = Date.now();
    await h.readings.writeReadings([
      ...minuteReadings('L1', dispatchMs - 60_000, now, () => 5),
      ...minuteReadings('L2', dispatchMs - 60_000, now, () => 4.5),
      // L3: 20 minutes at 12 °C an hour into the trip
      ...minuteReadings('L3', dispatchMs - 60_000, now, (ms) =>
        ms >= dispatchMs + HOUR_MS && ms < dispatchMs + HOUR_MS + 20 * 60_000 ? 12 : 5,
      ),
    ]);
    const ok = await call('receiver', 'GET', '/api/v1/shipments/S-OK/verdict');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ shipmentId: 'S-OK', status: 'pass', final: false });
    const hot = (await call('receiver', 'GET', '/api/v1/shipments/S-HOT/verdict?lang=zh-CN')).json();
    expect(hot).toMatchObject({ status: 'deviation', final: false });
    expect(hot.findings.map((f: { code: string }) => f.code)).toContain('TEMP_OUT_OF_RANGE');
    expect(hot.findings.find((f: { code: string }) => f.code === 'TEMP_OUT_OF_RANGE').message).toMatch(
      /温度/,
    );
  });

  it('records the receipt with the final verdict and the digest of its readings; refuses a second one', async () => {
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const res = await call('receiver', 'POST', '/api/v1/shipments/S-OK/receipt', {
      receivedAt,
      receiverName: 'Li Wei',
      verifierName: 'Zhang Min',
      checks: allChecksOk,
      notes: 'box intact',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.shipment.status).toBe('accepted');
    expect(body.verdict).toMatchObject({ status: 'pass', final: true });
    const csvJson = (await call('viewer', 'GET', '/api/v1/shipments/S-OK/readings')).json();
    expect(body.readingsDigest).toBe(csvJson.readingsDigest);
    expect(body.readingsCount).toBe(csvJson.readings.length);
    const { recordCheck, ...verdictNow } = (
      await call('receiver', 'GET', '/api/v1/shipments/S-OK/verdict')
    ).json();
    expect(verdictNow).toEqual(body.verdict);
    expect(recordCheck).toMatchObject({ status: 'unchanged', code: 'RECORD_UNCHANGED' });
    const inEnglish = (await call('receiver', 'GET', '/api/v1/shipments/S-OK/verdict?lang=en')).json();
    expect({ ...inEnglish, checks: [], recordCheck: undefined }).toEqual({ ...body.verdict, checks: [] });
    expect(inEnglish.checks.map((c: { label: string }) => c.label).join(' ')).toMatch(/[A-Za-z]{4}/);
    const second = await call('receiver', 'POST', '/api/v1/shipments/S-OK/receipt', {
      receiverName: 'Li Wei',
      checks: allChecksOk,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('CT_RECEIPT_EXISTS');
    expect(h.deviations).toHaveLength(0);
  });

  it('quarantines a deviating shipment and queues the manufacturer mail (8.1.6)', async () => {
    const res = await call('receiver', 'POST', '/api/v1/shipments/S-HOT/receipt', {
      receiverName: 'Li Wei',
      verifierName: 'Zhang Min',
      checks: { ...allChecksOk, packagingOk: false },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().shipment.status).toBe('quarantined');
    const codes = res.json().verdict.findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['TEMP_OUT_OF_RANGE', 'RECEIPT_CHECK_FAILED']));
    const mails = await sqlDbOf(h.records).query<{ to_addrs: string }>(
      "SELECT to_addrs FROM mail_outbox WHERE mail_key = 'receipt-deviation:S-HOT'",
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to_addrs).toContain('qa@cellmaker.example');
    expect(h.deviations.map((d) => d.shipment.shipment.id)).toEqual(['S-HOT']);
  });

  it('exports the readings as CSV in UTC and the site zone, and the digest can be recomputed', async () => {
    const res = await call('viewer', 'GET', '/api/v1/shipments/S-OK/readings?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toContain('time_local (Asia/Shanghai)');
    expect(lines[1]).toMatch(/^L1,\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\d [\d:]+,UTC\+08:00,5,/);
    const rows = lines.slice(1).map((l) => {
      const [deviceId, seq, utc, , , temp] = l.split(',');
      return { deviceId: deviceId!, seq: Number(seq), tsMs: Date.parse(utc!), tempC: Number(temp) };
    });
    expect(digestReadings(rows)).toBe((await h.records.shipments.receiptOf('S-OK'))!.readingsDigest);
  });

  it('prints the report in zh-CN and en, HTML and PDF, with the chart, excursions shaded, and a signature block', async () => {
    const zh = await call('viewer', 'GET', '/api/v1/shipments/S-HOT/report?lang=zh-CN');
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('text/html');
    expect(zh.body).toContain('细胞治疗产品运输与接收报告');
    expect(zh.body).toContain('偏差：停止使用并报告制备厂商');
    // the zone is said once at the top, not after every time (issue 17)
    expect(zh.body).toContain('所有时间均为站点时区 Asia/Shanghai, UTC+08:00');
    expect(zh.body).not.toContain('(Asia/Shanghai, UTC+08:00)');
    expect(zh.body).toContain('接收人签字');
    expect(zh.body).toMatch(/class="excursion"/);
    expect(zh.body).toMatch(/class="series" data-device="L3"/);
    expect(zh.body).toContain('data-code="TEMP_OUT_OF_RANGE"');
    const en = await call('viewer', 'GET', '/api/v1/shipments/S-OK/report?lang=en');
    expect(en.body).toContain('PASS: may be accepted');
    expect(en.body).toContain('Zhang Min');
    expect(en.body).not.toMatch(/class="excursion"/);
    const pdf = await call('viewer', 'GET', '/api/v1/shipments/S-HOT/report?format=pdf&lang=zh-CN');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5_000);
  });

  it('lets each role do what the contract says and nothing else', async () => {
    const cases: [keyof Harness['keys'] | 'none', 'GET' | 'POST', string, number][] = [
      ['none', 'GET', '/api/v1/shipments/S-OK', 401],
      ['viewer', 'GET', '/api/v1/shipments/S-OK/verdict', 403],
      ['logistics', 'GET', '/api/v1/shipments/S-OK/verdict', 403],
      ['qa', 'GET', '/api/v1/shipments/S-OK/verdict', 200],
      ['logistics', 'POST', '/api/v1/shipments/S-OK/receipt', 403],
      ['receiver', 'POST', '/api/v1/shipments/S-OK/dispatch', 403],
      ['receiver', 'POST', '/api/v1/profiles', 403],
      ['logistics', 'POST', '/api/v1/devices', 403],
      ['viewer', 'POST', '/api/v1/shipments', 403],
      ['viewer', 'GET', '/api/v1/shipments/S-OK/readings', 200],
      ['viewer', 'GET', '/api/v1/alerts', 403],
      ['qa', 'GET', '/api/v1/alerts', 200],
      ['admin', 'GET', '/api/v1/alerts', 200],
      ['viewer', 'POST', '/api/v1/storage-units', 403],
    ];
    for (const [role, method, url, status] of cases) {
      const res = await call(role, method, url, method === 'POST' ? {} : undefined);
      expect({ role, url, status: res.statusCode }).toEqual({ role, url, status });
      if (status === 403) expect(res.json().code).toBe('CT_FORBIDDEN');
      if (status === 401) expect(res.json().code).toBe('CT_UNAUTHORIZED');
    }
    const revoked = await h.records.apiKeys.issue('temp', 'viewer', { id: 't', name: 't' });
    await h.records.apiKeys.revoke(revoked.info.id, { id: 't', name: 't' });
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/shipments/S-OK/readings',
      headers: { authorization: `Bearer ${revoked.key}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers health, readiness and the OpenAPI document', async () => {
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/readyz' })).json()).toEqual({
      ready: true,
      checks: { records: true, readings: true },
    });
    const page = await h.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const doc = (await h.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/shipments/{id}/verdict', '/api/v1/shipments/{id}/receipt']),
    );
  });

  it('keeps an audit trail that detects a row changed behind the application', async () => {
    expect((await h.records.verifyAudit()).ok).toBe(true);
    await sqlDbOf(h.records).exec(`ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only;
      UPDATE audit_trail SET new_value = replace(new_value, 'quarantined', 'accepted')
        WHERE action = 'receipt' AND entity_id = 'S-HOT';
      ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only;`);
    const result = await h.records.verifyAudit();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'edited', table: 'audit_trail' });
  });
});
