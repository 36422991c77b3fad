import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { testInflux } from './support/influx.js';
import { freePort, waitUntil } from './support/ports.js';
import { testPostgres } from './support/postgres.js';
import { type ColdtraceProcess, startColdtraceProcess } from './support/process.js';
import { TestSmtp } from './support/smtp.js';

const ADMIN = 'spool-replay-admin-key-0123456789';

/**
 * In front of the run's InfluxDB: passes queries through and, while `writesDown`, answers every
 * /write with 503 (InfluxDB overloaded or restarting), so acknowledged readings stay in the spool.
 */
async function influxFront(target: string) {
  const state = { writesDown: false, writesRefused: 0 };
  const server = http.createServer((req, res) => {
    if (state.writesDown && req.url?.startsWith('/write')) {
      state.writesRefused++;
      req.resume();
      res.writeHead(503).end('down');
      return;
    }
    const t = new URL(req.url ?? '/', target);
    const up = http.request(t, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    state,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * #12 "no alert lost across a crash": readings the gateway acknowledged (in its spool) but that
 * neither reached InfluxDB nor the rules before the process died must reach the rules after the
 * restart. The restart's rebuild reads InfluxDB, which does not hold them yet; only the spool does.
 */
describe.each(['pglite', 'postgres'] as const)(
  'readings recovered from the spool after a crash reach the live rules (%s)',
  (records) => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c().catch(() => {});
    });

    it('an excursion acknowledged before a SIGKILL is alerted once after the restart', async () => {
      const influx = await testInflux('replay');
      cleanups.push(() => influx.drop());
      const front = await influxFront(influx.baseUrl);
      cleanups.push(() => front.close());
      const smtp = await TestSmtp.start();
      cleanups.push(() => smtp.stop());
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-replay-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const pg = records === 'postgres' ? await testPostgres('replay') : undefined;
      if (pg) cleanups.push(() => pg.drop());
      const [httpPort, mqttPort] = [await freePort(), await freePort()];
      const env = {
        COLDTRACE_DATA_DIR: dataDir,
        COLDTRACE_HTTP_PORT: String(httpPort),
        COLDTRACE_MQTT_PORT: String(mqttPort),
        COLDTRACE_INFLUX_URL: `${front.url}/${influx.database}`,
        COLDTRACE_DATABASE_URL: pg?.url ?? '',
        COLDTRACE_SMTP_URL: smtp.url,
        COLDTRACE_ADMIN_KEY: ADMIN,
        COLDTRACE_LOG_LEVEL: 'info',
      };
      const api = `http://127.0.0.1:${httpPort}/api/v1`;
      const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
      const post = async (url: string, body?: unknown) => {
        const res = await fetch(`${api}${url}`, {
          method: 'POST',
          headers,
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const ready = (p: ColdtraceProcess) =>
        waitUntil(
          () =>
            p.output().includes('"msg":"gateway started"') && p.output().includes('"msg":"api listening"'),
          120_000,
          'coldtrace started',
        ).catch((e: Error) => {
          throw new Error(`${e.message}: ${p.output().slice(-2000)}`);
        });

      // 1. the gateway and the API only (no rules in this process): the readings reach the spool
      //    and, while InfluxDB refuses writes, nothing else
      const first = startColdtraceProcess(env, ['start', 'gateway', 'api']);
      cleanups.push(() => first.stop('SIGKILL'));
      await ready(first);
      expect(
        (
          await post('/profiles', {
            id: 'P-R',
            name: 'CAR-T 2-8',
            storageMode: 'refrigerated',
            maxTransportMinutes: 600,
            containerTypes: ['passive_2_8_box'],
            maxGapMinutes: 60,
          })
        ).status,
      ).toBe(201);
      const device = await post('/devices', {
        id: 'L-R',
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
      expect(device.status).toBe(201);
      const secret = (device.json as { mqtt: { password: string } }).mqtt.password;
      expect(
        (
          await post('/shipments', {
            id: 'S-R',
            profileId: 'P-R',
            product: { name: 'CAR-T', cellType: 'T cell', batch: 'B-R', quantity: 1 },
            containerType: 'passive_2_8_box',
            deviceIds: ['L-R'],
            manufacturer: { name: 'CellCo', qaEmail: 'qa@cellco.example', locale: 'en' },
            origin: 'plant',
            destination: 'clinic',
          })
        ).status,
      ).toBe(201);
      const dispatchedAt = Date.now() - 10 * 60_000;
      expect(
        (await post('/shipments/S-R/dispatch', { at: new Date(dispatchedAt).toISOString() })).status,
      ).toBe(200);

      front.state.writesDown = true;
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
        username: 'L-R',
        password: secret,
        clientId: 'L-R',
        reconnectPeriod: 0,
      });
      const temps = [5, 5, 12.5, 12.8, 12.6];
      for (const [i, temp_c] of temps.entries()) {
        // PUBACKed: in the spool (fsynced), whatever InfluxDB says
        await client.publishAsync(
          'coldtrace/v1/devices/L-R/readings',
          JSON.stringify({ ts: dispatchedAt + (i + 1) * 60_000, seq: i + 1, temp_c }),
          { qos: 1 },
        );
      }
      await client.endAsync();
      await waitUntil(() => front.state.writesRefused > 0, 30_000, 'a refused write');
      expect(await first.stop('SIGKILL')).toBe(null);

      // 2. the whole system on the same data folder, InfluxDB still refusing writes: the rules'
      //    rebuild finds nothing in InfluxDB; the spool's undrained readings must reach them
      const second = startColdtraceProcess(env, ['start']);
      cleanups.push(() => second.stop('SIGKILL'));
      await ready(second);
      const started = () =>
        smtp.mails.filter((m) => (m.parsed.subject ?? '').includes('[S-R] TEMP_OUT_OF_RANGE STARTED'));
      await waitUntil(() => started().length > 0, 60_000, 'the excursion alert mail').catch((e: Error) => {
        throw new Error(`${e.message}: ${second.output().slice(-3000)}`);
      });
      expect(started()[0]?.envelopeTo).toContain('qa@cellco.example');

      // 3. InfluxDB takes writes again: the spool drains, every acknowledged reading stored once
      front.state.writesDown = false;
      const count = async () => {
        const rows = await influx.client.query<{ count: number }>(
          `SELECT count(temp_c) FROM readings WHERE device = 'L-R'`,
        );
        return Number(rows[0]?.count ?? 0);
      };
      await waitUntil(async () => ((await count()) === temps.length ? true : undefined), 60_000, 'drained');
      const alerts = (await (await fetch(`${api}/alerts`, { headers })).json()) as { findingCode: string }[];
      expect(
        alerts.filter((a) => a.findingCode === 'TEMP_OUT_OF_RANGE'),
        JSON.stringify(alerts),
      ).toHaveLength(1);
      expect(started()).toHaveLength(1);
      expect(await second.stop('SIGTERM')).toBe(0);
    }, 300_000);
  },
);
