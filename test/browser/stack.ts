import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../services/api/app.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import type { Role } from '../../services/store/sql/api-keys-repo.js';
import { openRecordsStore, type RecordsStore } from '../../services/store/sql/records-store.js';
import { type TestInflux, testInflux } from '../helpers/influx.js';

export const ADMIN_KEY = 'browser-test-admin-key-0123456789';

export interface Stack {
  baseUrl: string;
  app: FastifyInstance;
  records: RecordsStore;
  readings: ReadingsStore;
  influx: TestInflux;
  /** a key of `role`, issued through the records store as an administrator would */
  keyFor(role: Role): Promise<string>;
  /** a call to the public API as the bootstrap admin */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The API with the built-in pages, on a real socket, over a real InfluxDB and an in-memory PGlite:
 * what a browser at the receiving door talks to.
 */
export async function startStack(): Promise<Stack> {
  const influx = await testInflux('browser');
  const config = loadConfig({
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_ADMIN_KEY: ADMIN_KEY,
    COLDTRACE_HTTP_PORT: '0',
    COLDTRACE_LOG_LEVEL: 'silent',
    COLDTRACE_SITE_TIMEZONE: 'Asia/Shanghai',
    COLDTRACE_LOCALE: 'zh-CN',
  });
  const logger = createLogger('silent', 'browser-test');
  const records = await openRecordsStore(config, { inMemory: true });
  const readings = await openReadingsStore({ url: influx.url, logger });
  const app = await buildApi({ config, logger, records, readings, rateLimitPerMinute: false });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    baseUrl,
    app,
    records,
    readings,
    influx,
    admin,
    async keyFor(role) {
      const { key } = await records.apiKeys.issue(`browser ${role}`, role, {
        id: 'test',
        name: 'browser test',
      });
      return key;
    },
    async stop() {
      await app.close();
      await readings.close();
      await records.close();
      await influx.drop();
    },
  };
}
