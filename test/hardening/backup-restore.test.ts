import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningColdtrace, startColdtrace } from '../../cli/start.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import { testPostgres } from '../support/postgres.js';
import { BIN } from '../support/process.js';
import { startInfluxControl } from './soak/influx-control.js';

const run = promisify(execFile);
const ADMIN = 'backup-admin-key-0123456789abcdef';
const MIN = 60_000;

// docs/backup-restore.md, PostgreSQL + InfluxDB: a system with records and readings is backed up by
// scripts/backup.sh, both stores are destroyed, scripts/restore.sh brings them back, and the system
// started again gives the same verdicts with an intact audit chain.
describe('backup and restore (scripts/backup.sh, scripts/restore.sh)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  it('a restored system gives identical verdicts, the same readings and a valid audit chain', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ct-backup-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const influx = await startInfluxControl(path.join(dir, 'influxdb'));
    cleanups.push(() => influx.close());
    const pg = await testPostgres('bak');
    cleanups.push(() => pg.drop());
    const rpc =
      /^bind-address = "(.*)"/m.exec(
        await readFile(path.join(dir, 'influxdb', 'influxdb.conf'), 'utf8'),
      )?.[1] ?? '';
    const env = {
      COLDTRACE_DATA_DIR: path.join(dir, 'data'),
      COLDTRACE_HTTP_PORT: '0',
      COLDTRACE_MQTT_PORT: '0',
      COLDTRACE_INFLUX_URL: `${influx.url}/cold_records`,
      COLDTRACE_DATABASE_URL: pg.url,
      COLDTRACE_ADMIN_KEY: ADMIN,
      COLDTRACE_LOG_LEVEL: 'warn',
      COLDTRACE_INFLUX_RPC: rpc,
    };
    const start = () => startColdtrace(loadConfig(env), { logger: createLogger('warn', 'backup-test') });
    let system: RunningColdtrace = await start();
    let running = true;
    cleanups.push(async () => {
      if (running) await system.close();
    });
    const { snapshot, before } = await recordScenario(() => system);

    const backupDir = path.join(dir, 'backup');
    const runEnv = { ...process.env, ...env };
    await run('bash', ['scripts/backup.sh', backupDir], { env: runEnv });
    await system.close();
    running = false;

    // the disaster: both stores lost
    await pg.drop();
    await fetch(`${influx.url}/query?q=${encodeURIComponent('DROP DATABASE "cold_records"')}`, {
      method: 'POST',
    });
    const { default: pgClient } = await import('pg');
    const check = new pgClient.Client({ connectionString: pg.url });
    await check.connect();
    const gone = await check.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
      pg.schema,
    ]);
    await check.end();
    expect(gone.rowCount).toBe(0);

    await run('bash', ['scripts/restore.sh', backupDir], { env: runEnv });
    system = await start();
    running = true;
    expect(await snapshot()).toEqual(before);
    const audit = await run(process.execPath, [BIN, 'audit', 'verify'], { env: runEnv });
    expect(JSON.parse(audit.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ ok: true });
  }, 90_000);

  it('PGlite: a copy of the records folder taken while stopped restores the same verdicts and chain', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ct-backup-lite-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const influx = await startInfluxControl(path.join(dir, 'influxdb'));
    cleanups.push(() => influx.close());
    const rpc =
      /^bind-address = "(.*)"/m.exec(
        await readFile(path.join(dir, 'influxdb', 'influxdb.conf'), 'utf8'),
      )?.[1] ?? '';
    const dataDir = path.join(dir, 'data');
    const env = {
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_HTTP_PORT: '0',
      COLDTRACE_MQTT_PORT: '0',
      COLDTRACE_INFLUX_URL: `${influx.url}/cold_lite`,
      COLDTRACE_ADMIN_KEY: ADMIN,
      COLDTRACE_LOG_LEVEL: 'warn',
      COLDTRACE_INFLUX_RPC: rpc,
    };
    const start = () => startColdtrace(loadConfig(env), { logger: createLogger('warn', 'backup-test') });
    let system: RunningColdtrace = await start();
    let running = true;
    cleanups.push(async () => {
      if (running) await system.close();
    });
    const { snapshot, before } = await recordScenario(() => system);
    await system.close();
    running = false;

    const backupDir = path.join(dir, 'backup');
    const runEnv = { ...process.env, ...env, COLDTRACE_DATABASE_URL: '' };
    await run('bash', ['scripts/backup.sh', backupDir], { env: runEnv });
    await rm(path.join(dataDir, 'records'), { recursive: true, force: true });
    await fetch(`${influx.url}/query?q=${encodeURIComponent('DROP DATABASE "cold_lite"')}`, {
      method: 'POST',
    });
    await run('bash', ['scripts/restore.sh', backupDir], { env: runEnv });
    system = await start();
    running = true;
    expect(await snapshot()).toEqual(before);
    // the chain checked in this process (the CLI would open the PGlite folder a third time)
    expect(await system.records.verifyAudit()).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});

