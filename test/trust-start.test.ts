import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testInflux } from './support/influx.js';
import { freePort, waitUntil } from './support/ports.js';

const BIN = path.resolve('bin/coldtrace.js');
const ADMIN = 'trust-start-admin-key-0123456789';

/** Every entry under dir whose mode lets the group or others in. */
async function openToOthers(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (entry: string) => {
    const info = await lstat(entry);
    if (info.isSymbolicLink()) return;
    if ((info.mode & 0o077) !== 0)
      out.push(`${path.relative(dir, entry)} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of await readdir(entry)) await walk(path.join(entry, name));
  };
  await walk(dir);
  return out;
}

/**
 * #12 through `coldtrace start` (embedded PGlite records): the data folder ends 0700 / 0600, files
 * an older version left open included; a dispatch dated in the year 1000 is refused at the door
 * (CT_TIME_OUT_OF_RANGE), so it never reaches the rules worker's window queries.
 */
describe('coldtrace start keeps its data to itself and refuses an ancient dispatch', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('PGlite files are 0600 / 0700, and a year-1000 dispatch is 400 while a same-day one works', async () => {
    const influx = await testInflux('trust');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-trust-'));
    cleanups.push(
      () => influx.drop(),
      () => rm(dataDir, { recursive: true, force: true }),
    );
    // what an older version left: a world-writable file in a world-readable folder
    await mkdir(path.join(dataDir, 'mail'), { recursive: true });
    await writeFile(path.join(dataDir, 'mail', 'old.eml'), 'x');
    await chmod(path.join(dataDir, 'mail', 'old.eml'), 0o666);
    await chmod(path.join(dataDir, 'mail'), 0o755);
    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
      env: {
        ...process.env,
        COLDTRACE_DATA_DIR: dataDir,
        COLDTRACE_HTTP_PORT: String(httpPort),
        COLDTRACE_MQTT_PORT: String(mqttPort),
        COLDTRACE_INFLUX_URL: influx.url,
        COLDTRACE_DATABASE_URL: '',
        COLDTRACE_ADMIN_KEY: ADMIN,
        COLDTRACE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const api = `http://127.0.0.1:${httpPort}`;
    await waitUntil(
      async () => (await fetch(`${api}/readyz`).catch(() => undefined))?.ok,
      120_000,
      'ready',
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${stderr}`);
    });

    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const post = (url: string, body?: unknown) =>
      fetch(`${api}/api/v1${url}`, {
        method: 'POST',
        headers: auth,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    expect(
      (
        await post('/profiles', {
          id: 'P-T',
          name: 'p',
          storageMode: 'refrigerated',
          maxTransportMinutes: 600,
          containerTypes: ['passive_2_8_box'],
          maxGapMinutes: 10,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post('/devices', {
          id: 'L-T',
          kind: 'shipper_logger',
          loggingIntervalS: 60,
          calibrationValidUntil: '2030-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post('/shipments', {
          id: 'S-T',
          profileId: 'P-T',
          product: { name: 'MSC', cellType: 'MSC', batch: 'B', quantity: 1 },
          containerType: 'passive_2_8_box',
          deviceIds: ['L-T'],
          manufacturer: { name: 'm', qaEmail: 'qa@m.example' },
          origin: 'a',
          destination: 'b',
        })
      ).status,
    ).toBe(201);
    const ancient = await post('/shipments/S-T/dispatch', { at: '1000-11-26T08:00:00Z' });
    expect(ancient.status).toBe(400);
    expect(((await ancient.json()) as { code: string }).code).toBe('CT_TIME_OUT_OF_RANGE');
    // no body at all, with the JSON content type: dispatched now
    const now = await post('/shipments/S-T/dispatch');
    expect(now.status).toBe(200);
    const verdict = await fetch(`${api}/api/v1/shipments/S-T/verdict`, { headers: auth });
    expect(verdict.status).toBe(200);

    expect(await openToOthers(dataDir)).toEqual([]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await openToOthers(dataDir)).toEqual([]);
  }, 240_000);
});
