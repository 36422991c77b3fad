import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../test/support/broker.js';
import { SECRET_OF, startTestGateway, type TestGateway } from '../test/support/gateway-harness.js';

const TS = Date.parse('2026-11-26T01:00:00Z');

describe('gateway: TLS and WebSocket listeners', () => {
  let t: TestGateway;
  let cert: Buffer;
  beforeAll(async () => {
    const dir = await fs.promises.mkdtemp(path.join((await import('node:os')).tmpdir(), 'coldtrace-tls-'));
    await promisify(execFile)('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...[
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
    ]);
    cert = await fs.promises.readFile(path.join(dir, 'cert.pem'));
    const key = await fs.promises.readFile(path.join(dir, 'key.pem'));
    await fs.promises.rm(dir, { recursive: true });
    t = await startTestGateway({ tls: { port: 0, key, cert }, ws: { port: 0 } });
    await t.directory.add('LOG-T', SECRET_OF('LOG-T'));
  });
  afterAll(() => t?.stop());

  it('accepts authenticated devices over mqtts:// and ws://, and stores their readings', async () => {
    const overTls = await connectClient(`mqtts://127.0.0.1:${t.gateway.tlsPort}`, {
      username: 'LOG-T',
      password: SECRET_OF('LOG-T'),
      clientId: 'tls',
      ca: cert,
    });
    await overTls.publishAsync(
      'coldtrace/v1/devices/LOG-T/readings',
      JSON.stringify({ ts: TS, seq: 1, temp_c: 3 }),
      { qos: 1 },
    );
    await overTls.endAsync();
    const overWs = await connectClient(`ws://127.0.0.1:${t.gateway.wsPort}`, {
      username: 'LOG-T',
      password: SECRET_OF('LOG-T'),
      clientId: 'ws',
    });
    await overWs.publishAsync(
      'coldtrace/v1/devices/LOG-T/readings',
      JSON.stringify({ ts: TS + 1000, seq: 2, temp_c: 3 }),
      { qos: 1 },
    );
    await overWs.endAsync();
    await expect(
      connectClient(`ws://127.0.0.1:${t.gateway.wsPort}`, {
        username: 'LOG-T',
        password: 'bad',
        clientId: 'ws2',
      }),
    ).rejects.toMatchObject({ code: 4 });
    await t.gateway.flushed();
    expect((await t.stored('LOG-T')).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('fails with CT_MQTT_PORT_IN_USE naming COLDTRACE_MQTT_PORT when the port is taken', async () => {
    await expect(
      startTestGateway({}, { COLDTRACE_MQTT_PORT: String(t.gateway.mqttPort) }),
    ).rejects.toMatchObject({
      code: 'CT_MQTT_PORT_IN_USE',
      message: expect.stringContaining('COLDTRACE_MQTT_PORT'),
    });
  });
});
