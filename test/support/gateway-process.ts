/**
 * A gateway in a process of its own, for tests that kill it (SIGKILL) or run several side by side.
 * Configured from the COLDTRACE_* environment; devices from COLDTRACE_TEST_DEVICES (JSON
 * {"deviceId": "secret"}); external-mode client id from COLDTRACE_TEST_CLIENT_ID. Prints one JSON
 * line {"ready": true, "mqttPort": n} on stdout once it listens.
 */
import { z } from 'zod';
import { InMemoryDeviceDirectory } from '../../gateway/device-directory.js';
import { startGateway } from '../../gateway/gateway.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import { openReadingsStore } from '../../services/store/readings/readings-store.js';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel, 'gateway-process');
if (!config.influxUrl) throw new Error('COLDTRACE_INFLUX_URL is required');
const devices = z
  .record(z.string(), z.string())
  .parse(JSON.parse(process.env.COLDTRACE_TEST_DEVICES ?? '{}'));
const directory = new InMemoryDeviceDirectory();
for (const [id, secret] of Object.entries(devices)) await directory.add(id, secret);

const readings = await openReadingsStore({ url: config.influxUrl, logger });
const gateway = await startGateway({
  config,
  logger,
  readings,
  devices: directory,
  external: { clientId: process.env.COLDTRACE_TEST_CLIENT_ID, connections: 2 },
  drain: { minBackoffMs: 50, maxBackoffMs: 500 },
});
process.stdout.write(`${JSON.stringify({ ready: true, mqttPort: gateway.mqttPort })}\n`);

const stop = async () => {
  await gateway.close();
  await readings.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
