import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningColdtrace, startColdtrace } from '../cli/start.js';
import { runScenario, type ScenarioResult } from '../firmware-sim/runner.js';
import { scenarios } from '../firmware-sim/scenarios/index.js';
import { loadConfig } from '../services/config/config.js';
import { type TestInflux, testInflux } from './helpers/influx.js';
import { freePort } from './helpers/ports.js';
import { type TestPostgres, testPostgres } from './helpers/postgres.js';

/**
 * Every scenario of the library against the real system (gateway, records, API, domain) composed by
 * `startColdtrace`: each, on a compressed clock, must yield the verdict (or storage status) and the
 * findings it promises.
 */
const ADMIN_KEY = 'scenario-test-admin-key-0123456789';
let system: RunningColdtrace;
let influx: TestInflux;
let postgres: TestPostgres;
let dataDir: string;
const results = new Map<string, PromiseSettledResult<ScenarioResult>>();

beforeAll(async () => {
  [influx, postgres] = await Promise.all([testInflux('scn'), testPostgres('scn')]);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'coldtrace-scenarios-'));
  const config = loadConfig({
    COLDTRACE_DATA_DIR: dataDir,
    COLDTRACE_HTTP_PORT: String(await freePort()),
    COLDTRACE_MQTT_PORT: String(await freePort()),
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_DATABASE_URL: postgres.url,
    COLDTRACE_ADMIN_KEY: ADMIN_KEY,
    COLDTRACE_LOG_LEVEL: 'warn',
  });
  system = await startColdtrace(config);
  const settled = await Promise.allSettled(
    scenarios.map((s) =>
      runScenario(s, {
        apiUrl: system.httpUrl!,
        apiKey: ADMIN_KEY,
        mqttUrl: `mqtt://127.0.0.1:${system.mqttPort}`,
        realSeconds: 3,
      }),
    ),
  );
  scenarios.forEach((s, i) => results.set(s.id, settled[i]!));
}, 120_000);

afterAll(async () => {
  await system?.close();
  await Promise.all([influx?.drop(), postgres?.drop()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('scenario library against the running system', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s yields its promised outcome', (id, scenario) => {
    const settled = results.get(id)!;
    if (settled.status === 'rejected') throw settled.reason;
    const r = settled.value;
    const codes = r.outcome!.findings.map((f) => `${f.code}/${f.severity}`);
    expect({ status: r.outcome!.status, codes, check: r.check }).toMatchObject({
      status: scenario.expect.status,
      check: { ok: true },
    });
    expect(r.published.readings).toBeGreaterThan(200);
  });
});
