import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';

// 8.1.3: the receiver confirms the product state (fresh / frozen) is the one expected
const HOUR_MS = 3_600_000;
const allChecksOk = {
  labelOk: true,
  packagingOk: true,
  appearanceOk: true,
  documentsOk: true,
  quantityOk: true,
};

describe('receipt: product state check (8.1.3)', () => {
  let h: Harness;
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.keys[role]}` } });
  const dispatchMs = Date.now() - 2 * HOUR_MS;

  beforeAll(async () => {
    h = await startHarness('pglite');
    await call('admin', 'POST', '/api/v1/profiles', {
      id: 'msc-2-8',
      name: 'MSC fresh, 2-8 °C',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    });
    for (const id of ['S-STATE-BAD', 'S-STATE-OLD']) {
      const deviceId = `L-${id}`;
      await call('admin', 'POST', '/api/v1/devices', {
        id: deviceId,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
      const created = await call('logistics', 'POST', '/api/v1/shipments', {
        id,
        profileId: 'msc-2-8',
        product: { name: 'MSC', cellType: 'MSC', batch: `B-${id}`, quantity: 1, state: 'fresh' },
        containerType: 'passive_2_8_box',
        deviceIds: [deviceId],
        manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example', locale: 'en' },
        origin: 'Suzhou plant',
        destination: 'Shanghai clinic',
      });
      expect(created.statusCode).toBe(201);
      await call('logistics', 'POST', `/api/v1/shipments/${id}/dispatch`, {
        at: new Date(dispatchMs).toISOString(),
      });
      await h.readings.writeReadings(minuteReadings(deviceId, dispatchMs - 60_000, Date.now(), () => 5));
    }
  });
  afterAll(() => h?.close());

  it('a receipt with stateOk false is a deviation on 8.1.3: quarantined, manufacturer told', async () => {
    const res = await call('receiver', 'POST', '/api/v1/shipments/S-STATE-BAD/receipt?lang=zh-CN', {
      receiverName: 'Li Wei',
      checks: { ...allChecksOk, stateOk: false },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.shipment.status).toBe('quarantined');
    expect(body.verdict.status).toBe('deviation');
    expect(body.verdict.findings).toEqual([
      expect.objectContaining({
        code: 'RECEIPT_CHECK_FAILED',
        clause: '8.1.3',
        details: { check: 'stateOk' },
      }),
    ]);
    expect(body.verdict.checks).toContainEqual(
      expect.objectContaining({ id: 'receipt.stateOk', status: 'fail', clause: '8.1.3' }),
    );
    expect(h.deviations.map((d) => d.shipment.shipment.id)).toEqual(['S-STATE-BAD']);
    // the stored receipt keeps the answer and the report prints it
    expect(
      (await call('receiver', 'GET', '/api/v1/shipments/S-STATE-BAD/receipt')).json().receipt.checks,
    ).toMatchObject({ stateOk: false });
    const report = await call('viewer', 'GET', '/api/v1/shipments/S-STATE-BAD/report?lang=en');
    expect(report.body).toMatch(/Product state check \(fresh expected\)<\/t[dh]>\s*<td>NOT OK/);
    // the required range in words, each bound with its unit
    expect(report.body).toContain('<th>Temperature range</th><td>2 °C to 8 °C</td>');
    expect(report.body).toContain('<th>Storage mode</th><td>refrigerated (2–8 °C)</td>');
  });

  it('a receipt from an older client without stateOk is no pass (no evidence, docs/rules.md): quarantined, the check reads not recorded', async () => {
    const res = await call('receiver', 'POST', '/api/v1/shipments/S-STATE-OLD/receipt?lang=en', {
      receiverName: 'Li Wei',
      checks: allChecksOk,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.shipment.status).toBe('quarantined');
    expect(body.verdict.status).toBe('deviation');
    expect(body.verdict.checks).toContainEqual(
      expect.objectContaining({ id: 'receipt.stateOk', status: 'fail' }),
    );
    const report = await call('viewer', 'GET', '/api/v1/shipments/S-STATE-OLD/report?lang=zh-CN');
    expect(report.body).toMatch(/产品状态核对（应为新鲜）<\/t[dh]>\s*<td>未记录/);
  });
});
