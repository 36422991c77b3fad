import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../../test/support/broker.js';
import { startTestSystem, type TestSystem } from '../../../test/support/system.js';

/**
 * POST /api/v1/devices/:id/secret on the whole system: the new secret is shown once, only its hash
 * is stored, the rotation is audited, and the gateway refuses the old secret on the very next
 * CONNECT (its verified-secret cache is keyed by the stored hash).
 */
describe('device secret rotation over HTTP, checked over MQTT', () => {
  let sys: TestSystem;
  const clients: MqttClient[] = [];
  const connect = async (username: string, password: string) => {
    const client = await connectClient(sys.mqttUrl, {
      username,
      password,
      clientId: `${username}-${clients.length}`,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sys = await startTestSystem({ records: 'pglite' });
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await sys?.stop();
  });

  it('issues a new secret once; the old one stops working for new connections at once', async () => {
    const reg = await sys.api('POST', '/api/v1/devices', {
      id: 'ROT-1',
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    });
    expect(reg.status).toBe(201);
    const oldSecret = (reg.json as { mqtt: { password: string } }).mqtt.password;
    // connected and verified once: the gateway now caches the old secret as verified
    const before = await connect('ROT-1', oldSecret);
    before.end(true);

    const rotated = await sys.api('POST', '/api/v1/devices/ROT-1/secret', {
      reason: 'logger returned from repair',
    });
    expect(rotated.status).toBe(200);
    const body = rotated.json as { id: string; rotatedAt: string; mqtt: Record<string, string> };
    expect(body.id).toBe('ROT-1');
    expect(body.mqtt).toEqual({
      username: 'ROT-1',
      password: expect.any(String),
      topicPrefix: 'coldtrace/v1/devices/ROT-1/',
    });
    const newSecret = body.mqtt.password ?? '';
    expect(newSecret).not.toBe(oldSecret);
    expect(newSecret.length).toBeGreaterThanOrEqual(20);

    await expect(connect('ROT-1', oldSecret)).rejects.toThrow(/Bad username or password|Not authorized/i);
    const after = await connect('ROT-1', newSecret);
    expect(after.connected).toBe(true);

    // shown once: only the hash is stored, and the device read-back never carries it
    const stored = await sys.system.records.deviceDirectory.secretHashOf('ROT-1');
    expect(stored).toBeTruthy();
    expect(stored).not.toContain(newSecret);
    expect((await sys.api('GET', '/api/v1/devices/ROT-1')).text).not.toContain(newSecret);
    const audit = await sys.system.records.auditOf('device', 'ROT-1');
    expect(audit.map((a) => a.action)).toContain('rotate_secret');
    expect(audit.find((a) => a.action === 'rotate_secret')?.reason).toBe('logger returned from repair');
    expect(JSON.stringify(audit)).not.toContain(newSecret);
  });

  it('is admin only, refuses an unknown device (404 CT_DEVICE_NOT_FOUND), the body is optional', async () => {
    const viewer = await sys.system.records.apiKeys.issue('viewer', 'viewer', { id: 't', name: 't' });
    const refused = await sys.api('POST', '/api/v1/devices/ROT-1/secret', undefined, viewer.key);
    expect(refused.status).toBe(403);
    const unknown = await sys.api('POST', '/api/v1/devices/NOPE-1/secret', {});
    expect(unknown.status).toBe(404);
    expect((unknown.json as { code: string }).code).toBe('CT_DEVICE_NOT_FOUND');
    const noBody = await sys.api('POST', '/api/v1/devices/ROT-1/secret');
    expect(noBody.status, noBody.text).toBe(200);
    const docs = await fetch(`${sys.httpUrl}/docs/json`).then((r) => r.json() as Promise<{ paths: object }>);
    expect(Object.keys(docs.paths)).toContain('/api/v1/devices/{id}/secret');
  });
});
