import net from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { freePort } from './ports.js';

export interface TestBroker {
  aedes: Aedes;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** An aedes broker on a free port over a real TCP socket. */
export async function startBroker(opts: Partial<AedesOptions> = {}): Promise<TestBroker> {
  const aedes = await Aedes.createBroker(opts);
  const server = net.createServer(aedes.handle);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    aedes,
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects an MQTT.js client and resolves once CONNACK arrived (rejects on refusal). */
export function connectClient(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...opts });
    client.once('connect', () => resolve(client));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
  });
}
