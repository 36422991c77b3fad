import { createHash, timingSafeEqual } from 'node:crypto';
import { hashDeviceSecret, verifyDeviceSecret } from '../services/store/device-secrets.js';
import type { DeviceDirectory } from '../services/store/sql/devices-repo.js';

export type { DeviceDirectory };

/** Secret hashes of many devices: in one look-up when the directory can, else one by one. */
export async function secretHashesOf(
  directory: DeviceDirectory,
  deviceIds: readonly string[],
): Promise<Map<string, string>> {
  if (directory.secretHashesOf) return directory.secretHashesOf(deviceIds);
  const out = new Map<string, string>();
  for (const id of deviceIds) {
    const hash = await directory.secretHashOf(id);
    if (hash !== undefined) out.set(id, hash);
  }
  return out;
}

/** A directory held in memory: embedded tests, benchmarks, small set-ups. */
export class InMemoryDeviceDirectory implements DeviceDirectory {
  private readonly hashes = new Map<string, string>();

  /** Registers a device with its secret (hashed here). */
  async add(deviceId: string, secret: string): Promise<void> {
    this.hashes.set(deviceId, await hashDeviceSecret(secret));
  }

  /** Registers a device with an already computed hash. */
  addHash(deviceId: string, hash: string): void {
    this.hashes.set(deviceId, hash);
  }

  remove(deviceId: string): void {
    this.hashes.delete(deviceId);
  }

  async secretHashOf(deviceId: string): Promise<string | undefined> {
    return this.hashes.get(deviceId);
  }

  async secretHashesOf(deviceIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of deviceIds) {
      const hash = this.hashes.get(id);
      if (hash !== undefined) out.set(id, hash);
    }
    return out;
  }
}

/**
 * What a CONNECT's credentials are: `ok` with the stored hash they matched (the session ends when
 * that hash changes: a rotated secret), `bad`, `unknown` device, or `unchecked` (a secret that is
 * not the one known good, while its device id and address are backing off: no scrypt spent).
 */
export type CredentialCheck = { result: 'ok'; hash: string } | { result: 'bad' | 'unknown' | 'unchecked' };

/**
 * Verifies device credentials against a directory. A successful verification is remembered (as a
 * SHA-256 of the secret, keyed by the stored hash) so that a fleet reconnecting after an outage
 * costs one directory look-up per device, not one scrypt; a changed stored hash invalidates it.
 */
export class DeviceAuthenticator {
  private readonly verified = new Map<string, { hash: string; digest: Buffer }>();

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly maxCached = 100_000,
  ) {}

  /** The stored hashes of these devices now (a device no longer registered is absent). */
  currentHashes(deviceIds: readonly string[]): Promise<Map<string, string>> {
    return deviceIds.length === 0 ? Promise.resolve(new Map()) : secretHashesOf(this.directory, deviceIds);
  }

  async isRegistered(deviceId: string): Promise<boolean> {
    return (await this.directory.secretHashOf(deviceId)) !== undefined;
  }

  async verify(deviceId: string, secret: string): Promise<boolean> {
    return (await this.check(deviceId, secret, true)).result === 'ok';
  }

  /**
   * Checks credentials. The secret last known good for the current stored hash is recognised
   * without scrypt, always: so a device with the right secret gets in even while others fail
   * against its id from its address. Any other secret is checked with scrypt only when `mayScrypt`.
   */
  async check(deviceId: string, secret: string, mayScrypt: boolean): Promise<CredentialCheck> {
    const hash = await this.directory.secretHashOf(deviceId);
    if (hash === undefined) return { result: 'unknown' };
    const digest = createHash('sha256').update(secret).digest();
    const known = this.verified.get(deviceId);
    // one stored hash, one secret: against the known good one, any other secret is wrong
    if (known && known.hash === hash)
      return timingSafeEqual(known.digest, digest) ? { result: 'ok', hash } : { result: 'bad' };
    if (!mayScrypt) return { result: 'unchecked' };
    if (!(await verifyDeviceSecret(secret, hash))) return { result: 'bad' };
    if (this.verified.size >= this.maxCached) this.verified.clear();
    this.verified.set(deviceId, { hash, digest });
    return { result: 'ok', hash };
  }
}
