import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/log.js';
import { buildApi } from '../app.js';

/**
 * Issue 14 over the HTTP API: accounts, page sessions (cookie, CSRF, idle timeout), scopes on
 * every route, and signed receipts. The app runs on a clock the test moves.
 */
const HOUR_MS = 3_600_000;
const profile = {
  id: 'car-t-ln2',
  name: 'CAR-T frozen',
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
const shipment = (id: string, deviceId: string, maker: string, site: string) => ({
  id,
  profileId: maker === 'maker-a' ? 'car-t-a' : profile.id,
  product: {
    name: `Product of ${maker}`,
    cellType: 'CAR-T',
    batch: `BATCH-${id}`,
    quantity: 1,
    state: 'fresh',
  },
  containerType: 'passive_2_8_box',
  deviceIds: [deviceId],
  manufacturer: { name: `Maker ${maker}`, qaEmail: `qa@${maker}.example`, locale: 'en' },
  manufacturerOrg: maker,
  origin: `${maker} plant`,
  destination: `Hospital ${site}`,
  destinationSite: site,
});
const allChecksOk = {
  labelOk: true,
  packagingOk: true,
  appearanceOk: true,
  documentsOk: true,
  quantityOk: true,
};

/** Names and ids of site-a / maker-a records that nobody of site-b / maker-b may read. */
const SECRETS_OF_A = [
  'SH-A1',
  'SH-A2',
  'Maker maker-a',
  'Product of maker-a',
  'BATCH-SH-A1',
  'Hospital site-a',
  'LA1',
  'LA2',
  'FRIDGE-A',
];

describe.each(['postgres', 'pglite'] as const)('people on %s', (driver) => {
  let h: Harness;
  let app: FastifyInstance;
  let clock = Date.now();
  const dispatchMs = clock - 3 * HOUR_MS;
  const key = (k: string) => ({ authorization: `Bearer ${k}` });
  const inject = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, headers, payload: payload as object });
  const admin = (method: string, url: string, payload?: unknown) =>
    inject(method, url, key(ADMIN_KEY), payload);
  const keys: Record<string, string> = {};

  interface Session {
    cookie: string;
    csrf: string;
  }
  async function signIn(login: string, password: string, address = '10.1.1.1'): Promise<Session> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login, password },
      remoteAddress: address,
    });
    expect(res.statusCode, res.body).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrfToken };
  }
  const as = (s: Session, method: string, url: string, payload?: unknown, csrf = true) =>
    inject(method, url, { cookie: s.cookie, ...(csrf && { 'x-csrf-token': s.csrf }) }, payload);

  beforeAll(async () => {
    h = await startHarness(driver);
    const config = loadConfig({
      COLDTRACE_LOG_LEVEL: 'silent',
    });
    app = await buildApi({
      config,
      logger: createLogger('silent', 'people-test'),
      records: h.records,
      readings: h.readings,
      now: () => clock,
      rateLimitPerMinute: false,
    });
    expect((await admin('POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    expect((await admin('POST', '/api/v1/profiles', { ...profile, id: 'car-t-a' })).statusCode).toBe(201);
    for (const id of ['LA1', 'LA2', 'LB1', 'SA1', 'SB1'])
      expect((await admin('POST', '/api/v1/devices', device(id))).statusCode).toBe(201);
    for (const [id, dev, maker, site] of [
      ['SH-A1', 'LA1', 'maker-a', 'site-a'],
      ['SH-A2', 'LA2', 'maker-a', 'site-a'],
      ['SH-B1', 'LB1', 'maker-b', 'site-b'],
    ] as const) {
      expect((await admin('POST', '/api/v1/shipments', shipment(id, dev, maker, site))).statusCode).toBe(201);
      expect(
        (await admin('POST', `/api/v1/shipments/${id}/dispatch`, { at: new Date(dispatchMs).toISOString() }))
          .statusCode,
      ).toBe(200);
      await h.readings.writeReadings(minuteReadings(dev, dispatchMs, clock - 60_000, () => 5));
    }
    for (const [id, site, dev] of [
      ['FRIDGE-A', 'site-a', 'SA1'],
      ['FRIDGE-B', 'site-b', 'SB1'],
    ] as const) {
      const unit = {
        id,
        name: `fridge ${site}`,
        storageMode: 'refrigerated',
        alarmDelayMinutes: 5,
        deviceIds: [dev],
        site,
      };
      expect((await admin('POST', '/api/v1/storage-units', unit)).statusCode).toBe(201);
    }
    for (const [name, role, scope] of [
      ['qa maker-b', 'qa', { organisation: 'maker-b' }],
      ['logistics maker-b', 'logistics', { organisation: 'maker-b' }],
      ['receiver site-b', 'receiver', { site: 'site-b' }],
      ['admin site-b', 'admin', { site: 'site-b' }],
      ['viewer site-b', 'viewer', { site: 'site-b' }],
    ] as const) {
      const res = await admin('POST', '/api/v1/api-keys', { name, role, scope });
      expect(res.statusCode, res.body).toBe(201);
      keys[name] = res.json().key;
    }
    const people = [
      ['recv.a', '张敏 Zhang Min', ['receiver'], { site: 'site-a' }],
      ['verif.a', '王芳 Wang Fang', ['receiver'], { site: 'site-a' }],
      ['recv.b', 'Bob Site-B', ['receiver'], { site: 'site-b' }],
      ['qa.b', 'QA Maker-B', ['qa'], { organisation: 'maker-b' }],
    ] as const;
    for (const [login, printedName, roles, scope] of people) {
      const res = await admin('POST', '/api/v1/users', {
        login,
        printedName,
        email: `${login}@example.org`,
        locale: 'en',
        roles,
        scope,
        initialPassword: `${login.replace('.', '-')} first password`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('accounts: first sign-in must set an own password; CSRF on every change; sign-out; idle timeout', async () => {
    const s = await signIn('recv.a', 'recv-a first password');
    expect((await as(s, 'GET', '/api/v1/me')).json()).toMatchObject({
      kind: 'user',
      login: 'recv.a',
      mustChangePassword: true,
      scope: { site: 'site-a' },
    });
    expect((await as(s, 'GET', '/api/v1/shipments')).json().code).toBe('CT_PASSWORD_CHANGE_REQUIRED');
    const change = { currentPassword: 'recv-a first password', newPassword: 'recv-a own password!' };
    // a change without the session's CSRF token is refused, with a wrong one too
    expect((await as(s, 'POST', '/api/v1/me/password', change, false)).json().code).toBe('CT_CSRF_REFUSED');
    expect(
      (
        await inject('POST', '/api/v1/me/password', { cookie: s.cookie, 'x-csrf-token': 'forged' }, change)
      ).json().code,
    ).toBe('CT_CSRF_REFUSED');
    expect(
      (await as(s, 'POST', '/api/v1/me/password', { ...change, newPassword: 'short' })).json().code,
    ).toBe('CT_PASSWORD_POLICY');
    expect((await as(s, 'POST', '/api/v1/me/password', change)).statusCode).toBe(204);
    const list = await as(s, 'GET', '/api/v1/shipments');
    expect(
      list
        .json()
        .map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual(['SH-A1', 'SH-A2']);
    // no API key pasted anywhere, and a forged cookie is nobody
    expect((await inject('GET', '/api/v1/me', { cookie: 'ct_session=forged' })).json().code).toBe(
      'CT_SESSION_EXPIRED',
    );
    // idle timeout (15 min by default): a request within it keeps the session, after it the session is gone
    clock += 14 * 60_000;
    expect((await as(s, 'GET', '/api/v1/me')).statusCode).toBe(200);
    clock += 15 * 60_000;
    expect((await as(s, 'GET', '/api/v1/me')).json().code).toBe('CT_SESSION_EXPIRED');
    const s2 = await signIn('recv.a', 'recv-a own password!');
    expect((await as(s2, 'DELETE', '/api/v1/session', undefined, false)).json().code).toBe('CT_CSRF_REFUSED');
    expect((await as(s2, 'DELETE', '/api/v1/session')).statusCode).toBe(204);
    expect((await as(s2, 'GET', '/api/v1/me')).json().code).toBe('CT_SESSION_EXPIRED');
    // the API still takes Bearer keys
    expect((await admin('GET', '/api/v1/me')).json()).toMatchObject({ kind: 'key', role: 'admin' });
    // admin reset (audited) ends the person's sessions
    const s3 = await signIn('recv.a', 'recv-a own password!');
    const target = (await admin('GET', '/api/v1/users'))
      .json()
      .find((u: { login: string }) => u.login === 'recv.a');
    const reset = await admin('POST', `/api/v1/users/${target.id}/reset`, { reason: 'test' });
    expect(reset.json().invitation).toMatch(/^cti_/);
    expect((await as(s3, 'GET', '/api/v1/me')).json().code).toBe('CT_SESSION_EXPIRED');
    const activate = await inject(
      'POST',
      '/api/v1/users/activate',
      {},
      { login: 'recv.a', invitation: reset.json().invitation, password: 'recv-a third password' },
    );
    expect(activate.statusCode, activate.body).toBe(200);
  });

  it('sign-in lockout: guessing from one address does not lock the holder out from theirs', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { login: 'qa.b', password: `wrong guess ${i}` },
        remoteAddress: '203.0.113.9',
      });
      expect([401, 429]).toContain(res.statusCode);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'qa.b', password: 'qa-b first password' },
      remoteAddress: '203.0.113.9',
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('CT_SIGN_IN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await signIn('qa.b', 'qa-b first password', '198.51.100.20');
  });

  it('scopes: every route, called by another site and another manufacturer, answers 404/403 and leaks nothing', async () => {
    const doc = (await inject('GET', '/docs/json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const sb = await signIn('recv.b', 'recv-b first password');
    await as(sb, 'POST', '/api/v1/me/password', {
      currentPassword: 'recv-b first password',
      newPassword: 'recv-b own password!',
    });
    const callers: [string, (m: string, u: string, p?: unknown) => Promise<LightMyRequestResponse>][] = [
      ...Object.entries(keys).map(
        ([name, k]) =>
          [name, (m: string, u: string, p?: unknown) => inject(m, u, key(k), p)] as [
            string,
            (m: string, u: string, p?: unknown) => Promise<LightMyRequestResponse>,
          ],
      ),
      ['session recv.b', (m, u, p) => as(sb, m, u, p)],
    ];
    const ids: Record<string, string> = {
      '/shipments/': 'SH-A1',
      '/storage-units/': 'FRIDGE-A',
      '/devices/': 'LA1',
      '/profiles/': 'car-t-a',
    };
    let tried = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || !path.includes('{id}')) continue;
      const prefix = Object.keys(ids).find((p) => path.startsWith(`/api/v1${p}`));
      if (!prefix) continue;
      const url = path.replace('{id}', ids[prefix]!).replace('{itemId}', 'ITEM-1');
      for (const method of Object.keys(ops)) {
        for (const [who, call] of callers) {
          const res = await call(method.toUpperCase(), url, method === 'get' ? undefined : {});
          tried++;
          expect([403, 404], `${who} ${method} ${url}: ${res.statusCode} ${res.body}`).toContain(
            res.statusCode,
          );
          for (const secret of SECRETS_OF_A.filter((x) => !url.includes(x))) {
            expect(res.body, `${who} ${method} ${url} leaks ${secret}`).not.toContain(secret);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(40);
    // lists filter
    for (const [who, call] of callers) {
      for (const url of [
        '/api/v1/shipments',
        '/api/v1/alerts',
        '/api/v1/api-keys',
        '/api/v1/users',
        '/api/v1/storage-units',
      ]) {
        const res = await call('GET', url);
        for (const secret of SECRETS_OF_A)
          expect(res.body, `${who} GET ${url} leaks ${secret}`).not.toContain(secret);
      }
    }
    // what B may see, B sees
    expect((await inject('GET', '/api/v1/shipments/SH-B1', key(keys['qa maker-b']!))).statusCode).toBe(200);
    const bVerdict = await as(sb, 'GET', '/api/v1/shipments/SH-B1/verdict');
    expect(bVerdict.statusCode, bVerdict.body).toBe(200);
    // writes outside one's scope: 403
    const other = { ...shipment('SH-X', 'LB1', 'maker-a', 'site-a') };
    expect(
      (await inject('POST', '/api/v1/shipments', key(keys['logistics maker-b']!), other)).json().code,
    ).toBe('CT_SCOPE_REFUSED');
    const unit = {
      id: 'FRIDGE-X',
      name: 'x',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 5,
      deviceIds: ['SB1'],
      site: 'site-a',
    };
    expect(
      (await inject('POST', '/api/v1/storage-units', key(keys['admin site-b']!), unit)).json().code,
    ).toBe('CT_SCOPE_REFUSED');
    expect(
      (
        await inject('POST', '/api/v1/api-keys', key(keys['admin site-b']!), {
          name: 'x',
          role: 'admin',
          scope: { site: 'site-a' },
        })
      ).json().code,
    ).toBe('CT_SCOPE_REFUSED');
  });

  it('signed receipt: receiver and second verifier each sign with their own account; bound to the content', async () => {
    const s = await signIn('recv.a', 'recv-a third password');
    await as(s, 'POST', '/api/v1/me/password', {
      currentPassword: 'recv-a third password',
      newPassword: 'recv-a final password',
    });
    const base = { receiverName: 'typed', checks: allChecksOk };
    const own = { login: 'recv.a', password: 'recv-a final password', meaning: 'received' };
    // a session receipt needs the person's own signature; a typed verifier name is no signature
    expect((await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', base)).json().code).toBe(
      'CT_SIGNER_INVALID',
    );
    expect(
      (
        await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
          ...base,
          verifierName: 'Wang',
          signatures: [own],
        })
      ).json().code,
    ).toBe('CT_SIGNER_INVALID');
    // re-authentication at signing: a wrong password is refused and nothing is recorded
    const wrong = await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
      ...base,
      signatures: [{ ...own, password: 'not my password' }],
    });
    expect(wrong.json().code).toBe('CT_SIGNER_INVALID');
    // the same person twice is impossible by construction
    const twice = await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
      ...base,
      signatures: [own, { ...own, meaning: 'verified' }],
    });
    expect(twice.json().code).toBe('CT_SIGNER_INVALID');
    // a verifier of another site may not sign
    const foreign = await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
      ...base,
      signatures: [own, { login: 'recv.b', password: 'recv-b own password!', meaning: 'verified' }],
    });
    expect(foreign.json().code).toBe('CT_SIGNER_INVALID');
    expect((await admin('GET', '/api/v1/shipments/SH-A1')).json().status).toBe('in_transit');

    const res = await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
      ...base,
      signatures: [own, { login: 'verif.a', password: 'verif-a first password', meaning: 'verified' }],
    });
    // verif.a has not set an own password yet
    expect(res.json().code).toBe('CT_PASSWORD_CHANGE_REQUIRED');
    const sv = await signIn('verif.a', 'verif-a first password');
    await as(sv, 'POST', '/api/v1/me/password', {
      currentPassword: 'verif-a first password',
      newPassword: 'verif-a own password!',
    });
    const ok = await as(s, 'POST', '/api/v1/shipments/SH-A1/receipt', {
      ...base,
      signatures: [own, { login: 'verif.a', password: 'verif-a own password!', meaning: 'verified' }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const body = ok.json();
    expect(body.receipt).toMatchObject({ receiverName: '张敏 Zhang Min', verifierName: '王芳 Wang Fang' });
    expect(
      body.signatures.map((x: { meaning: string; printedName: string; valid: boolean }) => [
        x.meaning,
        x.printedName,
        x.valid,
      ]),
    ).toEqual([
      ['received', '张敏 Zhang Min', true],
      ['verified', '王芳 Wang Fang', true],
    ]);
    expect(body.signatures[0].signedAt).toBe(new Date(clock).toISOString());
    const again = (await admin('GET', '/api/v1/shipments/SH-A1/receipt')).json();
    expect(again.signatures.every((x: { valid: boolean }) => x.valid)).toBe(true);
    // the audit trail names the person, and carries both signatures
    const audit = (await h.records.verifyAudit()).ok;
    expect(audit).toBe(true);
  });
});
