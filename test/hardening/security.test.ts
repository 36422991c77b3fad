import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/config/config.js';
import { hashDeviceSecret } from '../../services/store/device-secrets.js';
import { openRecordsStore } from '../../services/store/sql/records-store.js';
import { type TestInflux, testInflux } from '../support/influx.js';
import { freePort, waitUntil } from '../support/ports.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';
import {
  BIN,
  type ColdtraceProcess,
  execFileAsync,
  httpsRequest,
  selfSignedCert,
  startColdtraceProcess,
} from '../support/process.js';

const ADMIN = 'sec-admin-key-7f3a9c2e5b1d4806';
const WRONG_SECRET = 'wrong-secret-5d1c8e7a2b9f4630';
const TS = Date.now();

// The whole system as `coldtrace start` with TLS configured and debug logs, talking to it over
// real HTTPS and MQTT-over-TLS sockets. Threat model lines T1-T7 (docs/threat-model.md).
describe('security of a running coldtrace (TLS, secrets, brute force, revocation)', () => {
  let proc: ColdtraceProcess;
  let influx: TestInflux;
  let pg: TestPostgres;
  let dir: string;
  let ca: Buffer;
  let env: Record<string, string>;
  let base: string;
  let mqttsUrl: string;
  let mqttUrl: string;
  const errorBodies: string[] = [];
  const api = async (method: string, p: string, body?: unknown, key = ADMIN) => {
    const res = await httpsRequest(`${base}${p}`, ca, { method, key, body });
    if (res.status >= 400) errorBodies.push(res.text);
    return res;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ct-sec-'));
    const { certFile, keyFile } = await selfSignedCert(dir);
    ca = await readFile(certFile);
    influx = await testInflux('sec');
    pg = await testPostgres('sec');
    const [httpPort, mqttPort, mqttsPort] = [await freePort(), await freePort(), await freePort()];
    env = {
      COLDTRACE_DATA_DIR: path.join(dir, 'data'),
      COLDTRACE_HTTP_PORT: String(httpPort),
      COLDTRACE_MQTT_PORT: String(mqttPort),
      COLDTRACE_MQTTS_PORT: String(mqttsPort),
      COLDTRACE_TLS_CERT_FILE: certFile,
      COLDTRACE_TLS_KEY_FILE: keyFile,
      COLDTRACE_INFLUX_URL: influx.url,
      COLDTRACE_DATABASE_URL: pg.url,
      COLDTRACE_ADMIN_KEY: ADMIN,
      COLDTRACE_LOG_LEVEL: 'debug',
    };
    base = `https://127.0.0.1:${httpPort}`;
    mqttsUrl = `mqtts://127.0.0.1:${mqttsPort}`;
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    proc = startColdtraceProcess(env);
    await waitUntil(
      async () => (await httpsRequest(`${base}/healthz`, ca)).status === 200,
      40_000,
      'HTTPS healthz',
    );
  }, 60_000);

  afterAll(async () => {
    await proc?.stop('SIGTERM');
    await influx?.drop();
    await pg?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let deviceSecret = '';
  const registerDevice = async (id: string) => {
    const res = await api('POST', '/api/v1/devices', {
      id,
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: new Date(TS + 365 * 86_400_000).toISOString(),
    });
    expect(res.status).toBe(201);
    return (JSON.parse(res.text) as { mqtt: { password: string } }).mqtt.password;
  };
  const connect = (url: string, id: string, password: string, extra: mqtt.IClientOptions = {}) =>
    mqtt.connectAsync(url, {
      clientId: `${id}-${Math.random()}`,
      username: id,
      password,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      ...extra,
    });

  it('T1: the API answers over HTTPS only, with the configured certificate', async () => {
    const res = await api('GET', '/api/v1/devices/NOPE');
    expect(res.status).toBe(404);
    // plain HTTP on the same port gets no API answer
    const plain = await fetch(base.replace('https:', 'http:') + '/healthz').then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
    // a client that does not trust the certificate cannot talk to it
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('T1: devices publish over MQTT with TLS; an untrusting client is refused', async () => {
    deviceSecret = await registerDevice('SEC-LOG-1');
    const client = await connect(mqttsUrl, 'SEC-LOG-1', deviceSecret, { ca });
    const ack = await client.publishAsync(
      'coldtrace/v1/devices/SEC-LOG-1/readings',
      JSON.stringify({ ts: TS, seq: 0, temp_c: 4 }),
      { qos: 1 },
    );
    // QoS 1: resolves once the broker's PUBACK came back over the TLS connection
    expect(ack?.messageId).toBeGreaterThan(0);
    await client.endAsync();
    await expect(
      connect(mqttsUrl, 'SEC-LOG-1', deviceSecret, { rejectUnauthorized: true }),
    ).rejects.toThrow();
  });

  it('T4: ten wrong device secrets lock the device id out for the minute, other devices unaffected', async () => {
    const victim = await registerDevice('SEC-LOG-2');
    const bystander = await registerDevice('SEC-LOG-3');
    for (let i = 0; i < 10; i++) {
      await expect(connect(mqttUrl, 'SEC-LOG-2', WRONG_SECRET)).rejects.toThrow(
        /Bad username or password|Not authorized/i,
      );
    }
    // now even the right secret is refused (CONNACK 5) until the window passes
    await expect(connect(mqttUrl, 'SEC-LOG-2', victim)).rejects.toThrow(/Not authorized/i);
    const other = await connect(mqttUrl, 'SEC-LOG-3', bystander);
    await other.endAsync();
  });

  it('T5: API keys are issued and revoked while the system runs; a revoked key is refused at once', async () => {
    const cliEnv = { ...process.env, ...env };
    const issued = await execFileAsync(
      process.execPath,
      [BIN, 'keys', 'create', '--role', 'viewer', '--name', 'rotated'],
      { env: cliEnv },
    );
    const { id, key } = JSON.parse(issued.stdout.trim()) as { id: string; key: string };
    // a viewer may not register devices, but is known (403, not 401)
    expect((await api('GET', '/api/v1/devices/X', undefined, key)).status).toBe(403);
    await execFileAsync(process.execPath, [BIN, 'keys', 'revoke', id, '--reason', 'rotation'], {
      env: cliEnv,
    });
    expect((await api('GET', '/api/v1/devices/X', undefined, key)).status).toBe(401);
    expect(proc.child.exitCode).toBeNull();
    errorBodies.push(key);
  });

  it('T5: a rotated device secret takes effect without a restart (records store rotateSecret)', async () => {
    const old = await registerDevice('SEC-LOG-4');
    (await connect(mqttUrl, 'SEC-LOG-4', old)).end();
    const records = await openRecordsStore(loadConfig(env));
    const fresh = 'rotated-secret-9a8b7c6d5e4f3a2b';
    try {
      await records.devices.rotateSecret(
        'SEC-LOG-4',
        await hashDeviceSecret(fresh),
        { id: 'test', name: 'security test' },
        'rotation',
      );
    } finally {
      await records.close();
    }
    await expect(connect(mqttUrl, 'SEC-LOG-4', old)).rejects.toThrow();
    const client = await connect(mqttUrl, 'SEC-LOG-4', fresh);
    await client.endAsync();
  });

  it('T6: no device secret or API key appears in the logs or in any error reply', async () => {
    // failures that are logged: bad JSON body, wrong keys, wrong secrets, forbidden topics
    await httpsRequest(`${base}/api/v1/devices`, ca, {
      method: 'POST',
      key: ADMIN,
      body: { id: deviceSecret },
    });
    await api('GET', `/api/v1/devices/${encodeURIComponent('x')}`, undefined, WRONG_SECRET);
    const c = await connect(mqttUrl, 'SEC-LOG-1', deviceSecret);
    c.publish('coldtrace/v1/devices/OTHER/readings', JSON.stringify({ ts: TS, seq: 1, temp_c: 4 }), {
      qos: 1,
    });
    await new Promise((r) => setTimeout(r, 300));
    c.end(true);
    await expect(connect(mqttUrl, 'SEC-LOG-1', WRONG_SECRET)).rejects.toThrow();
    const logs = proc.output();
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).toContain('authentication failed');
    for (const secret of [ADMIN, deviceSecret, WRONG_SECRET, 'rotated-secret-9a8b7c6d5e4f3a2b']) {
      expect(logs).not.toContain(secret);
      for (const body of errorBodies.slice(0, -1)) expect(body).not.toContain(secret);
    }
    const revokedKey = errorBodies.at(-1) ?? '';
    expect(revokedKey.length).toBeGreaterThan(10);
    expect(logs).not.toContain(revokedKey);
  });

  it('T4: an API key is limited to 600 requests a minute (429 CT_RATE_LIMITED)', async () => {
    // a valid key's requests are limited here; failed authentications have their own per-address
    // lockout (services/api/test/auth-lockout.test.ts)
    const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca });
    const statuses: number[] = [];
    for (let i = 0; i < 620; i += 20) {
      const batch = Array.from({ length: 20 }, () =>
        httpsRequest(`${base}/api/v1/devices/X`, ca, { key: ADMIN, agent }).then((r) => r.status),
      );
      statuses.push(...(await Promise.all(batch)));
    }
    agent.destroy();
    // the key's earlier requests in this minute count too, so at least 20 of these are refused
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(550);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    const limited = await api('GET', '/api/v1/devices/X');
    expect(JSON.parse(limited.text)).toMatchObject({ code: 'CT_RATE_LIMITED' });
  }, 60_000);
});
