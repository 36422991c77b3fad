import { type DeviceEvent, type EventType, eventTypeSchema, type Reading } from '../../domain/contract.js';
import { EVENTS_MEASUREMENT, READINGS_MEASUREMENT } from './line-protocol.js';

/**
 * Reads back the lines line-protocol.ts writes (and only those): the gateway hands what it recovers
 * from its spool after a crash to the rules worker, and the property test holds writer and reader
 * together. `precision` of the trailing timestamp: `ns` (today's lines) or `ms` (older spools).
 */
export type ParsedLine =
  | { kind: 'reading'; reading: Reading }
  | { kind: 'event'; event: DeviceEvent }
  | { kind: 'other' };

export function parseLine(line: string, precision: 'ns' | 'ms' = 'ns'): ParsedLine {
  const comma = line.indexOf(',');
  const measurement = line.slice(0, comma);
  if (measurement !== READINGS_MEASUREMENT && measurement !== EVENTS_MEASUREMENT) return { kind: 'other' };
  const tagsEnd = unescapedIndex(line, ' ', comma + 1);
  const lastSpace = line.lastIndexOf(' ');
  if (tagsEnd < 0 || lastSpace <= tagsEnd) return { kind: 'other' };
  const tags = splitUnescaped(line.slice(comma + 1, tagsEnd), ',').map((t) => {
    const eq = unescapedIndex(t, '=', 0);
    return [unescapeKey(t.slice(0, eq)), unescapeKey(t.slice(eq + 1))] as const;
  });
  const deviceId = tags.find(([k]) => k === 'device')?.[1];
  const stamp = line.slice(lastSpace + 1);
  const tsMs = Number(precision === 'ns' ? stamp.slice(0, -6) : stamp);
  if (deviceId === undefined || !Number.isSafeInteger(tsMs)) return { kind: 'other' };
  const fields = new Map<string, string>();
  for (const f of splitFields(line.slice(tagsEnd + 1, lastSpace))) {
    const eq = f.indexOf('=');
    fields.set(f.slice(0, eq), f.slice(eq + 1));
  }
  const received = fields.get('received_at_ms');
  const receivedAtMs = received === undefined ? undefined : Number(received.slice(0, -1));
  if (measurement === READINGS_MEASUREMENT) {
    const r: Reading = {
      deviceId,
      tsMs,
      seq: Number(fields.get('seq')?.slice(0, -1)),
      tempC: Number(fields.get('temp_c')),
    };
    const optional = [
      ['ln2_level_pct', 'ln2LevelPct'],
      ['battery_pct', 'batteryPct'],
      ['lat', 'lat'],
      ['lon', 'lon'],
    ] as const;
    for (const [field, prop] of optional) {
      const v = fields.get(field);
      if (v !== undefined) r[prop] = Number(v);
    }
    if (receivedAtMs !== undefined) r.receivedAtMs = receivedAtMs;
    return { kind: 'reading', reading: r };
  }
  const type = eventTypeSchema.safeParse(tags.find(([k]) => k === 'type')?.[1]);
  if (!type.success) return { kind: 'other' };
  const e: DeviceEvent = { deviceId, tsMs, type: type.data as EventType };
  const num = fields.get('value');
  const str = fields.get('value_str');
  const bool = fields.get('value_bool');
  if (num !== undefined) e.value = Number(num);
  else if (str !== undefined) e.value = unquote(str);
  else if (bool !== undefined) e.value = bool === 'true';
  if (receivedAtMs !== undefined) e.receivedAtMs = receivedAtMs;
  return { kind: 'event', event: e };
}

function unescapedIndex(s: string, ch: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function splitUnescaped(s: string, ch: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = unescapedIndex(s, ch, 0); i >= 0; i = unescapedIndex(s, ch, start)) {
    out.push(s.slice(start, i));
    start = i + 1;
  }
  out.push(s.slice(start));
  return out;
}

/** Field pairs split on commas outside double-quoted string values. */
function splitFields(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

const unescapeKey = (s: string) => s.replace(/\\(.)/g, '$1');
const unquote = (s: string) => unescapeKey(s.slice(1, -1));
