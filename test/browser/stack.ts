import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { type RunningColdtrace, startColdtrace } from '../../cli/start.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import type { ReadingsStore } from '../../services/store/readings/readings-store.js';
import type { Role } from '../../services/store/sql/api-keys-repo.js';
import type { RecordsStore } from '../../services/store/sql/records-store.js';
import { connectClient } from '../support/broker.js';
import { type TestInflux, testInflux } from '../support/influx.js';
import { freePort } from '../support/ports.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

export const ADMIN_KEY = 'browser-test-admin-key-0123456789';

export interface Stack {
  baseUrl: string;
  mqttUrl: string;
  records: RecordsStore;
  readings: ReadingsStore;
  /** a key of `role`, issued through the records store as an administrator would */
  keyFor(role: Role): Promise<string>;
  /** a call to the public API as the bootstrap admin */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
  /** registers a device through the API and connects it to the embedded broker with its secret */
  connectDevice(body: { id: string }): Promise<MqttClient>;
  stop(): Promise<void>;
}

/**
 * The whole system as `coldtrace start` runs it (gateway with its embedded broker, rules worker,
 * notifier, API with the built-in pages) over a real InfluxDB and PostgreSQL, each a database of its own:
 * what a browser at the receiving door talks to.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const influx: TestInflux = await testInflux('browser');
  // records in the machine's PostgreSQL, a schema of its own (PGlite on disk takes many seconds to create)
  const postgres: TestPostgres = await testPostgres('browser');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'coldtrace-browser-'));
  const mqttPort = await freePort();
  const config = loadConfig({
    COLDTRACE_DATA_DIR: dataDir,
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_DATABASE_URL: postgres.url,
    COLDTRACE_ADMIN_KEY: ADMIN_KEY,
    COLDTRACE_HTTP_PORT: '0',
    COLDTRACE_MQTT_PORT: String(mqttPort),
    COLDTRACE_LOG_LEVEL: 'silent',
    COLDTRACE_SITE_TIMEZONE: 'Asia/Shanghai',
    COLDTRACE_LOCALE: 'zh-CN',
    // more settings a test needs (e.g. COLDTRACE_SMTP_URL for a real SMTP server)
    ...env,
  });
  let running: RunningColdtrace;
  try {
    running = await startColdtrace(config, { logger: createLogger('silent', 'browser-test') });
  } catch (error) {
    await influx.drop();
    await postgres.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = running.httpUrl!;
  const mqttUrl = `mqtt://127.0.0.1:${running.mqttPort ?? mqttPort}`;
  const clients: MqttClient[] = [];

  async function admin(method: string, p: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    baseUrl,
    mqttUrl,
    records: running.records,
    readings: running.readings,
    admin,
    async keyFor(role) {
      const { key } = await running.records.apiKeys.issue(`browser ${role}`, role, {
        id: 'test',
        name: 'browser test',
      });
      return key;
    },
    async connectDevice(body) {
      const registered = (await admin('POST', '/devices', body)) as {
        mqtt: { username: string; password: string };
      };
      const client = await connectClient(mqttUrl, {
        clientId: `${body.id}-${Date.now()}`,
        username: registered.mqtt.username,
        password: registered.mqtt.password,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) await c.endAsync().catch(() => undefined);
      await running.close();
      await influx.drop();
      await postgres.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
