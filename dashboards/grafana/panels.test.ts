import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../services/config/log.js';
import type { DeviceEvent, Reading } from '../../services/domain/contract.js';
import { statusLine } from '../../services/store/readings/line-protocol.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import { type TestInflux, testInflux } from '../../test/support/influx.js';

/**
 * Every Grafana panel's InfluxQL runs against a real InfluxDB holding simulated readings and events
 * written by the readings store, exactly as the gateway writes them, and must return rows.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dashboardsDir = path.join(here, 'dashboards');

const targetSchema = z.object({ refId: z.string(), rawQuery: z.literal(true), query: z.string().min(1) });
const panelSchema = z.object({
  id: z.number(),
  title: z.string().min(1),
  datasource: z.object({ type: z.literal('influxdb'), uid: z.string() }),
  targets: z.array(targetSchema).min(1),
});
const variableSchema = z.object({ name: z.string(), query: z.string(), multi: z.boolean() });
const dashboardSchema = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  panels: z.array(panelSchema).min(1),
  templating: z.object({ list: z.array(variableSchema) }),
});
type Dashboard = z.infer<typeof dashboardSchema>;

const SHIPPER = 'SIM-SHIP-LN2-01';
const TANK = 'SIM-TANK-LN2-01';
const FRIDGE = 'SIM-FRIDGE-01';
/** The value each dashboard variable takes in the test (Grafana writes a multi-value as (a|b) in a regex). */
const VARIABLE_VALUES: Record<string, string> = {
  device: SHIPPER,
  unit_device: `(${TANK}|${FRIDGE})`,
};

/** Grafana's macros, as Grafana substitutes them for InfluxQL. */
function substitute(query: string, variables: Record<string, string>): string {
  let q = query.replaceAll('$timeFilter', 'time >= now() - 6h').replaceAll('$__interval', '5m');
  for (const [name, value] of Object.entries(variables)) q = q.replaceAll(`$${name}`, value);
  return q;
}

function simulatedRecord(nowMs: number): { readings: Reading[]; events: DeviceEvent[] } {
  const readings: Reading[] = [];
  const start = nowMs - 3 * 3_600_000;
  for (let i = 0; i < 180; i++) {
    const tsMs = start + i * 60_000;
    // the shipper skips seq 100: a hole the device-detail panel shows as a step of 2
    const seq = i < 100 ? i : i + 1;
    readings.push({
      deviceId: SHIPPER,
      tsMs,
      seq,
      tempC: -185 + Math.sin(i / 9) * 3,
      ln2LevelPct: 90 - i / 10,
      batteryPct: 100 - i / 20,
      receivedAtMs: tsMs + 800,
    });
    readings.push({
      deviceId: TANK,
      tsMs,
      seq: i,
      tempC: -192 + Math.cos(i / 7),
      ln2LevelPct: 75 - i / 30,
      receivedAtMs: tsMs + 400,
    });
    readings.push({
      deviceId: FRIDGE,
      tsMs,
      seq: i,
      tempC: 4.5 + Math.sin(i / 5) * 1.5,
      batteryPct: 88,
      receivedAtMs: tsMs + 300,
    });
  }
  const at = (minutes: number) => start + minutes * 60_000 + 30_000;
  const events: DeviceEvent[] = [
    { deviceId: SHIPPER, tsMs: at(20), type: 'lid_open' },
    { deviceId: SHIPPER, tsMs: at(22), type: 'lid_closed' },
    { deviceId: SHIPPER, tsMs: at(60), type: 'shock', value: 3.2 },
    { deviceId: FRIDGE, tsMs: at(30), type: 'door_open' },
    { deviceId: FRIDGE, tsMs: at(31), type: 'door_closed' },
    { deviceId: FRIDGE, tsMs: at(90), type: 'power_loss' },
    { deviceId: TANK, tsMs: at(45), type: 'door_open' },
  ];
  return { readings, events };
}

async function loadDashboards(): Promise<Dashboard[]> {
  const files = (await readdir(dashboardsDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) =>
      dashboardSchema.parse(JSON.parse(await readFile(path.join(dashboardsDir, f), 'utf8'))),
    ),
  );
}

