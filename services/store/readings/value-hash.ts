/**
 * HalfSipHash-1-3 (Aumasson & Bernstein's SipHash on 32-bit words) of an ASCII string under a
 * 64-bit key. The readings store uses it to place each distinct value of a (device, time) at its own
 * nanosecond inside that millisecond (line-protocol.ts): a keyed hash, so that a device cannot work
 * out offline a second value that lands on the first one's nanosecond and silently replaces it.
 * Pure JS with 32-bit integer arithmetic: about a tenth of an HMAC per reading on the hot path.
 */
export interface ValueHashKey {
  k0: number;
  k1: number;
}

/** The key for lines that do not come from devices (seeding, imports, tests). */
export const FIXED_VALUE_KEY: ValueHashKey = { k0: 0x636f6c64, k1: 0x74726163 };

export function valueKeyFromBytes(bytes: Uint8Array): ValueHashKey {
  if (bytes.length < 8) throw new Error('value hash key needs 8 bytes');
  const k0 = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
  const k1 = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
  return { k0, k1 };
}

/** The hash of `s` (char codes taken as bytes: the strings hashed here are ASCII) as an unsigned 32-bit integer. */
export function halfSipHash13(key: ValueHashKey, s: string): number {
  let v0 = key.k0 | 0;
  let v1 = key.k1 | 0;
  let v2 = 0x6c796765 ^ key.k0;
  let v3 = 0x74656462 ^ key.k1;
  const n = s.length;
  const end = n - (n & 3);
  let i = 0;
  for (; i < end; i += 4) {
    const m =
      (s.charCodeAt(i) & 0xff) |
      ((s.charCodeAt(i + 1) & 0xff) << 8) |
      ((s.charCodeAt(i + 2) & 0xff) << 16) |
      ((s.charCodeAt(i + 3) & 0xff) << 24);
    v3 ^= m;
    // one compression round (SipRound on 32-bit words: rotations 5, 16, 8, 7, 13, 16)
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
    v0 ^= m;
  }
  let b = (n & 0xff) << 24;
  const tail = n & 3;
  if (tail >= 3) b |= (s.charCodeAt(i + 2) & 0xff) << 16;
  if (tail >= 2) b |= (s.charCodeAt(i + 1) & 0xff) << 8;
  if (tail >= 1) b |= s.charCodeAt(i) & 0xff;
  v3 ^= b;
  v0 = (v0 + v1) | 0;
  v1 = (v1 << 5) | (v1 >>> 27);
  v1 ^= v0;
  v0 = (v0 << 16) | (v0 >>> 16);
  v2 = (v2 + v3) | 0;
  v3 = (v3 << 8) | (v3 >>> 24);
  v3 ^= v2;
  v0 = (v0 + v3) | 0;
  v3 = (v3 << 7) | (v3 >>> 25);
  v3 ^= v0;
  v2 = (v2 + v1) | 0;
  v1 = (v1 << 13) | (v1 >>> 19);
  v1 ^= v2;
  v2 = (v2 << 16) | (v2 >>> 16);
  v0 ^= b;
  v2 ^= 0xff;
  // three finalisation rounds
  for (let r = 0; r < 3; r++) {
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
  }
  return (v1 ^ v3) >>> 0;
}
