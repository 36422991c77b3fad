import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';
import type { Profile } from '../../domain/contract.js';

// issue 16: products followed from storage to infusion over the API, on real PGlite and InfluxDB.
const MIN = 60_000;
const S = 1000;
const SITE = 'Shanghai clinic';
const PASSWORD = 'ward nurse password 1';

interface View {
  id: string;
  state: string;
  unitId?: string;
  firstStoredAt: string;
  storageLimitAt?: string;
  deviation: boolean;
  clock: { state: string; limits: { kind: string; limitAt: string }[]; remainingMs?: number };
  thaw?: { status: string; findings: { code: string }[] };
  events: {
    id: string;
    kind: string;
    deviation: boolean;
    signatures: { printedName: string; valid: boolean }[];
  }[];
}

describe('the product journey after the door (7.7, 7.8, 8.2.4-8.2.6, 10.4, 10.7)', () => {
  let h: Harness;
  let otherSiteKey: string;
  const deviations: { productId: string; kind: string }[] = [];
  const call = (
    role: keyof Harness['keys'] | { key: string },
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ) =>
    h.app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: { authorization: `Bearer ${typeof role === 'string' ? h.keys[role] : role.key}` },
    });
  const ok = async (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await call(role, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = Date.now();
  const profile = (id: string, extra: Partial<Profile> = {}): Profile => ({
    id,
    name: 'CAR-T cryopreserved',
    storageMode: 'ln2_vapor',
    maxTransportMinutes: 4320,
    containerTypes: ['ln2_dry_shipper'],
    maxGapMinutes: 30,
    storageLimitDays: 365,
    postThawUseMinutes: 30,
    preparationMinutes: 240,
    thaw: { tempMinC: 36, tempMaxC: 38, method: 'water_bath', maxMinutes: 10 },
    ...extra,
  });
  const device = (id: string, kind: string, loggingIntervalS = 60) => ({
    id,
    kind,
    loggingIntervalS,
    calibrationValidUntil: '2030-01-01T00:00:00Z',
  });

  beforeAll(async () => {
    h = await startHarness('pglite');
    // the hook the lead wires to issue 15's case opening
    (h.app.deps as { onProductDeviation?: unknown }).onProductDeviation = (
      p: { id: string },
      e: { kind: string },
    ) => {
      deviations.push({ productId: p.id, kind: e.kind });
    };
    for (const d of [
      device('TANK-A-S', 'storage_sensor'),
      device('TANK-B-S', 'storage_sensor'),
      device('BATH-1', 'thaw_device', 5),
    ])
      await ok('admin', 'POST', '/devices', d);
    await ok('admin', 'POST', '/devices', device('TANK-C-S', 'storage_sensor'));
    for (const [id, dev, site] of [
      ['TANK-A', 'TANK-A-S', SITE],
      ['TANK-B', 'TANK-B-S', SITE],
      ['TANK-C', 'TANK-C-S', 'Beijing'],
    ] as const) {
      await ok('admin', 'POST', '/storage-units', {
        id,
        name: `LN2 tank ${id}`,
        storageMode: 'ln2_vapor',
        alarmDelayMinutes: 15,
        deviceIds: [dev],
        site,
      });
    }
    await ok('admin', 'POST', '/profiles', profile('CART-DNU'));
    await ok('admin', 'POST', '/profiles', profile('CART-DEV', { overtimeHandling: 'record_deviation' }));
    const nurse = await h.records.users.create(
      {
        login: 'nurse.li',
        printedName: 'Li Na',
        email: 'li@example.com',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: SITE },
        initialPassword: 'first password of li',
      },
      { id: 'test', name: 'test' },
    );
    await h.records.users.changePassword(nurse.user.id, PASSWORD, { id: 'test', name: 'test' });
    otherSiteKey = (
      await h.records.apiKeys.issue('other site', 'receiver', { id: 'test', name: 't' }, { site: 'Beijing' })
    ).key;
  });
  afterAll(() => h?.close());

  /** stored 3 h ago in TANK-A, moved to TANK-B, taken out for use, thawed in BATH-1 (in range) */
  async function thawedProduct(id: string, profileId: string, thawFinishedAtMs: number) {
    const stored = await ok('receiver', 'POST', '/storage-units/TANK-A/items', {
      id,
      product: {
        name: 'CAR-T cell injection',
        batch: 'B2026-1120',
        cellType: 'CAR-T',
        quantity: 1,
        unitIds: [`${id}-BAG1`],
        collectionId: 'COL-77',
      },
      profileId,
      storedAt: iso(thawFinishedAtMs - 180 * MIN),
      signature: { login: 'nurse.li', password: PASSWORD },
    });
    expect(stored).toMatchObject({ id, unitId: 'TANK-A', storageLimitDays: 365, productId: id });
    await ok('receiver', 'POST', `/storage-units/TANK-A/items/${id}/move`, {
      toUnitId: 'TANK-B',
      at: iso(thawFinishedAtMs - 120 * MIN),
      reason: 'tank A maintenance',
    });
    await ok('receiver', 'POST', `/storage-units/TANK-B/items/${id}/remove`, {
      purpose: 'use',
      at: iso(thawFinishedAtMs - 10 * MIN),
    });
    return stored as { limitAt: string };
  }

  it('follows a product: stored, moved (limit from first storage), taken out, thawed, infused exactly at the limit', async () => {
    const t = Date.now();
    const stored = await thawedProduct('P-INTIME', 'CART-DNU', t + 5 * MIN);
    const bath = [];
    for (let ms = t - 10 * S; ms <= t + 5 * MIN; ms += 5 * S)
      bath.push({ deviceId: 'BATH-1', tsMs: ms, seq: bath.length, tempC: 37 });
    await h.readings.writeReadings(bath);
    // a few seconds ahead of the API's clock lie within the allowed clock skew (60 s)
    await ok('receiver', 'POST', '/products/P-INTIME/thaw-started', { at: iso(t), thawDeviceId: 'BATH-1' });
    const finished = (await ok('receiver', 'POST', '/products/P-INTIME/thaw-finished', {
      at: iso(t + 5 * S),
    })) as View;
    expect(finished.thaw).toMatchObject({ status: 'ok', findings: [] });
    const limit = finished.clock.limits.find((l) => l.kind === 'post_thaw')!;
    expect(Date.parse(limit.limitAt)).toBe(t + 5 * S + 30 * MIN);
    // the storage limit kept running from the first storage across the move (7.7)
    expect(finished.storageLimitAt).toBe(stored.limitAt);
    expect(finished.firstStoredAt).toBe(iso(t + 5 * MIN - 180 * MIN));
    const wrongBag = await call('receiver', 'POST', '/products/P-INTIME/infused', {
      at: iso(t + 10 * S),
      productIdentifier: 'P-OTHER-BAG1',
    });
    expect(wrongBag.json()).toMatchObject({ code: 'CT_PRODUCT_IDENTIFIER_MISMATCH' });
    const named = await call('receiver', 'POST', '/products/P-INTIME/infused', {
      at: iso(t + 10 * S),
      productIdentifier: 'P-INTIME-BAG1',
      patientCode: 'Zhang San',
    });
    expect(named.json()).toMatchObject({ code: 'CT_PATIENT_CODE_REFUSED' });
    const nameField = await call('receiver', 'POST', '/products/P-INTIME/infused', {
      productIdentifier: 'P-INTIME-BAG1',
      patientName: 'Zhang San',
    });
    expect(nameField.statusCode).toBe(400);
    const v = (await ok('receiver', 'POST', '/products/P-INTIME/infused', {
      at: iso(t + 10 * S),
      productIdentifier: 'P-INTIME-BAG1',
      patientCode: 'MRN-0042137',
    })) as View;
    expect(v.state).toBe('infused');
    expect(JSON.stringify(await h.records.auditOf('stored_item', 'P-INTIME'))).not.toContain('Zhang');
  });

  it('infusion exactly at the limit is in time; one second over is refused (do not use) and kept on the timeline', async () => {
    const finishedAtMs = now - 31 * MIN; // limit: now - 1 min
    for (const id of ['P-EDGE', 'P-EDGE-OVER']) {
      await thawedProduct(id, 'CART-DNU', finishedAtMs);
      await ok('receiver', 'POST', `/products/${id}/thaw-started`, { at: iso(finishedAtMs - 3 * MIN) });
      const v = (await ok('receiver', 'POST', `/products/${id}/thaw-finished`, {
        at: iso(finishedAtMs),
      })) as View;
      // no thaw device named: the thaw is unverified, never "ok"
      expect(v.thaw?.status).toBe('unverified');
      expect(v.clock.state).toBe('over');
    }
    const late = await call('receiver', 'POST', '/products/P-EDGE-OVER/infused', {
      at: iso(finishedAtMs + 30 * MIN + S),
      productIdentifier: 'P-EDGE-OVER',
      signature: { login: 'nurse.li', password: PASSWORD },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CT_INFUSION_REFUSED' });
    const refused = (await ok('viewer', 'GET', '/products/P-EDGE-OVER')) as View;
    expect(refused.state).toBe('thawed');
    expect(refused.events.at(-1)).toMatchObject({
      kind: 'infusion_refused',
      signatures: [{ printedName: 'Li Na' }],
    });
    const tl = await ok('viewer', 'GET', '/products/P-EDGE-OVER/timeline?lang=zh-CN');
    expect(tl.entries.at(-1)).toMatchObject({ kind: 'infusion_refused', title: '输注被拒绝' });
    const inTime = (await ok('receiver', 'POST', '/products/P-EDGE/infused', {
      at: iso(finishedAtMs + 30 * MIN),
      productIdentifier: 'P-EDGE',
      patientCode: 'MRN-0042137',
      signature: { login: 'nurse.li', password: PASSWORD },
    })) as View;
    expect(inTime.state).toBe('infused');
    const kinds = inTime.events.map((e) => e.kind);
    expect(kinds).toEqual(['stored', 'moved', 'removed', 'thaw_started', 'thaw_finished', 'infused']);
    expect(inTime.events.at(-1)!.signatures).toMatchObject([{ printedName: 'Li Na', valid: true }]);
    expect(inTime.events[0]!.signatures).toMatchObject([{ printedName: 'Li Na', valid: true }]);
    expect(inTime.deviation).toBe(false);
  });

  it('a late infusion under record_deviation is recorded as a deviation and calls onProductDeviation', async () => {
    const finishedAtMs = now - 45 * MIN;
    await thawedProduct('P-LATE', 'CART-DEV', finishedAtMs);
    await ok('receiver', 'POST', '/products/P-LATE/thaw-started', { at: iso(finishedAtMs - 3 * MIN) });
    await ok('receiver', 'POST', '/products/P-LATE/thaw-finished', { at: iso(finishedAtMs) });
    const v = (await ok('receiver', 'POST', '/products/P-LATE/infused', {
      productIdentifier: 'P-LATE-BAG1',
      reason: 'physician decision, manufacturer informed',
    })) as View;
    expect(v.deviation).toBe(true);
    expect(v.events.at(-1)).toMatchObject({ kind: 'infused', deviation: true });
    expect(deviations).toContainEqual({ productId: 'P-LATE', kind: 'infused' });
  });

  it('a thaw out of the profile range is a deviation; infusion after it is refused under do not use (8.2.4)', async () => {
    const t0 = now - 20 * MIN;
    await thawedProduct('P-HOT', 'CART-DNU', t0);
    const bath = [];
    for (let ms = t0 - 3 * MIN; ms <= t0; ms += 5 * S)
      bath.push({
        deviceId: 'BATH-1',
        tsMs: ms + 1,
        seq: 9000 + bath.length,
        tempC: ms > t0 - 60 * S ? 41 : 37,
      });
    await h.readings.writeReadings(bath);
    await ok('receiver', 'POST', '/products/P-HOT/thaw-started', {
      at: iso(t0 - 3 * MIN),
      thawDeviceId: 'BATH-1',
    });
    const v = (await ok('receiver', 'POST', '/products/P-HOT/thaw-finished', { at: iso(t0) })) as View;
    expect(v.thaw?.status).toBe('fail');
    expect(v.thaw?.findings.map((f) => f.code)).toContain('THAW_OUT_OF_RANGE');
    expect(v.events.at(-1)).toMatchObject({ kind: 'thaw_finished', deviation: true });
    expect(deviations).toContainEqual({ productId: 'P-HOT', kind: 'thaw_finished' });
    const res = await call('receiver', 'POST', '/products/P-HOT/infused', { productIdentifier: 'P-HOT' });
    expect(res.json()).toMatchObject({ code: 'CT_INFUSION_REFUSED' });
  });

  it('refuses steps out of order or in the wrong state, and moves to a unit of another site', async () => {
    await ok('receiver', 'POST', '/storage-units/TANK-A/items', {
      id: 'P-STATE',
      product: { name: 'MSC', batch: 'M1' },
      storageLimitDays: 30,
    });
    expect((await call('receiver', 'POST', '/products/P-STATE/thaw-started', {})).json()).toMatchObject({
      code: 'CT_STEP_NOT_ALLOWED',
    });
    expect(
      (
        await call('receiver', 'POST', '/storage-units/TANK-A/items/P-STATE/move', { toUnitId: 'TANK-A' })
      ).json(),
    ).toMatchObject({
      code: 'CT_MOVE_SAME_UNIT',
    });
    expect(
      (
        await call('admin', 'POST', '/storage-units/TANK-A/items/P-STATE/move', { toUnitId: 'TANK-C' })
      ).json(),
    ).toMatchObject({
      code: 'CT_MOVE_OTHER_SITE',
    });
    expect(
      (
        await call('receiver', 'POST', '/storage-units/TANK-B/items/P-STATE/remove', { purpose: 'use' })
      ).json(),
    ).toMatchObject({
      code: 'CT_ITEM_NOT_FOUND',
    });
    // a product without a batch is not a product that can be followed
    expect(
      (
        await call('receiver', 'POST', '/storage-units/TANK-A/items', {
          id: 'P-NOBATCH',
          product: { name: 'x' },
          storageLimitDays: 3,
        })
      ).statusCode,
    ).toBe(400);
    // a session-less key of another site sees nothing of it
    expect((await call({ key: otherSiteKey }, 'GET', '/products/P-STATE')).json()).toMatchObject({
      code: 'CT_PRODUCT_NOT_FOUND',
    });
    // a wrong signer password is refused before anything is written
    const bad = await call('receiver', 'POST', '/storage-units/TANK-A/items/P-STATE/remove', {
      purpose: 'discard',
      signature: { login: 'nurse.li', password: 'not the password!!' },
    });
    expect(bad.json()).toMatchObject({ code: 'CT_SIGNER_INVALID' });
    expect(((await ok('viewer', 'GET', '/products/P-STATE')) as View).state).toBe('stored');
  });

  it("stores a received shipment's product by reference (name, batch, profile version from the shipment)", async () => {
    await ok('admin', 'POST', '/devices', device('LOG-J1', 'shipper_logger'));
    await ok('logistics', 'POST', '/shipments', {
      id: 'SH-J1',
      profileId: 'CART-DNU',
      product: {
        name: 'CAR-T cell injection',
        cellType: 'CAR-T',
        batch: 'B-SH-J1',
        quantity: 2,
        state: 'frozen',
      },
      containerType: 'ln2_dry_shipper',
      deviceIds: ['LOG-J1'],
      manufacturer: { name: 'Demo Cell', qaEmail: 'qa@example.com' },
      origin: 'Suzhou',
      destination: SITE,
    });
    const early = await call('receiver', 'POST', '/storage-units/TANK-A/items', {
      id: 'P-SH',
      shipmentId: 'SH-J1',
    });
    expect(early.json()).toMatchObject({ code: 'CT_SHIPMENT_NOT_RECEIVED' });
    await ok('logistics', 'POST', '/shipments/SH-J1/dispatch', { at: iso(now - 60 * MIN) });
    await ok('receiver', 'POST', '/shipments/SH-J1/receipt', {
      receiverName: 'Wang',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    await ok('receiver', 'POST', '/storage-units/TANK-A/items', {
      id: 'P-SH',
      shipmentId: 'SH-J1',
      unitId: 'BAG-2',
    });
    const v = (await ok('viewer', 'GET', '/products/P-SH')) as View & {
      product: Record<string, unknown>;
      profileVersion: number;
    };
    expect(v.product).toMatchObject({ name: 'CAR-T cell injection', batch: 'B-SH-J1', unitIds: ['BAG-2'] });
    expect(v.profileVersion).toBe(1);
    const tl = await ok('viewer', 'GET', '/products/P-SH/timeline?lang=en');
    expect(tl.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'dispatch',
      'transit',
      'receipt',
      'stored',
      'storage',
    ]);
    const zh = await call('viewer', 'GET', '/products/P-SH/report?lang=zh-CN');
    expect(zh.headers['content-type']).toContain('text/html');
    expect(zh.body).toContain('产品时间线');
    expect(zh.body).toContain('Asia/Shanghai');
  });

  it("a late infusion of a shipment's product under record_deviation opens a case on the stored product, mailed to its manufacturer", async () => {
    await ok('admin', 'POST', '/devices', device('LOG-J2', 'shipper_logger'));
    await ok('logistics', 'POST', '/shipments', {
      id: 'SH-J2',
      profileId: 'CART-DEV',
      product: {
        name: 'CAR-T cell injection',
        cellType: 'CAR-T',
        batch: 'B-SH-J2',
        quantity: 1,
        state: 'frozen',
      },
      containerType: 'ln2_dry_shipper',
      deviceIds: ['LOG-J2'],
      manufacturer: { name: 'Late Cell', qaEmail: 'qa-late@maker.example', locale: 'en' },
      origin: 'Suzhou',
      destination: SITE,
    });
    await ok('logistics', 'POST', '/shipments/SH-J2/dispatch', { at: iso(now - 600 * MIN) });
    await ok('receiver', 'POST', '/shipments/SH-J2/receipt', {
      receiverName: 'Wang',
      receivedAt: iso(now - 360 * MIN),
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    await ok('receiver', 'POST', '/storage-units/TANK-A/items', {
      id: 'P-SH2',
      shipmentId: 'SH-J2',
      storedAt: iso(now - 300 * MIN),
    });
    await ok('receiver', 'POST', '/storage-units/TANK-A/items/P-SH2/remove', {
      purpose: 'use',
      at: iso(now - 60 * MIN),
    });
    await ok('receiver', 'POST', '/products/P-SH2/thaw-started', { at: iso(now - 48 * MIN) });
    await ok('receiver', 'POST', '/products/P-SH2/thaw-finished', { at: iso(now - 45 * MIN) });
    const before = await h.records.outbox.counts();
    const v = (await ok('receiver', 'POST', '/products/P-SH2/infused', {
      productIdentifier: 'P-SH2',
      reason: 'physician decision',
    })) as View;
    expect(v.events.at(-1)).toMatchObject({ kind: 'infused', deviation: true });
    const cases = (await ok('admin', 'GET', '/cases')) as {
      id: string;
      subject: { kind: string; id: string };
      shipmentId?: string;
      source: string;
      findingCodes: string[];
      manufacturer: { qaEmail: string };
    }[];
    const mine = cases.filter((c) => c.subject.id === 'P-SH2');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      subject: { kind: 'stored_product', id: 'P-SH2' },
      shipmentId: 'SH-J2',
      source: 'journey',
      findingCodes: ['PRODUCT_EXPIRED'],
      manufacturer: { qaEmail: 'qa-late@maker.example' },
    });
    const detail = await ok('admin', 'GET', `/cases/${mine[0]!.id}`);
    expect(detail.findings[0]).toMatchObject({ code: 'PRODUCT_EXPIRED', clause: '7.8' });
    // in the site's language (zh-CN here), its time in the site zone
    expect(detail.findings[0].message).toContain('输注时已超过使用时限');
    expect(detail.findings[0].message).toContain('Asia/Shanghai');
    // the case and its "opened" mail committed with the step
    expect((await h.records.outbox.counts()).pending).toBe(before.pending + 1);
    const [mail] = await h.records.transaction((tx) =>
      tx.query<{ to_addrs: unknown; subject: string }>(
        'SELECT to_addrs, subject FROM mail_outbox WHERE mail_key LIKE $1 ORDER BY id DESC LIMIT 1',
        [`%${mine[0]!.id}%`],
      ),
    );
    expect(JSON.stringify(mail?.to_addrs)).toContain('qa-late@maker.example');
    // a product stored by its label alone has no manufacturer to ask: its deviation opens no case
    expect(cases.some((c) => c.subject.id === 'P-LATE')).toBe(false);
  });

  it("a failed thaw of a shipment's product opens a case on the stored product (8.2.4); rejected, the product is discarded", async () => {
    await ok('admin', 'POST', '/devices', device('LOG-J3', 'shipper_logger'));
    await ok('logistics', 'POST', '/shipments', {
      id: 'SH-J3',
      profileId: 'CART-DNU',
      product: {
        name: 'CAR-T cell injection',
        cellType: 'CAR-T',
        batch: 'B-SH-J3',
        quantity: 1,
        state: 'frozen',
      },
      containerType: 'ln2_dry_shipper',
      deviceIds: ['LOG-J3'],
      manufacturer: { name: 'Warm Bath Cell', qaEmail: 'qa-bath@maker.example', locale: 'en' },
      origin: 'Suzhou',
      destination: SITE,
    });
    await ok('logistics', 'POST', '/shipments/SH-J3/dispatch', { at: iso(now - 900 * MIN) });
    await ok('receiver', 'POST', '/shipments/SH-J3/receipt', {
      receiverName: 'Wang',
      receivedAt: iso(now - 800 * MIN),
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    await ok('receiver', 'POST', '/storage-units/TANK-A/items', {
      id: 'P-SH3',
      shipmentId: 'SH-J3',
      storedAt: iso(now - 700 * MIN),
    });
    await ok('receiver', 'POST', '/storage-units/TANK-A/items/P-SH3/remove', {
      purpose: 'use',
      at: iso(now - 130 * MIN),
    });
    // the bath ran at 41 °C for its last minute (the profile asks 36-38 °C)
    const t0 = now - 120 * MIN;
    const bath = [];
    for (let ms = t0 - 3 * MIN; ms <= t0; ms += 5 * S)
      bath.push({
        deviceId: 'BATH-1',
        tsMs: ms + 2,
        seq: 20_000 + bath.length,
        tempC: ms > t0 - 60 * S ? 41 : 37,
      });
    await h.readings.writeReadings(bath);
    await ok('receiver', 'POST', '/products/P-SH3/thaw-started', {
      at: iso(t0 - 3 * MIN),
      thawDeviceId: 'BATH-1',
    });
    const v = (await ok('receiver', 'POST', '/products/P-SH3/thaw-finished', { at: iso(t0) })) as View;
    expect(v.thaw?.status).toBe('fail');
    const cases = (await ok('admin', 'GET', '/cases')) as {
      id: string;
      subject: { kind: string; id: string };
      source: string;
      findingCodes: string[];
    }[];
    const mine = cases.filter((c) => c.subject.id === 'P-SH3');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      subject: { kind: 'stored_product', id: 'P-SH3' },
      source: 'journey',
      findingCodes: ['TEMP_OUT_OF_RANGE'],
    });
    const detail = await ok('admin', 'GET', `/cases/${mine[0]!.id}`);
    expect(detail.findings[0]).toMatchObject({ code: 'TEMP_OUT_OF_RANGE', clause: '8.2.4' });

    // the clinic's QA rejects it over the signed route; the product follows on its timeline
    const login = 'qa.zhao';
    const password = 'pass word of the clinic qa';
    const { invitation } = await h.records.users.create(
      {
        login,
        printedName: 'Zhao QA',
        email: 'zhao@example.com',
        locale: 'zh-CN',
        roles: ['qa'],
        scope: { site: SITE },
      },
      { id: 'test', name: 'test' },
    );
    await h.records.users.acceptInvitation(login, invitation!, password);
    const signedIn = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login, password },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const rejected = await h.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${mine[0]!.id}/disposition`,
      headers: {
        cookie: String(signedIn.headers['set-cookie']).split(';')[0]!,
        'x-csrf-token': signedIn.json().csrfToken,
      },
      payload: { outcome: 'rejected', epcisDisposition: 'destroyed', signature: { login, password } },
    });
    expect(rejected.statusCode, rejected.body).toBe(201);
    expect(rejected.json().state).toBe('rejected');
    const after = (await ok('receiver', 'GET', '/products/P-SH3')) as View & { state: string };
    expect(after.state).toBe('discarded');
    expect(after.events.at(-1)).toMatchObject({ kind: 'discarded' });
  });

  it('audits every move, and documents the routes in OpenAPI', async () => {
    const audit = await h.records.auditOf('stored_item', 'P-EDGE');
    expect(audit.map((a) => a.action)).toEqual([
      'store',
      'moved',
      'removed',
      'thaw_started',
      'thaw_finished',
      'infused',
    ]);
    // the signatures are audited too, on the step they sign
    const infused = ((await ok('viewer', 'GET', '/products/P-EDGE')) as View).events.at(-1)!;
    expect((await h.records.auditOf('product_event', infused.id)).map((a) => a.action)).toEqual(['sign']);
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const p of [
      '/api/v1/products/{id}/infused',
      '/api/v1/products/{id}/timeline',
      '/api/v1/storage-units/{id}/items/{itemId}/move',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});
