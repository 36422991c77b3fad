import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningColdtrace, startColdtrace } from '../cli/start.js';
import { ColdtraceApi } from '../firmware-sim/api-client.js';
import { runFleet } from '../firmware-sim/fleet/fleet.js';
import { anonymousFleet, registerFleet } from '../firmware-sim/fleet/provision.js';
import { runScenario, type ScenarioResult } from '../firmware-sim/runner.js';
import { scenarios } from '../firmware-sim/scenarios/index.js';
import { loadConfig } from '../services/config/config.js';
import { type TestInflux, testInflux } from './support/influx.js';
import { freePort, waitUntil } from './support/ports.js';
import { type TestPostgres, testPostgres } from './support/postgres.js';

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
  for (const [i, s] of scenarios.entries()) results.set(s.id, settled[i]!);
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

describe('alert precision over the whole library (issue 17)', () => {
  it('raises exactly the alerts each scenario promises, and nothing more', async () => {
    type Alert = {
      kind: string;
      severity: string;
      shipmentId?: string;
      storageUnitId?: string;
      deviceId?: string;
    };
    const all = async () => {
      const res = await fetch(`${system.httpUrl}/api/v1/alerts?limit=500`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Alert[];
    };
    const ofScenario = (alerts: Alert[], ids: ScenarioResult['ids']) =>
      alerts
        .filter(
          (a) =>
            (ids.shipmentId !== undefined && a.shipmentId === ids.shipmentId) ||
            (ids.storageUnitId !== undefined && a.storageUnitId === ids.storageUnitId) ||
            (a.deviceId !== undefined && ids.deviceIds.includes(a.deviceId)),
        )
        .map((a) => `${a.kind}/${a.severity}`)
        .sort();
    const want = scenarios.reduce((n, s) => n + s.expect.alerts.length, 0);
    // the rules worker raises them as the readings come in: wait for as many as promised
    await waitUntil(async () => ((await all()).length >= want ? true : undefined), 30_000, 'alerts');
    // then a settling window: an alert that must not come cannot be waited for, only given time
    // (a logger stopping at the end of its trip, a gap at the end of a window)
    await new Promise((r) => setTimeout(r, 3_000));
    const alerts = await all();
    const got: Record<string, string[]> = {};
    const promised: Record<string, string[]> = {};
    for (const s of scenarios) {
      const settled = results.get(s.id)!;
      if (settled.status === 'rejected') throw settled.reason;
      got[s.id] = ofScenario(alerts, settled.value.ids);
      promised[s.id] = [...s.expect.alerts].sort();
    }
    expect(got).toEqual(promised);
    // every alert belongs to a scenario: none about something else
    expect(alerts).toHaveLength(want);
  }, 60_000);
});

describe('fleet against the auth-enabled gateway', () => {
  it('devices registered through the API connect with their own secrets and every reading is acked', async () => {
    const api = new ColdtraceApi(system.httpUrl!, ADMIN_KEY);
    const devices = await registerFleet(api, { n: 20, prefix: 'fleet-auth', intervalS: 1 });
    const mqttUrl = `mqtt://127.0.0.1:${system.mqttPort}`;
    const result = await runFleet({ mqttUrl, devices, intervalS: 1, durationS: 2, workers: 1 });
    expect(result).toMatchObject({ connected: 20, connectErrors: 0, sent: 40, acked: 40, errors: 0 });
  });

  it('unregistered devices, or a wrong secret, are refused at connect', async () => {
    const mqttUrl = `mqtt://127.0.0.1:${system.mqttPort}`;
    const strangers = anonymousFleet('stranger', 3);
    const wrong = [{ deviceId: 'fleet-auth-00000', secret: 'not-the-secret' }];
    const result = await runFleet({
      mqttUrl,
      devices: [...strangers, ...wrong],
      intervalS: 1,
      durationS: 1,
      workers: 1,
    });
    expect(result).toMatchObject({ connected: 0, connectErrors: 4, sent: 0 });
  });
});
