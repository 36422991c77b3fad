import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';

/**
 * The audit trail by person, record and time (issue 14; Annex 11 §9, 21 CFR 11.10(e)):
 * GET /api/v1/audit, and the scope on it and on a shipment's own audit route.
 */
const HOUR_MS = 3_600_000;
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const checks = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };

interface Entry {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
}

describe.each(['postgres', 'pglite'] as const)('audit trail by person, record and time on %s', (driver) => {
  let h: Harness;
  let zhangId = '';
  let afterSetup = '';
  const keys: Record<string, string> = {};
  const get = (url: string, key = ADMIN_KEY) =>
    h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  const entries = async (query: string, key?: string): Promise<Entry[]> => {
    const res = await get(`/api/v1/audit?${query}`, key);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().entries;
  };

  beforeAll(async () => {
    h = await startHarness(driver);
    const call = (url: string, payload: object) =>
      h.app.inject({ method: 'POST', url, headers: admin, payload });
    const now = Date.now();
    const profile = {
      id: 'p-au',
      name: 'fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 1440,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await call('/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const [id, site] of [
      ['AU-A', 'site-a'],
      ['AU-B', 'site-b'],
    ] as const) {
      const dev = `L-${id}`;
      const device = {
        id: dev,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      expect((await call('/api/v1/devices', device)).statusCode).toBe(201);
      const shipment = {
        id,
        profileId: profile.id,
        product: { name: 'CAR-T', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
        containerType: 'passive_2_8_box',
        deviceIds: [dev],
        manufacturer: { name: 'CellCo', qaEmail: 'qa@cellco.example' },
        manufacturerOrg: 'cellco',
        origin: 'plant',
        destination: `Hospital ${site}`,
        destinationSite: site,
      };
      expect((await call('/api/v1/shipments', shipment)).statusCode).toBe(201);
      const at = new Date(now - HOUR_MS).toISOString();
      expect((await call(`/api/v1/shipments/${id}/dispatch`, { at })).statusCode).toBe(200);
      await h.readings.writeReadings(minuteReadings(dev, now - HOUR_MS, now - 60_000, () => 5));
    }
    for (const [name, role, site] of [
      ['qa-b', 'qa', 'site-b'],
      ['qa-a', 'qa', 'site-a'],
      ['recv-b', 'receiver', 'site-b'],
    ] as const) {
      const res = await call('/api/v1/api-keys', { name, role, scope: { site } });
      expect(res.statusCode, res.body).toBe(201);
      keys[name] = res.json().key;
    }
    const { user, invitation } = await h.records.users.create(
      {
        login: 'zhang.min',
        printedName: '张敏 Zhang Min',
        email: 'z@a.example',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: 'site-a' },
      },
      { id: 'test', name: 'test setup' },
    );
    zhangId = user.id;
    await h.records.users.acceptInvitation('zhang.min', invitation!, 'zhang min password 1');
    afterSetup = new Date().toISOString();
    const signed = await call('/api/v1/shipments/AU-A/receipt', {
      receiverName: 'typed',
      checks,
      signatures: [{ login: 'zhang.min', password: 'zhang min password 1', meaning: 'received' }],
    });
    expect(signed.statusCode, signed.body).toBe(201);
  }, 180_000);
  afterAll(() => h?.close());

  it('by person: the account id or the login name', async () => {
    const byLogin = await entries('actor=zhang.min');
    expect(byLogin.length).toBeGreaterThan(0);
    expect(new Set(byLogin.map((e) => e.actorId))).toEqual(new Set([zhangId]));
    expect(byLogin.map((e) => [e.actorName, e.action, e.entity, e.entityId])).toContainEqual([
      '张敏 Zhang Min',
      'sign',
      'receipt',
      'AU-A',
    ]);
    expect(await entries(`actor=${zhangId}`)).toEqual(byLogin);
    // a key is found by its id: the admin key recorded the shipments
    const created = (await entries('entity=shipment&entityId=AU-B')).find((e) => e.action === 'create')!;
    const byKey = await entries(`actor=${created.actorId}`);
    expect(byKey.some((e) => e.entityId === 'AU-B')).toBe(true);
    expect(byKey.every((e) => e.actorId === created.actorId)).toBe(true);
  });

  it('by record and by time, newest first, paged', async () => {
    const a = await entries('entity=shipment&entityId=AU-A');
    expect(a.length).toBeGreaterThanOrEqual(2);
    expect(a.every((e) => e.entity === 'shipment' && e.entityId === 'AU-A')).toBe(true);
    expect(a.map((e) => e.seq)).toEqual([...a.map((e) => e.seq)].sort((x, y) => y - x));
    const since = await entries(`from=${encodeURIComponent(afterSetup)}`);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => e.at >= afterSetup)).toBe(true);
    expect(since.some((e) => e.entityId === 'AU-B')).toBe(false);
    const before = await entries(`to=${encodeURIComponent(afterSetup)}`);
    expect(before.every((e) => e.at < afterSetup)).toBe(true);
    expect(before.length + since.length).toBe((await entries('limit=500')).length);
    const page = await get('/api/v1/audit?limit=2');
    const { entries: first, next } = page.json();
    expect(first).toHaveLength(2);
    const second = await entries(`limit=2&before=${next}`);
    expect(second[0]!.seq).toBeLessThan(first[1].seq);
  });

  it("follows the reader's scope, on the trail and on a shipment's own audit and context", async () => {
    expect(await entries('entity=shipment&entityId=AU-A', keys['qa-b'])).toEqual([]);
    const bView = await entries('limit=500', keys['qa-b']);
    expect(bView.length).toBeGreaterThan(0);
    const text = JSON.stringify(bView);
    for (const secret of ['AU-A', 'Zhang', 'zhang.min', 'site-a']) expect(text).not.toContain(secret);
    expect((await entries('entity=shipment&entityId=AU-A', keys['qa-a'])).length).toBeGreaterThan(0);
    // only QA and administrators read the trail
    expect((await get('/api/v1/audit', keys['recv-b'])).statusCode).toBe(403);
    // another site's shipment is unknown on its own routes too
    for (const [path, key] of [
      ['/api/v1/shipments/AU-A/audit', keys['qa-b']],
      ['/api/v1/shipments/AU-A/context', keys['recv-b']],
    ] as const) {
      const res = await get(path, key);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('site-a');
    }
    expect((await get('/api/v1/shipments/AU-B/context', keys['recv-b'])).statusCode).toBe(200);
  });
});
