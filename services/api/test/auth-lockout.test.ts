import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';
import { buildApi } from '../app.js';

/**
 * Guessing API keys: 20 failures a minute per client address, then the address's wrong keys are
 * 429 CT_AUTH_LOCKED (back-off); a right key from the same address still gets in (#12: a NAT).
 */
describe('failed authentications are limited per client address', () => {
  let h: Harness;
  let app: FastifyInstance;
  const logLines: string[] = [];
  const GUESS = 'guess-0123456789abcdef-';
  const get = (address: string, key: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/shipments',
      remoteAddress: address,
      headers: { authorization: `Bearer ${key}` },
    });

  beforeAll(async () => {
    h = await startHarness('pglite');
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    // the same stores, with a logger that keeps every line (to prove no key is logged)
    app = await buildApi({
      config: h.app.deps.config,
      logger: pino({ level: 'debug' }, sink),
      records: h.records,
      readings: h.readings,
      webPages: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('the 21st wrong key in a minute from one address is 429 CT_AUTH_LOCKED with Retry-After', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await get('10.1.1.1', `${GUESS}${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('CT_UNAUTHORIZED');
    }
    const locked = await get('10.1.1.1', `${GUESS}20`);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('CT_AUTH_LOCKED');
    const retryAfterS = Number(locked.headers['retry-after']);
    expect(retryAfterS).toBeGreaterThan(0);
    expect(retryAfterS).toBeLessThanOrEqual(60);
    expect(locked.json().localizedMessage).toContain(String(retryAfterS));
  });

  it('lets every valid user behind the same address in while a neighbour guesses (NAT)', async () => {
    // 10.1.1.1 is backing off after the test above; its valid users are not
    for (const role of ['admin', 'logistics', 'qa'] as const) {
      expect((await get('10.1.1.1', h.keys[role])).statusCode).toBe(200);
    }
    // the guesser keeps getting 429, not a fresh 401 budget
    expect((await get('10.1.1.1', `${GUESS}more`)).json().code).toBe('CT_AUTH_LOCKED');
  });

  it('refuses a wrong key retried from one address without looking it up, the address goes on', async () => {
    const stale = `${GUESS}revoked`;
    for (let i = 0; i < 5; i++) expect((await get('10.4.4.4', stale)).statusCode).toBe(401);
    const res = await get('10.4.4.4', stale);
    expect(res.statusCode).toBe(401);
    const refused = await get('10.4.4.4', stale);
    expect(refused.json().code).toBe('CT_AUTH_LOCKED');
    expect((await get('10.4.4.4', h.keys.qa)).statusCode).toBe(200);
    expect((await get('10.4.4.4', `${GUESS}other`)).statusCode).toBe(401);
  });

  it('other addresses are unaffected: their right keys work, their wrong keys are 401', async () => {
    expect((await get('10.2.2.2', h.keys.logistics)).statusCode).toBe(200);
    expect((await get('10.2.2.2', `${GUESS}x`)).statusCode).toBe(401);
    expect((await get('10.2.2.2', h.keys.qa)).statusCode).toBe(200);
  });

  it('requests without any key are 401 and do not lock the address', async () => {
    for (let i = 0; i < 25; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/shipments', remoteAddress: '10.3.3.3' });
      expect(res.statusCode).toBe(401);
    }
    expect((await get('10.3.3.3', h.keys.qa)).statusCode).toBe(200);
  });

  it('never logs a key, tried or valid; the lock is logged with the address', () => {
    const log = logLines.join('');
    expect(log).toContain('10.1.1.1');
    expect(log).toContain('address backing off');
    expect(log).not.toContain(GUESS);
    for (const key of Object.values(h.keys)) expect(log).not.toContain(key);
  });
});

/** The rate limit reads the key as auth does: `bearer K` and `Bearer  K` are the bucket of `Bearer K`. */
describe('the rate limit cannot be dodged by spelling the header differently', () => {
  let h: Harness;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await startHarness('pglite');
    app = await buildApi({
      config: h.app.deps.config,
      logger: pino({ level: 'silent' }),
      records: h.records,
      readings: h.readings,
      webPages: false,
      rateLimitPerMinute: 5,
    });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('counts every spelling of one key in one bucket', async () => {
    const key = h.keys.qa;
    const spellings = [
      `Bearer ${key}`,
      `bearer ${key}`,
      `Bearer  ${key}`,
      `BEARER ${key} `,
      `Bearer\t${key}`,
    ];
    const codes: number[] = [];
    for (const authorization of [...spellings, `bearer  ${key}`]) {
      const res = await app.inject({
        url: '/api/v1/shipments',
        remoteAddress: '10.9.9.9',
        headers: { authorization },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    // another key has its own bucket
    const other = await app.inject({
      url: '/api/v1/shipments',
      remoteAddress: '10.9.9.9',
      headers: { authorization: `Bearer ${h.keys.logistics}` },
    });
    expect(other.statusCode).toBe(200);
  });
});
