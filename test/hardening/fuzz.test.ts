import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../services/api/app.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import { openSqlDb } from '../../services/store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../../services/store/sql/records-store.js';
import { type TestInflux, testInflux } from '../support/influx.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';
import { SCHEMA_SEEDS } from './fuzz/corpus.js';
import { mutateObject, NASTY_VALUES, pick, prng } from './fuzz/mutate.js';
import { runFuzz } from './fuzz/run.js';

describe('fuzzing the gateway decoders and the request schemas', () => {
  it('20,000 generated and mutated inputs: no throw, no hang, accepted inputs re-validate, rejections carry a CT_ code', () => {
    const report = runFuzz({ inputs: 20_000, seed: Number(process.env.COLDTRACE_FUZZ_SEED ?? 20261126) });
    expect(report.problems).toEqual([]);
    expect(report.inputs).toBe(20_000);
    // every kind of outcome was reached, so the mutations are neither all-valid nor all-garbage
    expect(report.decoder.accepted).toBeGreaterThan(100);
    expect(report.decoder.rejected).toBeGreaterThan(1000);
    expect(report.schema.accepted).toBeGreaterThan(100);
    for (const code of Object.keys(report.codes)) expect(code).toMatch(/^CT_[A-Z_]+$/);
    // no single input may take long (a hang, a catastrophic regex, deep recursion)
    expect(report.maxInputMs).toBeLessThan(1_000);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

/** Percent-encodes any text, unpaired surrogates included (as the bytes of U+FFFD). */
const safeEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const ADMIN = 'fuzz-admin-key-0123456789abcdef';

describe('fuzzing real HTTP requests through buildApi (app.inject)', () => {
  let app: FastifyInstance;
  let records: RecordsStore;
  let readings: ReadingsStore;
  let influx: TestInflux;
  let pg: TestPostgres;

  beforeAll(async () => {
    influx = await testInflux('fuzz');
    const config = loadConfig({ COLDTRACE_ADMIN_KEY: ADMIN, COLDTRACE_INFLUX_URL: influx.url });
    const logger = createLogger('silent', 'fuzz');
    pg = await testPostgres('fuzz');
    records = recordsStoreOver(await openSqlDb({ databaseUrl: pg.url }));
    await records.apiKeys.ensureBootstrapAdmin(ADMIN);
    readings = await openReadingsStore({ url: influx.url, logger });
    app = await buildApi({
      config,
      logger,
      records,
      readings,
      rateLimitPerMinute: false,
      authFailuresPerMinute: false,
      webPages: false,
    });
    // the valid entities the mutated requests refer to
    for (const [url, name] of [
      ['/api/v1/profiles', 'profile'],
      ['/api/v1/devices', 'device'],
      ['/api/v1/shipments', 'shipment'],
      ['/api/v1/storage-units', 'storage-unit'],
    ] as const) {
      await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${ADMIN}` },
        payload: SCHEMA_SEEDS.find((s) => s.name === name)!.value as object,
      });
    }
    await records.devices.create(
      {
        id: 'SENS-1',
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      },
      'x',
      { id: 'test', name: 'test' },
    );
  });
  afterAll(async () => {
    await app?.close();
    await readings?.close();
    await records?.close();
    await influx?.drop();
    await pg?.drop();
  });

  it('1,500 mutated requests: no 5xx, every error a stable CT_ code without internals', async () => {
    const rand = prng(4242);
    const routes: { url: string; seed: string }[] = [
      { url: '/api/v1/profiles', seed: 'profile' },
      { url: '/api/v1/devices', seed: 'device' },
      { url: '/api/v1/shipments', seed: 'shipment' },
      { url: '/api/v1/shipments/SHP-1/dispatch', seed: 'dispatch' },
      { url: '/api/v1/shipments/SHP-1/receipt', seed: 'receipt' },
      { url: '/api/v1/storage-units', seed: 'storage-unit' },
      { url: '/api/v1/storage-units/FRIDGE-1/items', seed: 'stored-item' },
    ];
    const statuses: Record<number, number> = {};
    const serverErrors: string[] = [];
    for (let i = 0; i < 1_500; i++) {
      const route = pick(rand, routes);
      const valid = SCHEMA_SEEDS.find((s) => s.name === route.seed)!.value;
      const r = rand();
      let payload: string;
      let contentType = 'application/json';
      let url = route.url;
      let authorization = `Bearer ${ADMIN}`;
      if (r < 0.6) payload = JSON.stringify(mutateObject(rand, valid)) ?? 'null';
      else if (r < 0.75) {
        const text = JSON.stringify(valid);
        payload = text.slice(0, Math.floor(rand() * text.length));
      } else if (r < 0.82) {
        payload = JSON.stringify(valid);
        contentType = pick(rand, [
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          '',
        ]);
      } else if (r < 0.9) {
        payload = JSON.stringify(valid);
        url = `${route.url.replace(/SHP-1|FRIDGE-1/, safeEncode(String(pick(rand, NASTY_VALUES)).slice(0, 300)))}?lang=${safeEncode(String(pick(rand, NASTY_VALUES)).slice(0, 50))}`;
      } else {
        payload = JSON.stringify(valid);
        authorization = pick(rand, [
          '',
          'Bearer',
          'Bearer ',
          `Basic ${ADMIN}`,
          `Bearer ${ADMIN}x`,
          `Bearer ${'a'.repeat(5000)}`,
          'Bearer \u00e9',
        ]);
      }
      const res = await app.inject({
        method: rand() < 0.95 ? 'POST' : 'GET',
        url,
        headers: { authorization, ...(contentType ? { 'content-type': contentType } : {}) },
        payload,
      });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 500) {
        serverErrors.push(`${url} ${payload.slice(0, 200)}`);
        continue;
      }
      if (res.statusCode >= 400) {
        const body = res.json() as { code?: string; message?: string };
        expect(body.code).toMatch(/^CT_[A-Z_]+$/);
        expect(res.body).not.toMatch(/node_modules|\bat [\w.<>]+ \(|ZodError|SELECT |INSERT /);
      }
    }
    expect(serverErrors).toEqual([]);
    // both sides were exercised: some mutated requests were still valid, most were refused
    const ok = Object.entries(statuses)
      .filter(([s]) => Number(s) < 300)
      .reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(0);
    expect(statuses[400] ?? 0).toBeGreaterThan(500);
    expect(statuses[401] ?? 0).toBeGreaterThan(10);
  }, 240_000); // 1,500 requests: minutes on a loaded 2-core machine
});
