import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ColdtraceApi } from '../api-client.js';
import { simErrors } from '../errors.js';
import type { DeviceCredentials } from '../mqtt-device.js';

/**
 * Fleet provisioning. Against an auth-enabled gateway every device needs its own registered id and
 * secret. Two ways:
 * - `--register`: register N devices through the API (POST /api/v1/devices, a few requests in
 *   flight) and keep the secrets, optionally writing them to a provisioning file;
 * - `--provision-file FILE`: reuse devices registered earlier, one JSON object per line:
 *   {"deviceId":"fleet-00001","secret":"..."}.
 * With neither, devices connect with their id only (an open broker such as the test broker).
 */
const lineSchema = z.strictObject({
  deviceId: z.string().min(1).max(64),
  secret: z.string().min(1).optional(),
});

export const fleetDeviceId = (prefix: string, i: number) => `${prefix}-${String(i).padStart(5, '0')}`;

export function anonymousFleet(prefix: string, n: number): DeviceCredentials[] {
  return Array.from({ length: n }, (_, i) => ({ deviceId: fleetDeviceId(prefix, i) }));
}

export async function readProvisioningFile(path: string, n?: number): Promise<DeviceCredentials[]> {
  const text = await readFile(path, 'utf8');
  const devices = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw simErrors.provisioning(`${path}:${i + 1}: not JSON`);
      }
      const parsed = lineSchema.safeParse(json);
      if (!parsed.success)
        throw simErrors.provisioning(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
  if (n !== undefined && devices.length < n)
    throw simErrors.provisioning(`${path} holds ${devices.length} devices, ${n} asked for`);
  return n === undefined ? devices : devices.slice(0, n);
}

export async function writeProvisioningFile(path: string, devices: DeviceCredentials[]): Promise<void> {
  await writeFile(path, devices.map((d) => JSON.stringify(d)).join('\n') + '\n', { mode: 0o600 });
}

/** Registers `n` fleet devices through the API with `concurrency` requests in flight. */
export async function registerFleet(
  api: ColdtraceApi,
  opts: {
    n: number;
    prefix: string;
    intervalS: number;
    concurrency?: number;
    /** devices registered before (from a provisioning file): reused, not registered again */
    known?: DeviceCredentials[];
    onProgress?: (done: number) => void;
  },
): Promise<DeviceCredentials[]> {
  const out: DeviceCredentials[] = new Array(opts.n);
  const known = new Map((opts.known ?? []).map((d) => [d.deviceId, d]));
  const now = Date.now();
  let next = 0;
  let done = 0;
  const lanes = Array.from({ length: opts.concurrency ?? 16 }, async () => {
    while (next < opts.n) {
      const i = next++;
      const deviceId = fleetDeviceId(opts.prefix, i);
      const before = known.get(deviceId);
      if (before?.secret) {
        out[i] = before;
        opts.onProgress?.(++done);
        continue;
      }
      const secret = await api.registerDevice({
        id: deviceId,
        kind: 'storage_sensor',
        loggingIntervalS: Math.max(1, Math.round(opts.intervalS)),
        calibrationValidFrom: new Date(now - 30 * 86_400_000).toISOString(),
        calibrationValidUntil: new Date(now + 365 * 86_400_000).toISOString(),
        model: 'coldtrace-sim fleet',
      });
      out[i] = { deviceId, secret };
      opts.onProgress?.(++done);
    }
  });
  await Promise.all(lanes);
  return out;
}
