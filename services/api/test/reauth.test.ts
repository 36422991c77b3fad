import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';

/**
 * 21 CFR 11.200(a)(1): the first signing of a session asks both components (login name and
 * password); later signings in the same session at least the password. coldtrace asks both at
 * every signing: a session cookie alone, or a login name without its password, signs nothing.
 */
const HOUR_MS = 3_600_000;
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const checks = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };
const IDS = ['RA-1', 'RA-2', 'RA-3'] as const;

describe.each(['postgres', 'pglite'] as const)('re-authentication at signing on %s', (driver) => {
  let h: Harness;
  let session: { cookie: string; 'x-csrf-token': string };
  const receipt = (id: string, body: object) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${id}/receipt`,
      headers: session,
      payload: { receiverName: 'typed', checks, ...body },
      remoteAddress: '10.9.9.9',
    });
  const status = async (id: string) =>
    (await h.app.inject({ method: 'GET', url: `/api/v1/shipments/${id}`, headers: admin })).json().status;

  beforeAll(async () => {
    h = await startHarness(driver);
    const call = (url: string, payload: object) =>
      h.app.inject({ method: 'POST', url, headers: admin, payload });
    const now = Date.now();
    const profile = {
      id: 'p-ra',
      name: 'fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 1440,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await call('/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const id of IDS) {
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
        origin: 'plant',
        destination: 'Hospital A',
      };
      expect((await call('/api/v1/shipments', shipment)).statusCode).toBe(201);
      const at = new Date(now - HOUR_MS).toISOString();
      expect((await call(`/api/v1/shipments/${id}/dispatch`, { at })).statusCode).toBe(200);
      await h.readings.writeReadings(minuteReadings(dev, now - HOUR_MS, now - 60_000, () => 5));
    }
    const { invitation } = await h.records.users.create(
      { login: 'li.na', printedName: '李娜 Li Na', email: 'li@a.example', locale: 'en', roles: ['receiver'] },
      { id: 'test', name: 'test setup' },
    );
    await h.records.users.acceptInvitation('li.na', invitation!, 'li na own password');
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'li.na', password: 'li na own password' },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    session = {
      cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': signIn.json().csrfToken,
    };
  }, 180_000);
  afterAll(() => h?.close());

  it('asks login name and password at the first signing of the session, and the password again later', async () => {
    // the session alone signs nothing
    expect((await receipt('RA-1', {})).json().code).toBe('CT_SIGNER_INVALID');
    // the login name without the password is no signature (both components at the first signing)
    const noPassword = await receipt('RA-1', { signatures: [{ login: 'li.na', meaning: 'received' }] });
    expect(noPassword.statusCode).toBe(400);
    const noLogin = await receipt('RA-1', {
      signatures: [{ password: 'li na own password', meaning: 'received' }],
    });
    expect(noLogin.statusCode).toBe(400);
    expect(await status('RA-1')).toBe('in_transit');

    const first = await receipt('RA-1', {
      signatures: [{ login: 'li.na', password: 'li na own password', meaning: 'received' }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().signatures[0]).toMatchObject({
      printedName: '李娜 Li Na',
      meaning: 'received',
      valid: true,
    });

    // a later signing in the same session: the password is asked again, and checked
    const later = await receipt('RA-2', { signatures: [{ login: 'li.na', meaning: 'received' }] });
    expect(later.statusCode).toBe(400);
    const wrong = await receipt('RA-2', {
      signatures: [{ login: 'li.na', password: 'not the password', meaning: 'received' }],
    });
    expect(wrong.json().code).toBe('CT_SIGNER_INVALID');
    expect(await status('RA-2')).toBe('in_transit');
    const right = await receipt('RA-2', {
      signatures: [{ login: 'li.na', password: 'li na own password', meaning: 'received' }],
    });
    expect(right.statusCode, right.body).toBe(201);

    // each signing is its own act in the audit trail, by the person
    const signs = [
      ...(await h.records.auditOf('receipt', 'RA-1')),
      ...(await h.records.auditOf('receipt', 'RA-2')),
    ].filter((r) => r.action === 'sign');
    expect(signs.map((r) => [r.entityId, r.actorName])).toEqual([
      ['RA-1', '李娜 Li Na'],
      ['RA-2', '李娜 Li Na'],
    ]);
  });

  it('a wrong signing password counts under the sign-in lockout, per account and address', async () => {
    let last = '';
    for (let i = 0; i < 12 && last !== 'CT_SIGN_IN_LOCKED'; i++) {
      last = (
        await receipt('RA-3', {
          signatures: [{ login: 'li.na', password: `guess ${i} password`, meaning: 'received' }],
        })
      ).json().code;
    }
    expect(last).toBe('CT_SIGN_IN_LOCKED');
    expect(await status('RA-3')).toBe('in_transit');
    // the holder still signs in from another address (the guesser cannot lock them out)
    const elsewhere = await h.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'li.na', password: 'li na own password' },
      remoteAddress: '10.1.2.3',
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });
});
