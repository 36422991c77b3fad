import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateMosquitto, startPrivateMosquitto } from '../../test/support/mosquitto-dynsec.js';
import { DynsecControl } from './dynsec-control.js';

/**
 * The dynsec control channel when the broker stops answering mid-way (a network that drops
 * packets, a broker stalled): a TCP relay in front of a real Mosquitto that can be frozen (it keeps
 * the socket open and forwards nothing). A command then fails with CT_BROKER_AUTH_UNAVAILABLE
 * within its timeout, the next command is not stuck behind it, and no promise rejects unhandled
 * (which would end a Node process).
 */
let broker: PrivateMosquitto;
let relay: net.Server;
let frozen = false;
let dir: string;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'coldtrace-dynsec-stall-'));
  broker = await startPrivateMosquitto(dir);
  relay = net.createServer((client) => {
    const upstream = net.connect(broker.port, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
}, 30_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => relay?.close(r));
  await broker?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('dynsec control over a stalled connection', () => {
  it('fails each command within its timeout, never leaves one hanging, never rejects unhandled', async () => {
    const port = (relay.address() as net.AddressInfo).port;
    const url = broker.adminUrl.replace(`:${broker.port}`, `:${port}`);
    const control = await DynsecControl.connect(url, { timeoutMs: 400 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // answered while the relay forwards
      const ok = await control.send([{ command: 'listClients' }]);
      expect(ok[0]?.error).toBeUndefined();

      frozen = true;
      const started = Date.now();
      const first = control.send([{ command: 'listClients' }]);
      const second = control.send([{ command: 'listClients' }]);
      await expect(first).rejects.toMatchObject({ code: 'CT_BROKER_AUTH_UNAVAILABLE' });
      // the next one waits its own turn and fails the same way: the queue is not stuck
      await expect(second).rejects.toMatchObject({ code: 'CT_BROKER_AUTH_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(5_000);
      // a late timer or PUBACK failure would surface here as an unhandled rejection
      await new Promise((r) => setTimeout(r, 600));
      expect(unhandled).toEqual([]);
      // closing over the dead connection returns (it waited for PUBACKs that never come)
      await control.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
      frozen = false;
    }
  });
});
