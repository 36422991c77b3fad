import { describe, expect, it } from 'vitest';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from '../services/store/device-secrets.js';
import { DeviceAuthenticator, InMemoryDeviceDirectory } from './device-directory.js';

describe('device secrets', () => {
  it('issues 256-bit random secrets', () => {
    const a = newDeviceSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newDeviceSecret()).not.toBe(a);
  });

  it('verifies a secret against its salted scrypt hash, and nothing else', async () => {
    const secret = newDeviceSecret();
    const hash = await hashDeviceSecret(secret);
    expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(hash).not.toContain(secret);
    expect(await hashDeviceSecret(secret)).not.toBe(hash); // salted
    expect(await verifyDeviceSecret(secret, hash)).toBe(true);
    expect(await verifyDeviceSecret(`${secret}x`, hash)).toBe(false);
    expect(await verifyDeviceSecret(secret, 'plain')).toBe(false);
    expect(await verifyDeviceSecret(secret, hash.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
  });

  it('the authenticator remembers a verified secret but notices a changed one', async () => {
    const directory = new InMemoryDeviceDirectory();
    await directory.add('D1', 'first-secret');
    const auth = new DeviceAuthenticator(directory);
    expect(await auth.verify('D1', 'first-secret')).toBe(true);
    expect(await auth.verify('D1', 'first-secret')).toBe(true);
    expect(await auth.verify('D1', 'other')).toBe(false);
    await directory.add('D1', 'second-secret'); // re-issued
    expect(await auth.verify('D1', 'first-secret')).toBe(false);
    expect(await auth.verify('D1', 'second-secret')).toBe(true);
    directory.remove('D1');
    expect(await auth.verify('D1', 'second-secret')).toBe(false);
  });
});
