import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testInflux } from './support/influx.js';
import { freePort, waitUntil } from './support/ports.js';
import { testPostgres } from './support/postgres.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/coldtrace.js');
const ADMIN = 'cli-test-admin-key-0123456789';

function runColdtrace(
  env: Record<string, string>,
  args = ['start'],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (c) => (stdout += c));
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

// `coldtrace start` as a real process, the way the demo runs it.
describe('coldtrace start as a process', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('refuses a bad setting with a message naming the variable (exit 78)', async () => {
    const r = await runColdtrace({ COLDTRACE_MQTT_PORT: 'not-a-port' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('COLDTRACE_MQTT_PORT');
  });

  it('names COLDTRACE_MQTT_PORT when the broker port is taken', async () => {
    const blocker = net.createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    const influx = await testInflux('cli');
    const pg = await testPostgres('cli');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-cli-'));
    cleanups.push(
      () => new Promise((r) => blocker.close(r)),
      () => influx.drop(),
      () => pg.drop(),
      () => rm(dataDir, { recursive: true, force: true }),
    );
    const r = await runColdtrace({
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_MQTT_PORT: String(taken),
      COLDTRACE_HTTP_PORT: '0',
      COLDTRACE_INFLUX_URL: influx.url,
      COLDTRACE_DATABASE_URL: pg.url,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('CT_MQTT_PORT_IN_USE');
    expect(r.stderr).toContain('COLDTRACE_MQTT_PORT');
  });

  it('takes a mosquitto_pub reading and serves it over HTTP, then stops cleanly on SIGTERM', async () => {
    const influx = await testInflux('cli');
    const pg = await testPostgres('cli');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-cli-'));
    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    cleanups.push(
      () => influx.drop(),
      () => pg.drop(),
      () => rm(dataDir, { recursive: true, force: true }),
    );
    const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
      env: {
        ...process.env,
        COLDTRACE_DATA_DIR: dataDir,
        COLDTRACE_HTTP_PORT: String(httpPort),
        COLDTRACE_MQTT_PORT: String(mqttPort),
        COLDTRACE_INFLUX_URL: influx.url,
        COLDTRACE_DATABASE_URL: pg.url,
        COLDTRACE_ADMIN_KEY: ADMIN,
        COLDTRACE_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const api = `http://127.0.0.1:${httpPort}`;
    await waitUntil(async () => (await fetch(`${api}/readyz`)).ok, 60_000, 'coldtrace ready');

    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/api/v1/devices`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        id: 'CLI-LOGGER-1',
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      }),
    });
    expect(created.status).toBe(201);
    const secret = ((await created.json()) as { mqtt: { password: string } }).mqtt.password;

    const payload = JSON.stringify({ ts: '2026-11-26T10:00:00Z', seq: 1, temp_c: 4.2 });
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(mqttPort),
      '-u',
      'CLI-LOGGER-1',
      '-P',
      secret,
      '-q',
      '1',
      '-t',
      'coldtrace/v1/devices/CLI-LOGGER-1/readings',
      '-m',
      payload,
    ]);
    const readings = await waitUntil(
      async () => {
        const res = await fetch(
          `${api}/api/v1/devices/CLI-LOGGER-1/readings?from=2026-11-26T09:00:00Z&to=2026-11-26T11:00:00Z`,
          { headers: auth },
        );
        const list = ((await res.json()) as { readings: { tempC: number; seq: number }[] }).readings;
        return list.length ? list : undefined;
      },
      15_000,
      'the reading through the API',
    );
    expect(readings).toEqual([expect.objectContaining({ seq: 1, tempC: 4.2 })]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
