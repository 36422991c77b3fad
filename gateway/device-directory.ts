import { createHash, timingSafeEqual } from 'node:crypto';
import { hashDeviceSecret, verifyDeviceSecret } from '../services/store/device-secrets.js';
import type { DeviceDirectory } from '../services/store/sql/devices-repo.js';

export type { DeviceDirectory };

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
}

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

  async verify(deviceId: string, secret: string): Promise<boolean> {
    const hash = await this.directory.secretHashOf(deviceId);
    if (hash === undefined) return false;
    const digest = createHash('sha256').update(secret).digest();
    const known = this.verified.get(deviceId);
    if (known && known.hash === hash) return timingSafeEqual(known.digest, digest);
    if (!(await verifyDeviceSecret(secret, hash))) return false;
    if (this.verified.size >= this.maxCached) this.verified.clear();
    this.verified.set(deviceId, { hash, digest });
    return true;
  }
}