/** Records through the running system, and a snapshot of what a user sees of them. */
async function recordScenario(current: () => RunningColdtrace) {
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${current().httpUrl}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  const now = Date.now();
  const from = now - 120 * MIN;
  expect(
    (
      await api('POST', '/api/v1/profiles', {
        id: 'bak-2-8',
        name: 'CAR-T 2-8',
        storageMode: 'refrigerated',
        tempMinC: 2,
        tempMaxC: 8,
        maxTransportMinutes: 600,
        containerTypes: ['passive_2_8_box'],
        maxGapMinutes: 5,
      })
    ).status,
  ).toBe(201);
  const secrets: Record<string, string> = {};
  for (const [id, sid] of [
    ['BAK-LOG-1', 'BAK-SHP-1'],
    ['BAK-LOG-2', 'BAK-SHP-2'],
  ] as const) {
    const dev = await api('POST', '/api/v1/devices', {
      id,
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: new Date(now + 365 * 86_400_000).toISOString(),
    });
    secrets[id] = (dev.json.mqtt as { password: string }).password;
    await api('POST', '/api/v1/shipments', {
      id: sid,
      profileId: 'bak-2-8',
      product: { name: 'CAR-T', cellType: 'T cell', batch: 'B-7', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: [id],
      manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
      origin: 'Shanghai',
      destination: 'Beijing',
    });
    expect(
      (await api('POST', `/api/v1/shipments/${sid}/dispatch`, { at: new Date(from).toISOString() })).status,
    ).toBe(200);
  }
  // the loggers' records, as a store-and-forward backlog over MQTT; BAK-LOG-1 has a 5-minute excursion
  for (const id of Object.keys(secrets)) {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${current().mqttPort}`, {
      username: id,
      password: secrets[id],
      clientId: id,
    });
    const readings = Array.from({ length: 120 }, (_, i) => ({
      ts: from + i * MIN + 1_000,
      seq: i,
      temp_c: id === 'BAK-LOG-1' && i >= 40 && i < 45 ? 12 : 5,
    }));
    await client.publishAsync(`coldtrace/v1/devices/${id}/readings`, JSON.stringify(readings), { qos: 1 });
    await client.endAsync();
  }
  await current().gateway?.flushed();
  const receipt = await api('POST', '/api/v1/shipments/BAK-SHP-1/receipt', {
    receiverName: '王医生',
    checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
  });
  expect(receipt.status).toBe(201);

  const snapshot = async () => {
    const final = (await api('GET', '/api/v1/shipments/BAK-SHP-1/verdict')).json;
    const provisional = (await api('GET', '/api/v1/shipments/BAK-SHP-2/verdict')).json;
    const csv = await fetch(`${current().httpUrl}/api/v1/shipments/BAK-SHP-2/readings?format=csv`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    }).then((r) => r.text());
    // when the record was checked against the receipt is the time of this request, not the record
    const { evaluatedAt: _a, recordCheck, ...finalVerdict } = final;
    const { checkedAt: _c, ...check } = (recordCheck ?? {}) as Record<string, unknown>;
    return {
      finalVerdict: { ...finalVerdict, recordCheck: check },
      provisional: { status: provisional.status, final: provisional.final, findings: provisional.findings },
      csvLines: csv.trim().split('\n').length,
    };
  };
  const before = await snapshot();
  expect(before.finalVerdict).toMatchObject({ status: 'deviation', final: true });
  expect(before.finalVerdict.recordCheck).toMatchObject({ status: 'unchanged' });
  expect(before.provisional).toMatchObject({ status: 'pass', final: false });
  expect(before.csvLines).toBeGreaterThan(100);

  return { snapshot, before };
}
