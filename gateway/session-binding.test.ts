import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../test/support/broker.js';
import { SECRET_OF, startTestGateway, type TestGateway } from '../test/support/gateway-harness.js';

/**
 * No device can push another off the air (issue #12): client ids are bound to the authenticated
 * device, a rotated secret ends the sessions that used the old one, and failed logins are counted
 * per device id and address with a backoff that the holder of the right secret never meets.
 */
describe('gateway: sessions bound to their device', () => {
  let t: TestGateway;
  const statuses: string[] = [];
  const clients: MqttClient[] = [];
  const connect = async (deviceId: string, clientId: string, password = SECRET_OF(deviceId)) => {
    const c = await connectClient(t.url, {
      username: deviceId,
      password,
      clientId,
      will: {
        topic: `coldtrace/v1/devices/${deviceId}/status`,
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    t = await startTestGateway({
      limits: { sessionRecheckMs: 100, failedAuthPerIpPerMinute: 3, failedAuthPerDevicePerMinute: 3 },
      onStatus: (deviceId, status) => statuses.push(`${deviceId}:${status}`),
    });
    for (const id of ['VICTIM-1', 'OTHER-1', 'ROT-1', 'NAT-1', 'NAT-2'])
      await t.directory.add(id, SECRET_OF(id));
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await t?.stop();
  });

  it("refuses a registered device that connects with another device's id as client id; the victim stays, its will silent", async () => {
    const victim = await connect('VICTIM-1', 'VICTIM-1');
    let victimClosed = false;
    victim.on('close', () => {
      victimClosed = true;
    });
    await expect(connect('OTHER-1', 'VICTIM-1')).rejects.toMatchObject({ code: 2 });
    // the same free-form client id under two devices is two sessions: nobody is taken over
    const a = await connect('VICTIM-1', 'logger');
    const b = await connect('OTHER-1', 'logger');
    await b.publishAsync(
      'coldtrace/v1/devices/OTHER-1/readings',
      JSON.stringify({ ts: Date.now(), seq: 1, temp_c: 4 }),
      {
        qos: 1,
      },
    );
    await victim.publishAsync(
      'coldtrace/v1/devices/VICTIM-1/readings',
      JSON.stringify({ ts: Date.now(), seq: 1, temp_c: 4 }),
      {
        qos: 1,
      },
    );
    expect(a.connected && b.connected && victim.connected).toBe(true);
    expect(victimClosed).toBe(false);
    expect(statuses).not.toContain('VICTIM-1:offline');
  });

  it('ends a session whose secret was rotated; the new secret gets in, the old one no longer', async () => {
    const device = await connect('ROT-1', 'rot');
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    await t.directory.add('ROT-1', 'the-new-secret-0123456789abcdef');
    await closed;
    await expect(connect('ROT-1', 'rot2')).rejects.toMatchObject({ code: 4 });
    const again = await connect('ROT-1', 'rot3', 'the-new-secret-0123456789abcdef');
    expect(again.connected).toBe(true);
  });

  it('lets the right secret in behind an address that keeps failing, for the device attacked and for others', async () => {
    // a known-good session first (the gateway then recognises NAT-1's secret without scrypt)
    (await connect('NAT-1', 'nat-1a')).end(true);
    for (let i = 0; i < 8; i++) {
      await expect(connect(`GUESS-${i}`, `g${i}`, 'x')).rejects.toMatchObject({ code: expect.any(Number) });
      await expect(connect('NAT-1', `n${i}`, 'wrong-secret')).rejects.toMatchObject({
        code: expect.any(Number),
      });
    }
    // was: CONNACK 5 for the rest of the minute, for every device behind the address
    const attacked = await connect('NAT-1', 'nat-1b');
    expect(attacked.connected).toBe(true);
    const neighbour = await connect('NAT-2', 'nat-2');
    expect(neighbour.connected).toBe(true);
    // guessers themselves back off: unknown ids are refused outright past the per-address limit
    await expect(connect('GUESS-X', 'gx', 'x')).rejects.toMatchObject({ code: 5 });
  });
});
