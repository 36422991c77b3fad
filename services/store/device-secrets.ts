import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Device secrets: issued once at registration, stored only as a salted scrypt hash.
 *
 * Format: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`, parameters inside the hash so they can
 * be raised later without breaking stored hashes. The cost is low (N = 2^10, ~6 ms) on purpose:
 * secrets are 256 random bits (newDeviceSecret), so no dictionary or brute-force attack applies and
 * a slow KDF buys nothing; what the hash must do is keep a leaked table from revealing secrets. A
 * fleet of thousands reconnecting after an outage must not cost minutes of CPU.
 */
const N = 1 << 10;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A new random device secret (256 bits, base64url, 43 characters). */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function hashDeviceSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time check of a secret against a stored hash; false for any malformed hash. */
export async function verifyDeviceSecret(secret: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_BYTES || salt.length < 8) return false;
  const key = await derive(secret, salt, n, r, p);
  return timingSafeEqual(key, expected);
}
