import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingPayloadSchema } from '../../services/domain/contract.js';
import { startBroker, type TestBroker } from '../../test/support/broker.js';
import { runFleet } from './fleet.js';
import { anonymousFleet } from './provision.js';

let broker: TestBroker;
const perDevice = new Map<string, number[]>();
const statuses = new Map<string, string>();
let invalid = 0;
const remoteAddresses = new Set<string>();

beforeAll(async () => {
  broker = await startBroker();
  broker.aedes.on('client', (client) => {
    const address = (client.conn as { remoteAddress?: string }).remoteAddress;
    if (address) remoteAddresses.add(address);
  });
  broker.aedes.on('publish', (packet, client) => {
    if (!client) return;
    const [, , , deviceId, kind] = packet.topic.split('/');
    if (kind === 'status') statuses.set(deviceId!, packet.payload.toString());
    if (kind !== 'readings') return;
    const parsed = readingPayloadSchema.safeParse(JSON.parse(packet.payload.toString()));
    if (!parsed.success || client.id !== deviceId) invalid++;
    else perDevice.set(deviceId!, [...(perDevice.get(deviceId!) ?? []), parsed.data.seq]);
  });
});

afterAll(async () => {
  await broker.close();
});

describe('fleet', () => {
  it('each device is its own client; the broker acks every reading at the configured rate', async () => {
    const devices = anonymousFleet('fleet', 300);
    const result = await runFleet({
      mqttUrl: broker.url,
      devices,
      intervalS: 1,
      durationS: 3,
      workers: 2,
      sourceAddresses: 3,
    });
    expect(result.connected).toBe(300);
    expect(result.configuredPerS).toBe(300);
    expect(result.sent).toBe(900);
    expect(result.acked).toBe(900);
    expect(result.errors).toBe(0);
    expect(result.achievedPerS).toBeGreaterThan(270);
    expect(invalid).toBe(0);
    expect(perDevice.size).toBe(300);
    for (const seqs of perDevice.values()) expect(seqs).toEqual([0, 1, 2]);
    // clean stop: every device leaves its retained status at offline
    // spread over three simulated sites (source addresses), as the gateway's per-address limits expect
    expect([...remoteAddresses].sort()).toEqual(['127.1.0.1', '127.1.0.2', '127.1.0.3']);
    expect([...statuses.values()].every((s) => s === 'offline')).toBe(true);
  });
});
