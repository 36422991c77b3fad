import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ColdtraceApi } from './api-client.js';
import { simErrors } from './errors.js';
import { type FleetProgress, type FleetResult, runFleet } from './fleet/fleet.js';
import {
  anonymousFleet,
  readProvisioningFile,
  registerFleet,
  writeProvisioningFile,
} from './fleet/provision.js';
import type { DeviceCredentials } from './mqtt-device.js';
import { progressLine } from './progress.js';

const fleetArgs = z.object({
  devices: z.coerce.number().int().positive().max(100_000),
  interval: z.coerce.number().positive().max(86_400),
  duration: z.coerce.number().positive().max(86_400),
  mqtt: z.string().regex(/^mqtts?:\/\//, 'must start with mqtt:// or mqtts://'),
  workers: z.coerce.number().int().positive().max(64).optional(),
  prefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/),
  register: z.boolean(),
  provisionFile: z.string().min(1).optional(),
  api: z.string().url(),
  key: z.string().min(1).optional(),
});
export type FleetArgs = z.infer<typeof fleetArgs>;

export function parseFleetArgs(argv: string[], env: NodeJS.ProcessEnv): FleetArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '100' },
      interval: { type: 'string', default: '10' },
      duration: { type: 'string', default: '60' },
      mqtt: {
        type: 'string',
        default: env.COLDTRACE_SIM_MQTT_URL ?? `mqtt://127.0.0.1:${env.COLDTRACE_MQTT_PORT ?? 1883}`,
      },
      workers: { type: 'string' },
      prefix: { type: 'string', default: 'fleet' },
      register: { type: 'boolean', default: false },
      'provision-file': { type: 'string' },
      api: {
        type: 'string',
        default: env.COLDTRACE_API_URL ?? `http://127.0.0.1:${env.COLDTRACE_HTTP_PORT ?? 8080}`,
      },
      key: { type: 'string', default: env.COLDTRACE_API_KEY ?? env.COLDTRACE_ADMIN_KEY },
    },
  });
  const parsed = fleetArgs.safeParse({ ...values, provisionFile: values['provision-file'] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw simErrors.usage(`--${String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Device credentials for the fleet: registered now (reusing and extending the provisioning file,
 * by default `$COLDTRACE_DATA_DIR/sim-fleet-<prefix>.jsonl`, so a second run does not register
 * again), read from a provisioning file, or anonymous.
 */
export async function fleetCredentials(o: FleetArgs, env: NodeJS.ProcessEnv): Promise<DeviceCredentials[]> {
  if (o.register) {
    if (!o.key) throw simErrors.usage('fleet --register: --key (or COLDTRACE_ADMIN_KEY) is needed');
    const file =
      o.provisionFile ?? path.join(env.COLDTRACE_DATA_DIR ?? '.data', `sim-fleet-${o.prefix}.jsonl`);
    const known = existsSync(file) ? await readProvisioningFile(file) : [];
    const line = progressLine(2_000);
    const devices = await registerFleet(new ColdtraceApi(o.api, o.key), {
      n: o.devices,
      prefix: o.prefix,
      intervalS: o.interval,
      known,
      onProgress: (done) => line.update(`registering devices: ${done}/${o.devices}`),
    });
    line.end();
    const merged = new Map([...known, ...devices].map((d) => [d.deviceId, d]));
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeProvisioningFile(file, [...merged.values()]);
    process.stderr.write(`device secrets kept in ${file}\n`);
    return devices;
  }
  if (o.provisionFile) return readProvisioningFile(o.provisionFile, o.devices);
  return anonymousFleet(o.prefix, o.devices);
}

export async function fleetWithProgress(
  o: FleetArgs,
  devices: DeviceCredentials[],
  /** also told of each progress report (a bench starts its probes once the fleet publishes) */
  onProgress?: (p: FleetProgress) => void,
): Promise<FleetResult> {
  const line = progressLine();
  const result = await runFleet({
    mqttUrl: o.mqtt,
    devices,
    intervalS: o.interval,
    durationS: o.duration,
    workers: o.workers,
    onProgress: (p) => {
      line.update(
        `${p.phase} ${p.elapsedS.toFixed(0)}s connected ${p.connected}/${devices.length} sent ${p.sent} acked ${p.acked} rate ${p.ratePerS.toFixed(0)}/s errors ${p.errors + p.connectErrors}`,
      );
      onProgress?.(p);
    },
  });
  line.end();
  return result;
}

/** `coldtrace-sim fleet --devices N --interval S --duration D [--mqtt URL] [--register | --provision-file F]` */
export async function fleetCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const o = parseFleetArgs(argv, env);
  const devices = await fleetCredentials(o, env);
  const r = await fleetWithProgress(o, devices);
  process.stderr.write(
    `configured ${r.configuredPerS.toFixed(1)}/s, achieved ${r.achievedPerS.toFixed(1)}/s; sent ${r.sent}, acked ${r.acked}, errors ${r.errors}, connect errors ${r.connectErrors}\n`,
  );
  console.log(JSON.stringify({ fleet: r }));
  return r.errors + r.connectErrors > 0 ? 1 : 0;
}
