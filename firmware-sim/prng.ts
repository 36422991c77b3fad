/**
 * A small seeded PRNG (mulberry32) so that every simulated run is reproducible: the same seed gives
 * the same noise, the same phase offsets and therefore the same readings.
 */
export interface Prng {
  /** uniform in [0, 1) */
  next(): number;
  /** normal with mean 0 and standard deviation `sigma` (Box-Muller) */
  gaussian(sigma: number): number;
}

export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gaussian(sigma: number): number {
      if (sigma === 0) return 0;
      const u = 1 - next();
      const v = next();
      return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/** A stable 32-bit seed from a string (FNV-1a), e.g. from a device id. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
