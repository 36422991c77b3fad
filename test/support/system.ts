import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Role, type RunningColdtrace, startColdtrace } from '../../cli/start.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import { type TestInflux, testInflux } from './influx.js';
import { type TestPostgres, testPostgres } from './postgres.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestSystem {
  system: RunningColdtrace;
  influx: TestInflux;
  postgres?: TestPostgres;
  dataDir: string;
  httpUrl: string;
  mqttUrl: string;
  /** fetch against the API with the admin key */
  api(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; json: unknown; text: string }>;
  /** registers a shipper logger over the API and returns its MQTT secret (shown once) */
  registerLogger(deviceId: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole system as `coldtrace start` composes it, on free ports, a temporary data folder, a
 * database of its own on the run's InfluxDB, and PostgreSQL (a fresh schema) or PGlite.
 */
export async function startTestSystem(
  opts: {
    records?: 'postgres' | 'pglite';
    smtpUrl?: string;
    roles?: Role[];
    env?: Record<string, string>;
  } = {},
): Promise<TestSystem> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'coldtrace-'));
  const influx = await testInflux('sys');
  const postgres = opts.records === 'pglite' ? undefined : await testPostgres('sys');
  const config = loadConfig({
    COLDTRACE_DATA_DIR: dataDir,
    COLDTRACE_HTTP_PORT: '0',
    COLDTRACE_MQTT_PORT: '0',
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_DATABASE_URL: postgres?.url ?? '',
    COLDTRACE_SMTP_URL: opts.smtpUrl ?? '',
    COLDTRACE_ADMIN_KEY: TEST_ADMIN_KEY,
    COLDTRACE_LOG_LEVEL: process.env.COLDTRACE_TEST_LOG_LEVEL ?? 'warn',
    ...opts.env,
  });
  const system = await startColdtrace(config, {
    roles: opts.roles,
    logger: createLogger(config.logLevel, 'test'),
  });
  const httpUrl = system.httpUrl ?? '';
  const testSystem: TestSystem = {
    system,
    influx,
    postgres,
    dataDir,
    httpUrl,
    mqttUrl: `mqtt://127.0.0.1:${system.mqttPort ?? 0}`,
    async api(method, p, body, key = TEST_ADMIN_KEY) {
      const res = await fetch(`${httpUrl}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
    async registerLogger(deviceId) {
      const created = await testSystem.api('POST', '/api/v1/devices', {
        id: deviceId,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
      if (created.status !== 201)
        throw new Error(`registering ${deviceId}: ${created.status} ${created.text}`);
      return (created.json as { mqtt: { password: string } }).mqtt.password;
    },
    async stop() {
      await system.close();
      await influx.drop();
      await postgres?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return testSystem;
}