const rawSchema = z.object({
  results: z.array(
    z.object({
      error: z.string().optional(),
      series: z.array(z.object({ values: z.array(z.array(z.unknown())) })).optional(),
    }),
  ),
});

describe('Grafana dashboards', () => {
  let influx: TestInflux;
  let store: ReadingsStore;
  let dashboards: Dashboard[];

  beforeAll(async () => {
    influx = await testInflux('grafana');
    store = await openReadingsStore({ url: influx.url, logger: createLogger('silent', 'test') });
    const { readings, events } = simulatedRecord(Date.now());
    await store.writeReadings(readings);
    await store.writeEvents(events);
    // the gateway's record of each device's MQTT status (online, or offline by its will)
    await store.writeLinesNs(
      [
        statusLine({ deviceId: SHIPPER, state: 'online', receivedAtMs: Date.now() - 3 * 3_600_000 }),
        statusLine({ deviceId: FRIDGE, state: 'offline', receivedAtMs: Date.now() - 600_000 }),
      ].join('\n'),
    );
    dashboards = await loadDashboards();
  });
  afterAll(async () => {
    await store?.close();
    await influx?.drop();
  });

  async function rowsOf(query: string): Promise<number> {
    const raw = rawSchema.parse(await influx.client.queryRaw(query));
    const result = raw.results[0];
    if (result?.error) throw new Error(`${result.error} in: ${query}`);
    return (result?.series ?? []).reduce((n, s) => n + s.values.length, 0);
  }

  it('has the fleet, device and storage dashboards, all on the provisioned data source', async () => {
    expect(dashboards.map((d) => d.uid)).toEqual([
      'coldtrace-device',
      'coldtrace-fleet',
      'coldtrace-storage',
    ]);
    const provisioning = await readFile(
      path.join(here, 'provisioning/datasources/coldtrace-influxdb.yaml'),
      'utf8',
    );
    const uid = /uid:\s*(\S+)/.exec(provisioning)?.[1];
    expect(uid).toBe('coldtrace-influxdb');
    expect(provisioning).toMatch(/type:\s*influxdb/);
    // the compose stack's InfluxDB and database
    expect(provisioning).toMatch(/dbName:\s*coldtrace/);
    for (const d of dashboards) {
      for (const p of d.panels) expect(p.datasource.uid, `${d.uid} / ${p.title}`).toBe(uid);
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    }
  });

  it('fills every template variable from InfluxDB', async () => {
    for (const d of dashboards) {
      for (const v of d.templating.list) {
        const raw = rawSchema.parse(await influx.client.queryRaw(v.query));
        const values = (raw.results[0]?.series ?? []).flatMap((s) => s.values.map((row) => String(row[1])));
        expect(values, `${d.uid} $${v.name}`).toEqual(expect.arrayContaining([SHIPPER, TANK, FRIDGE]));
        expect(VARIABLE_VALUES[v.name], `test value for $${v.name}`).toBeDefined();
      }
    }
  });

  it('returns rows for every panel query', async () => {
    const empty: string[] = [];
    let checked = 0;
    for (const d of dashboards) {
      for (const p of d.panels) {
        for (const target of p.targets) {
          const query = substitute(target.query, VARIABLE_VALUES);
          expect(query, `${d.uid} / ${p.title}: unsubstituted macro`).not.toMatch(/\$\w/);
          if ((await rowsOf(query)) === 0) empty.push(`${d.uid} / ${p.title}: ${query}`);
          checked++;
        }
      }
    }
    expect(empty).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('shows the hole in the shipper record as a sequence step of 2', async () => {
    const device = dashboards.find((d) => d.uid === 'coldtrace-device')!;
    const panel = device.panels.find((p) => p.title.startsWith('Sequence step'))!;
    const raw = rawSchema.parse(
      await influx.client.queryRaw(substitute(panel.targets[0]!.query, VARIABLE_VALUES)),
    );
    const steps = (raw.results[0]?.series?.[0]?.values ?? []).map((row) => Number(row[1]));
    expect(steps.filter((s) => s !== 1)).toEqual([2]);
  });
});
