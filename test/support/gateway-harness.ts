import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { InMemoryDeviceDirectory } from '../../gateway/device-directory.js';
import { type Gateway, type GatewayOptions, startGateway } from '../../gateway/gateway.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import type { DeviceEvent, Reading } from '../../services/domain/contract.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import { connectClient } from './broker.js';
import { type TestInflux, testInflux } from './influx.js';

/** Shared set-up of the gateway's integration tests: real InfluxDB, real sockets, a temp data dir. */
export interface TestGateway {
  gateway: Gateway;
  influx: TestInflux;
  store: ReadingsStore;
  directory: InMemoryDeviceDirectory;
  dataDir: string;
  url: string;
  accepted: { readings: Reading[]; events: DeviceEvent[] };
  /** registers a device and connects it */
  device(id: string, opts?: Parameters<typeof connectClient>[1]): Promise<MqttClient>;
  /** readings stored for a device (all time) */
  stored(deviceId: string): Promise<Reading[]>;
  stop(): Promise<void>;
}

export const SECRET_OF = (id: string) => `secret-of-${id}-0123456789abcdef`;

export async function startTestGateway(
  over: Partial<GatewayOptions> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<TestGateway> {
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-gw-'));
  const influx = await testInflux('gw');
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const store = await openReadingsStore({ url: influx.url, logger });
  const directory = new InMemoryDeviceDirectory();
  const accepted = { readings: [] as Reading[], events: [] as DeviceEvent[] };
  const config = loadConfig({ COLDTRACE_DATA_DIR: dataDir, COLDTRACE_MQTT_PORT: '0', ...env });
  const gateway = await startGateway({
    config,
    logger,
    readings: store,
    devices: directory,
    onAccepted: (r, e) => {
      accepted.readings.push(...r);
      accepted.events.push(...e);
    },
    ...over,
  }).catch(async (error: unknown) => {
    await store.close();
    await influx.drop();
    await fs.promises.rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const url = `mqtt://127.0.0.1:${gateway.mqttPort}`;
  const clients: MqttClient[] = [];
  return {
    gateway,
    influx,
    store,
    directory,
    dataDir,
    url,
    accepted,
    async device(id, opts = {}) {
      if (!(await directory.secretHashOf(id))) await directory.add(id, SECRET_OF(id));
      const client = await connectClient(url, {
        username: id,
        password: SECRET_OF(id),
        clientId: `c-${id}`,
        ...opts,
      });
      clients.push(client);
      return client;
    },
    async stored(deviceId) {
      const out: Reading[] = [];
      for await (const r of store.readingsOf(deviceId, 0, 4_102_444_800_000)) out.push(r);
      return out;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await gateway.close();
      await store.close();
      await influx.drop();
      await fs.promises.rm(dataDir, { recursive: true, force: true });
    },
  };
}
