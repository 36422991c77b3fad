import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../test/support/broker.js';
import { SECRET_OF, startTestGateway, type TestGateway } from '../test/support/gateway-harness.js';

const reading = (seq: number) => JSON.stringify({ ts: 1_764_000_000_000 + seq * 1000, seq, temp_c: 5 });

describe('gateway: device authentication and topic ACL', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ limits: { connectsPerClientPerMinute: 5 } });
    await t.directory.add('LOG-1', SECRET_OF('LOG-1'));
    await t.directory.add('LOG-2', SECRET_OF('LOG-2'));
  });
  afterAll(() => t?.stop());

  it('refuses a wrong secret, an unknown device and a missing password (CONNACK 4)', async () => {
    await expect(
      connectClient(t.url, { username: 'LOG-1', password: 'not-the-secret', clientId: 'w1' }),
    ).rejects.toMatchObject({ code: 4 });
    await expect(
      connectClient(t.url, { username: 'NOPE', password: 'whatever', clientId: 'w2' }),
    ).rejects.toMatchObject({ code: 4 });
    await expect(connectClient(t.url, { username: 'LOG-1', clientId: 'w3' })).rejects.toMatchObject({
      code: 4,
    });
    const ok = await connectClient(t.url, {
      username: 'LOG-1',
      password: SECRET_OF('LOG-1'),
      clientId: 'w4',
    });
    await ok.endAsync();
  });

  it('disconnects a device publishing under another id, and stores nothing of it', async () => {
    const intruder = await connectClient(t.url, {
      username: 'LOG-2',
      password: SECRET_OF('LOG-2'),
      clientId: 'intruder',
    });
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish('coldtrace/v1/devices/LOG-1/readings', reading(99), { qos: 1 });
    await closed;
    intruder.end(true);
    // the next, legitimate publish of LOG-1 is stored; the forged one never is
    const owner = await connectClient(t.url, {
      username: 'LOG-1',
      password: SECRET_OF('LOG-1'),
      clientId: 'owner',
    });
    await owner.publishAsync('coldtrace/v1/devices/LOG-1/readings', reading(1), { qos: 1 });
    await t.gateway.flushed();
    expect((await t.stored('LOG-1')).map((r) => r.seq)).toEqual([1]);
    expect(t.accepted.readings.some((r) => r.seq === 99)).toBe(false);
    await owner.endAsync();
  });

  it('lets a device subscribe only to its own rejects topic', async () => {
    const device = await connectClient(t.url, {
      username: 'LOG-2',
      password: SECRET_OF('LOG-2'),
      clientId: 'sub',
    });
    const own = await device.subscribeAsync('coldtrace/v1/devices/LOG-2/rejects', { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    await expect(device.subscribeAsync('coldtrace/v1/devices/LOG-1/rejects', { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    await expect(device.subscribeAsync('coldtrace/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await device.endAsync();
  });

  it('refuses unknown ids from an address that keeps failing, never a registered device with its secret', async () => {
    const strict = await startTestGateway({ limits: { failedAuthPerIpPerMinute: 3 } });
    try {
      await strict.directory.add('LOG-9', SECRET_OF('LOG-9'));
      for (let i = 0; i < 3; i++) {
        await expect(
          connectClient(strict.url, { username: `GUESS-${i}`, password: 'x', clientId: `g${i}` }),
        ).rejects.toMatchObject({ code: 4 });
      }
      await expect(
        connectClient(strict.url, { username: 'GUESS-4', password: 'x', clientId: 'g4' }),
      ).rejects.toMatchObject({ code: 5 });
      const ok = await connectClient(strict.url, {
        username: 'LOG-9',
        password: SECRET_OF('LOG-9'),
        clientId: 'g9',
      });
      await ok.endAsync();
    } finally {
      await strict.stop();
    }
  });

  it('refuses a client id that keeps reconnecting past its per-minute limit', async () => {
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      try {
        const c = await connectClient(t.url, {
          username: 'LOG-2',
          password: SECRET_OF('LOG-2'),
          clientId: 'flappy',
        });
        await c.endAsync();
        codes.push(0);
      } catch (error) {
        codes.push((error as { code?: number }).code ?? -1);
      }
    }
    expect(codes.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(codes.slice(5)).toEqual([5, 5]);
  });

  it('closes the connection on a topic deeper than the limit', async () => {
    const device = await connectClient(t.url, {
      username: 'LOG-2',
      password: SECRET_OF('LOG-2'),
      clientId: 'deep',
    });
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish(`coldtrace/v1/devices/LOG-2/${'x/'.repeat(10)}readings`, '{}', { qos: 1 });
    await closed;
    device.end(true);
  });

  it('closes the connection on a packet larger than the packet limit, before buffering it', async () => {
    const device = await connectClient(t.url, {
      username: 'LOG-2',
      password: SECRET_OF('LOG-2'),
      clientId: 'big',
    });
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('coldtrace/v1/devices/LOG-2/readings', Buffer.alloc(2 * 1024 * 1024, 32), { qos: 1 });
    await closed;
    device.end(true);
  });
});
