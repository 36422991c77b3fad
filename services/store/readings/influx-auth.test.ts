import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthInflux,
  startAuthInflux,
  startTokenPeer,
  type TokenPeer,
} from '../../../test/support/influx-auth.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/log.js';
import type { Reading } from '../../domain/contract.js';
import { isRetryableWriteError } from './errors.js';
import { createLineWriter } from './http-write.js';
import { parseInfluxUrl } from './influx-url.js';
import { readingLine } from './line-protocol.js';
import { openReadingsStore, RETENTION_POLICY } from './readings-store.js';
import { influxFingerprinter } from './record-fingerprint.js';

const logger = createLogger('silent');
const T0 = Date.parse('2026-11-20T00:00:00Z');
const readingsOf = (deviceId: string, n: number): Reading[] =>
  Array.from({ length: n }, (_, i) => ({
    deviceId,
    tsMs: T0 + i * 60_000,
    seq: i,
    tempC: 4 + (i % 5) * 0.5,
    receivedAtMs: T0 + i * 60_000 + 100,
  }));

async function collect(it: AsyncIterable<Reading>): Promise<Reading[]> {
  const out: Reading[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

/**
 * InfluxDB with credentials (issue 19). The v1 user against a private InfluxDB 1.6.7 started with
 * `auth-enabled = true`; the token (2.x / 3.x) through a peer that checks `Authorization: Token`
 * and forwards to that real InfluxDB (1.6.7 itself answers the Token scheme 401).
 */
describe('InfluxDB credentials: v1 users and 2.x / 3.x tokens', () => {
  let influx: AuthInflux;
  let host: string;

  beforeAll(async () => {
    influx = await startAuthInflux();
    host = new URL(influx.baseUrl).host;
  }, 120_000);
  afterAll(async () => {
    await influx?.stop();
  });

  it('a v1 admin user in the URL: schema made, readings written, read back, counted, fingerprinted', async () => {
    const { user, password } = influx.admin;
    const url = `http://${user}:${password}@${host}/ct_admin_db`;
    const store = await openReadingsStore({ url, logger });
    try {
      const policies = (await influx.adminQuery('SHOW RETENTION POLICIES ON "ct_admin_db"')) as {
        results: { series: { values: unknown[][] }[] }[];
      };
      expect(policies.results[0]!.series[0]!.values.map((v) => v[0])).toContain(RETENTION_POLICY);
      await store.writeReadings(readingsOf('AUTH-1', 30));
      const back = await collect(store.readingsOf('AUTH-1', T0, T0 + 3_600_000));
      expect(back).toHaveLength(30);
      expect(back[7]).toMatchObject({ seq: 7, tempC: 5 });
      expect(await store.countReadings('AUTH-1', T0, T0 + 3_600_000)).toBe(30);
      expect(await store.ping()).toBe(true);
      const prints = await influxFingerprinter(url)(['AUTH-1'], T0, T0 + 3_600_000);
      expect(prints.get('AUTH-1')?.readings).toBe(30);
    } finally {
      await store.close();
    }
  });

  it('a v1 user with rights on its database only; a wrong password or none is refused and retried, never dropped', async () => {
    await influx.adminQuery('CREATE DATABASE "ct_user_db"');
    await influx.adminQuery(`CREATE USER "ct_writer" WITH PASSWORD 'writer-pw-1'`);
    await influx.adminQuery('GRANT ALL ON "ct_user_db" TO "ct_writer"');
    const store = await openReadingsStore({
      url: `http://ct_writer:writer-pw-1@${host}/ct_user_db`,
      logger,
      ensureSchema: false,
    });
    try {
      await store.writeReadings(readingsOf('AUTH-2', 12));
      expect(await store.countReadings('AUTH-2', T0, T0 + 3_600_000)).toBe(12);
    } finally {
      await store.close();
    }
    const line = readingLine(readingsOf('AUTH-2', 1)[0]!);
    for (const url of [`http://ct_writer:wrong@${host}/ct_user_db`, `http://${host}/ct_user_db`]) {
      const writer = createLineWriter(parseInfluxUrl(url));
      const err = await rejection(writer.write(line, 'ns'));
      writer.close();
      // 401: the lines are fine, the credentials are not; the gateway's spool keeps them
      expect(err.code).toBe('CT_INFLUX_UNAVAILABLE');
      expect(err.message).toMatch(/credentials refused \(HTTP 401\).*COLDTRACE_INFLUX_TOKEN/);
      expect(isRetryableWriteError(err)).toBe(true);
    }
    const stranger = await openReadingsStore({
      url: `http://ct_writer:wrong@${host}/ct_user_db`,
      logger,
      ensureSchema: false,
    });
    try {
      await expect(stranger.countReadings('AUTH-2', T0, T0 + 3_600_000)).rejects.toThrow();
    } finally {
      await stranger.close();
    }
  });

  describe('a token (InfluxDB 2.x / 3.x)', () => {
    const TOKEN = 'ct-test-token_0123456789abcdef==';
    let peer: TokenPeer;
    beforeAll(async () => {
      peer = await startTokenPeer(influx.baseUrl, TOKEN, influx.admin);
      // on 2.x / 3.x the operator makes the bucket (and its DBRP mapping) or database
      await influx.adminQuery('CREATE DATABASE "ct_token_db"');
    });
    afterAll(() => peer?.close());

    it('every write, query, ping and fingerprint carries Authorization: Token, and nothing else', async () => {
      const url = `${peer.url}/ct_token_db`;
      const store = await openReadingsStore({ url, token: TOKEN, logger });
      try {
        await store.writeReadings(readingsOf('TOK-1', 20));
        await store.writeEvents([{ deviceId: 'TOK-1', tsMs: T0 + 5 * 60_000, type: 'lid_open' }]);
        expect(await collect(store.readingsOf('TOK-1', T0, T0 + 3_600_000))).toHaveLength(20);
        expect(await store.countReadings('TOK-1', T0, T0 + 3_600_000)).toBe(20);
        expect(await store.ping()).toBe(true);
        const prints = await influxFingerprinter(url, TOKEN)(['TOK-1'], T0, T0 + 3_600_000);
        expect(prints.get('TOK-1')).toMatchObject({ readings: 20, events: 1 });
      } finally {
        await store.close();
      }
      const paths = peer.seen.map((s) => s.path.split('?')[0]);
      expect(paths).toContain('/write');
      expect(paths).toContain('/query');
      expect(paths).toContain('/ping');
      // no CREATE DATABASE / RETENTION POLICY with a token: 2.x / 3.x do not take them over v1
      expect(peer.seen.some((s) => /CREATE/i.test(decodeURIComponent(s.path)))).toBe(false);
      expect(new Set(peer.seen.map((s) => s.authorization))).toEqual(new Set([`Token ${TOKEN}`]));
    });

    it('a wrong token is refused (401) and retried; the real 1.6.7 refuses the Token scheme itself', async () => {
      const line = readingLine(readingsOf('TOK-2', 1)[0]!);
      const wrong = createLineWriter(parseInfluxUrl(`${peer.url}/ct_token_db`, 'not-the-token'));
      const err = await rejection(wrong.write(line, 'ns'));
      wrong.close();
      expect(err.code).toBe('CT_INFLUX_UNAVAILABLE');
      expect(isRetryableWriteError(err)).toBe(true);
      const direct = createLineWriter(parseInfluxUrl(`${influx.baseUrl}/ct_token_db`, TOKEN));
      const refused = await rejection(direct.write(line, 'ns'));
      direct.close();
      expect(refused.message).toMatch(/HTTP 401/);
    });
  });

  it('settings: a token needs the URL, and a token beside a user in the URL is refused by name', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return undefined;
    };
    expect(problem({ COLDTRACE_INFLUX_TOKEN: 't' })).toEqual([
      { variable: 'COLDTRACE_INFLUX_TOKEN', message: expect.stringMatching(/COLDTRACE_INFLUX_URL/) },
    ]);
    expect(
      problem({ COLDTRACE_INFLUX_TOKEN: 't', COLDTRACE_INFLUX_URL: 'http://u:p@127.0.0.1:8086/db' }),
    ).toEqual([{ variable: 'COLDTRACE_INFLUX_TOKEN', message: expect.stringMatching(/not both/) }]);
    expect(
      loadConfig({ COLDTRACE_INFLUX_TOKEN: 't', COLDTRACE_INFLUX_URL: 'https://eu.example.com/db' })
        .influxToken,
    ).toBe('t');
    expect(() => parseInfluxUrl('http://u:p@127.0.0.1:8086/db', 't')).toThrow(/not both/);
    expect(ConfigError).toBeDefined();
  });
});
