import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';

/**
 * What the built-in pages read, served by the documented API (issue 18: pages are a client of the
 * API): the site's zone and the message catalogue, a shipment's context (the band of its profile
 * for a receiver, each logger's latest reading), the storage units with their latest readings, a
 * shipment's audit trail. Role-checked and scoped like every route.
 */
const publicDir = fileURLToPath(new URL('../../../dashboards/web/public/', import.meta.url));
const MINUTE_MS = 60_000;

/** Every catalogue key the pages use: data-i18n attributes in the HTML, t('page....') calls in the scripts. */
async function keysUsedByPages(): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of await readdir(publicDir)) {
    if (!file.endsWith('.html')) continue;
    const html = await readFile(path.join(publicDir, file), 'utf8');
    for (const m of html.matchAll(/data-i18n(?:-placeholder|-label)?="([\w.]+)"/g)) keys.add(m[1]!);
  }
  for (const file of await readdir(path.join(publicDir, 'js'))) {
    const js = await readFile(path.join(publicDir, 'js', file), 'utf8');
    for (const m of js.matchAll(/\bt\('((?:page|check|clause|finding)\.[\w.]+)'/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('the API routes the pages read', () => {
  let h: Harness;
  const nowMs = Date.now();
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.keys[role]}` } });
  const adminCreates = async (url: string, body: object) => {
    const res = await call('admin', 'POST', url, body);
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    h = await startHarness('pglite');
    await adminCreates('/api/v1/profiles', {
      id: 'CAR-T-2-8',
      name: 'CAR-T fresh',
      storageMode: 'refrigerated',
      tempMinC: 2,
      tempMaxC: 8,
      maxTransportMinutes: 600,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    });
    for (const [id, kind] of [
      ['LOG-1', 'shipper_logger'],
      ['LOG-2', 'shipper_logger'],
      ['S-1', 'storage_sensor'],
    ] as const) {
      await adminCreates('/api/v1/devices', {
        id,
        kind,
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
    }
    await adminCreates('/api/v1/shipments', {
      id: 'SHP-PAGES',
      profileId: 'CAR-T-2-8',
      product: { name: 'CAR-T', cellType: 'CAR-T', batch: 'B-1', quantity: 1, state: 'fresh' },
      containerType: 'passive_2_8_box',
      deviceIds: ['LOG-1', 'LOG-2'],
      manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example', locale: 'en' },
      origin: 'plant',
      destination: 'hospital',
    });
    const dispatched = await call('admin', 'POST', '/api/v1/shipments/SHP-PAGES/dispatch', {
      at: new Date(nowMs - 30 * MINUTE_MS).toISOString(),
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    await h.readings.writeReadings(
      minuteReadings('LOG-1', nowMs - 30 * MINUTE_MS, nowMs - MINUTE_MS, () => 4.5),
    );
    await adminCreates('/api/v1/storage-units', {
      id: 'FRIDGE-1',
      name: 'fridge',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 15,
      deviceIds: ['S-1'],
      site: 'clinic',
    });
    await h.readings.writeReadings(
      minuteReadings('S-1', nowMs - 10 * MINUTE_MS, nowMs - MINUTE_MS, () => 5.25),
    );
  });
  afterAll(() => h?.close());

  it('tells every page, without a key, the site zone and default language', async () => {
    const res = await h.app.inject('/api/v1/site');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      locales: ['zh-CN', 'en'],
    });
  });

  it('hands the browser the one catalogue, with every key the pages use, in both languages', async () => {
    const zh = (await h.app.inject('/api/v1/messages/zh-CN')).json() as Record<string, string>;
    const en = (await h.app.inject('/api/v1/messages/en')).json() as Record<string, string>;
    const used = await keysUsedByPages();
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !(k in zh) || !(k in en));
    expect(missing).toEqual([]);
    // the domain's finding and clause texts come along: one catalogue, not a copy
    expect(zh['finding.TEMP_OUT_OF_RANGE']).toMatch(/温度/);
    expect(en['clause.8.1.5']).toBeDefined();
    expect(zh['page.handover.pass']).toBe('通过');
    expect(en['page.handover.pass']).toBe('PASS');
    const fr = await h.app.inject('/api/v1/messages/fr');
    expect(fr.statusCode).toBe(404);
    expect(fr.json()).toMatchObject({ code: 'CT_PAGE_LOCALE_UNKNOWN' });
  });

  it("gives a receiver the band of the shipment's profile and each logger's latest reading", async () => {
    // profiles are admin-only; the shipment's context is not
    expect((await call('receiver', 'GET', '/api/v1/profiles/CAR-T-2-8')).statusCode).toBe(403);
    const res = await call('receiver', 'GET', '/api/v1/shipments/SHP-PAGES/context');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      shipmentId: 'SHP-PAGES',
      storageMode: 'refrigerated',
      range: { minC: 2, maxC: 8 },
      maxTransportMinutes: 600,
      maxGapMinutes: 10,
      receivedAt: null,
    });
    expect(Date.parse(body.dispatchedAt)).toBe(nowMs - 30 * MINUTE_MS);
    expect(body.latest).toEqual([
      { deviceId: 'LOG-1', tsMs: nowMs - 30 * MINUTE_MS + 29 * MINUTE_MS, tempC: 4.5 },
      { deviceId: 'LOG-2', tsMs: null, tempC: null },
    ]);
  });

  it('checks the role and the id like every route', async () => {
    expect((await call('viewer', 'GET', '/api/v1/shipments/SHP-PAGES/context')).statusCode).toBe(403);
    expect((await h.app.inject('/api/v1/shipments/SHP-PAGES/context')).statusCode).toBe(401);
    const bad = await call('receiver', 'GET', '/api/v1/shipments/bad%20id/context');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'CT_VALIDATION' });
    const unknown = await call('receiver', 'GET', '/api/v1/shipments/SHP-NONE/context');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CT_SHIPMENT_NOT_FOUND' });
  });

  it('lists the storage units with their sensors latest readings, for every role', async () => {
    const res = await call('viewer', 'GET', '/api/v1/storage-units');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      {
        id: 'FRIDGE-1',
        name: 'fridge',
        storageMode: 'refrigerated',
        alarmDelayMinutes: 15,
        deviceIds: ['S-1'],
        site: 'clinic',
        latest: [{ deviceId: 'S-1', tsMs: nowMs - MINUTE_MS, tempC: 5.25 }],
      },
    ]);
  });

  it("shows QA the shipment's audit trail with its chain hashes, and nobody else", async () => {
    const res = await call('qa', 'GET', '/api/v1/shipments/SHP-PAGES/audit');
    expect(res.statusCode, res.body).toBe(200);
    const entries = res.json() as { seq: number; action: string; actor: string; hash: string }[];
    expect(entries.map((e) => e.action)).toEqual(['create', 'dispatch']);
    for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const role of ['receiver', 'logistics', 'viewer'] as const)
      expect((await call(role, 'GET', '/api/v1/shipments/SHP-PAGES/audit')).statusCode, role).toBe(403);
    expect((await call('qa', 'GET', '/api/v1/shipments/SHP-NONE/audit')).statusCode).toBe(404);
  });

  it('documents each of them in the OpenAPI document', async () => {
    const doc = (await h.app.inject('/docs/json')).json() as { paths: Record<string, { get?: unknown }> };
    for (const p of [
      '/api/v1/site',
      '/api/v1/messages/{locale}',
      '/api/v1/shipments/{id}/context',
      '/api/v1/shipments/{id}/audit',
      '/api/v1/storage-units',
    ])
      expect(doc.paths[p]?.get, p).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/ui/'))).toEqual([]);
  });
});
