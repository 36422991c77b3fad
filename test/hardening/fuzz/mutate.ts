/**
 * Mutations of valid inputs for fuzzing: byte flips, truncation, type swaps, huge numbers, deep
 * nesting, unicode and prototype-pollution keys. A small seeded PRNG keeps every run repeatable
 * (the seed is printed with any failure).
 */

/** mulberry32: fast, seedable, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);

/** Values that break naive code: wrong types, extremes, odd text. */
export const NASTY_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  1e-320,
  '',
  ' ',
  '0',
  'NaN',
  'Infinity',
  '1e999',
  '2026-02-30T25:61:00Z',
  '9999-12-31T23:59:59Z',
  '\u0000',
  '\ud800',
  '温度',
  '🧊'.repeat(100),
  'x'.repeat(10_000),
  [],
  [[]],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** `{"a":{"a":...}}` or `[[[...]]]` `depth` levels deep, as text (JSON.stringify would recurse). */
export function deepNesting(depth: number, kind: 'object' | 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function mutateValue(rand: Rand, value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') {
    const r = rand();
    if (r < 0.6) return pick(rand, NASTY_VALUES);
    if (typeof value === 'number') return r < 0.8 ? value * 10 ** int(rand, 400) : -value;
    if (typeof value === 'string')
      return r < 0.8
        ? value + pick(rand, ['\u0000', '\u202e', 'é', '"', '\\'])
        : value.slice(0, int(rand, value.length + 1));
    return String(value);
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    const r = rand();
    if (r < 0.3 && copy.length > 0) copy.splice(int(rand, copy.length), 1);
    else if (r < 0.5) copy.push(pick(rand, NASTY_VALUES));
    else if (copy.length > 0) {
      const i = int(rand, copy.length);
      copy[i] = mutateValue(rand, copy[i], depth + 1);
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const r = rand();
  if (r < 0.15 && keys.length > 0) delete copy[pick(rand, keys)];
  else if (r < 0.3) copy[`x_${int(rand, 5)}`] = pick(rand, NASTY_VALUES);
  else if (keys.length > 0) {
    const k = pick(rand, keys);
    copy[k] = mutateValue(rand, copy[k], depth + 1);
  }
  return copy;
}

/** Text mutations of a JSON document. */
function mutateText(rand: Rand, text: string): string {
  const r = rand();
  if (r < 0.2) return text.slice(0, int(rand, text.length)); // truncation
  if (r < 0.35) {
    // a pollution key spliced in at the top level of an object
    const key = pick(rand, POLLUTION_KEYS);
    return text.startsWith('{') ? `{"${key}":{"polluted":true,"temp_c":1},${text.slice(1)}` : text;
  }
  if (r < 0.45)
    return text.replace(
      /:(-?\d+(\.\d+)?)/,
      `:${pick(rand, ['1e999', '-1e999', '99999999999999999999999', '0.0000000000000000000001', '1e308'])}`,
    );
  if (r < 0.55)
    return text.replace(/"[^"]*"/, `"${pick(rand, ['\\ud800', '\\u0000', '温度', '\\"', '🧊'])}"`);
  if (r < 0.6) return deepNesting(1000 + int(rand, 50_000), rand() < 0.5 ? 'array' : 'object');
  if (r < 0.7) return `[${Array.from({ length: 1 + int(rand, 4) }, () => text).join(',')}]`;
  if (r < 0.75) return `${text}${text}`; // trailing garbage
  return text.replace(/"(\w+)":/, '"$1":$&'); // duplicate key with a different shape
}

/** Byte-level mutations (flips, inserts, deletes), invalid UTF-8 included. */
function mutateBytes(rand: Rand, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const n = 1 + int(rand, 4);
  for (let i = 0; i < n && out.length > 0; i++) {
    const at = int(rand, out.length);
    out[at] = rand() < 0.5 ? out[at]! ^ (1 << int(rand, 8)) : int(rand, 256);
  }
  return out;
}

/** One mutated payload from a valid one. */
export function mutatePayload(rand: Rand, valid: unknown): Buffer {
  const r = rand();
  if (r < 0.4) return Buffer.from(JSON.stringify(mutateValue(rand, valid)) ?? 'null');
  const text = JSON.stringify(valid);
  if (r < 0.75) return Buffer.from(mutateText(rand, text));
  return mutateBytes(rand, Buffer.from(text));
}

/** One mutated object from a valid one (schema fuzzing: no bytes, values only). */
export function mutateObject(rand: Rand, valid: unknown): unknown {
  let v = valid;
  const times = 1 + int(rand, 3);
  for (let i = 0; i < times; i++) v = mutateValue(rand, v);
  if (rand() < 0.1 && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    // a pollution key as JSON.parse makes it (an own property named __proto__)
    const polluted = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    return Object.assign(polluted, v);
  }
  return v;
}
