import { z } from 'zod';
import { readingPayloadSchema } from '../../services/domain/contract.js';
import {
  type DecodeContext,
  type Decoded,
  describeIssues,
  empty,
  timeRejection,
  toReading,
} from './types.js';

/**
 * SenML (RFC 8428) packs on the readings topic. The base name carries the device id
 * (`urn:dev:id:LOG-1:` or `LOG-1:`); records at one resolved time make one reading:
 *
 *   temp | temperature  unit Cel (required)   -> temp_c
 *   3303/i/5700 (LwM2M)  unit Cel or none     -> temp_c
 *   seq                  (optional)           -> seq
 *   battery             unit %EL or %         -> battery_pct
 *   ln2_level           unit %                -> ln2_level_pct
 *   lat / lon           unit lat / lon        -> lat / lon
 *
 * Times are seconds: bt + t; a resolved time under 2^28 is relative to now (RFC 8428, 4.5.3).
 * SenML has no sequence number, so `seq` is optional here: a reading without it is judged by its
 * time alone (gaps by time, duplicates by timestamp). Units follow the SenML registry: a Celsius
 * alias such as `degC` or `°C` is refused with CT_SENML_UNIT, naming `Cel`.
 */
const senmlReadingSchema = readingPayloadSchema.extend({ seq: readingPayloadSchema.shape.seq.optional() });

/** Celsius as devices misspell it; answered with the registry's name. */
const CELSIUS_ALIASES = new Set(['degc', '°c', 'c', 'cel', 'celsius', 'deg c', '℃']);
/** LwM2M temperature object 3303, resource 5700 (sensor value), as its SenML name resolves. */
const LWM2M_TEMPERATURE = /(^|\/)3303\/\d+\/5700$/;
const record = z.looseObject({
  bn: z.string().max(200).optional(),
  bt: z.number().finite().optional(),
  bu: z.string().max(20).optional(),
  bv: z.number().finite().optional(),
  bver: z.number().int().optional(),
  n: z.string().max(200).optional(),
  u: z.string().max(20).optional(),
  v: z.number().finite().optional(),
  vs: z.string().optional(),
  vb: z.boolean().optional(),
  vd: z.string().optional(),
  s: z.number().optional(),
  t: z.number().finite().optional(),
  ut: z.number().optional(),
});

const SENML_KEYS = ['bn', 'bt', 'bu', 'bv', 'bver', 'n', 'u', 'v', 'vs', 'vb', 't'];
const RELATIVE_LIMIT_S = 2 ** 28;

/** True when an array payload looks like SenML rather than native readings. */
export function looksLikeSenml(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const first: unknown = value[0];
  if (typeof first !== 'object' || first === null || 'ts' in first) return false;
  return SENML_KEYS.some((k) => k in first);
}

/** Device id named by a base name, or undefined when the base name is empty. */
export function deviceIdOfBaseName(bn: string): string | undefined {
  // an LwM2M object path ("/3303/0/") names an object, not a device
  if (bn.startsWith('/')) return undefined;
  const id = bn.replace(/^urn:dev:id:/, '').replace(/[:/._-]+$/, '');
  return id.length > 0 ? id : undefined;
}

interface Instant {
  index: number;
  fields: Record<string, number>;
  problem?: { code: 'CT_SENML_INVALID' | 'CT_SENML_UNIT'; detail: string };
}

export function decodeSenml(value: unknown[], ctx: DecodeContext): Decoded {
  const out = empty();
  if (value.length > ctx.maxItems * 8) {
    out.rejections.push({ code: 'CT_BATCH_TOO_LARGE', detail: `${value.length} SenML records` });
    return out;
  }
  let bn = '';
  let bt = 0;
  let bu: string | undefined;
  let bv = 0;
  const instants = new Map<number, Instant>();
  for (let i = 0; i < value.length; i++) {
    const parsed = record.safeParse(value[i]);
    if (!parsed.success) {
      out.rejections.push({
        code: 'CT_SENML_INVALID',
        detail: describeIssues(parsed.error.issues),
        index: i,
      });
      continue;
    }
    const rec = parsed.data;
    // fields ending in "_" must be understood (RFC 8428, 4.4): none are, so the record is refused
    if (Object.keys(rec).some((k) => k.endsWith('_'))) {
      out.rejections.push({ code: 'CT_SENML_INVALID', detail: 'unknown must-understand field', index: i });
      continue;
    }
    if (rec.bn !== undefined) {
      bn = rec.bn;
      const named = deviceIdOfBaseName(bn);
      if (named !== undefined && named !== ctx.deviceId) {
        out.rejections.push({
          code: 'CT_SENML_DEVICE_MISMATCH',
          detail: `base name names '${named}'`,
          index: i,
        });
        return { ...out, readings: [] };
      }
    }
    if (rec.bt !== undefined) bt = rec.bt;
    if (rec.bu !== undefined) bu = rec.bu;
    if (rec.bv !== undefined) bv = rec.bv;
    const name = (rec.n ?? '').replace(/^.*[:/]/, '');
    if (rec.n === undefined && rec.v === undefined) continue; // a base-only record
    const timeS = bt + (rec.t ?? 0);
    const tsMs =
      timeS < RELATIVE_LIMIT_S ? Math.round(ctx.receivedAtMs + timeS * 1000) : Math.round(timeS * 1000);
    let instant = instants.get(tsMs);
    if (!instant) {
      instant = { index: i, fields: {} };
      instants.set(tsMs, instant);
    }
    if (rec.v === undefined) {
      instant.problem ??= { code: 'CT_SENML_INVALID', detail: `record ${i} '${name}' has no numeric value` };
      continue;
    }
    const v = bv + rec.v;
    const unit = rec.u ?? bu;
    const lwm2m = LWM2M_TEMPERATURE.test(bn + (rec.n ?? ''));
    const key = lwm2m && unit === undefined ? 'temp_c' : fieldOf(lwm2m ? 'temp' : name, unit);
    if (typeof key === 'object')
      instant.problem ??= { code: key.code, detail: `record ${i}: ${key.problem}` };
    else if (key !== undefined) instant.fields[key] = v;
  }
  if (instants.size > ctx.maxItems) {
    return { ...empty(), rejections: [{ code: 'CT_BATCH_TOO_LARGE', detail: `${instants.size} readings` }] };
  }
  for (const [tsMs, instant] of instants) {
    if (instant.problem) {
      out.rejections.push({ ...instant.problem, index: instant.index });
      continue;
    }
    const parsed = senmlReadingSchema.safeParse({ ts: tsMs, ...instant.fields });
    if (!parsed.success) {
      out.rejections.push({
        code: 'CT_SENML_INVALID',
        detail: describeIssues(parsed.error.issues),
        index: instant.index,
      });
      continue;
    }
    const p = parsed.data;
    const refused = timeRejection(p.ts, ctx);
    if (refused) out.rejections.push({ ...refused, index: instant.index });
    else out.readings.push(toReading(p, ctx));
  }
  out.readings.sort((a, b) => a.tsMs - b.tsMs);
  if (out.readings.length === 0 && out.rejections.length === 0) {
    // base fields only, or names coldtrace does not know: nothing kept, so the device must hear it
    out.rejections.push({
      code: 'CT_SENML_INVALID',
      detail: 'no temperature reading (n "temp", u "Cel") in the pack',
    });
  }
  return out;
}

/** The reading field a SenML record fills; undefined for records coldtrace does not keep. */
type FieldProblem = { code: 'CT_SENML_INVALID' | 'CT_SENML_UNIT'; problem: string };

function fieldOf(name: string, unit: string | undefined): string | FieldProblem | undefined {
  switch (name) {
    case 'temp':
    case 'temperature':
    case 'temp_c':
      if (unit === 'Cel') return 'temp_c';
      return {
        code: 'CT_SENML_UNIT',
        problem: CELSIUS_ALIASES.has((unit ?? '').toLowerCase())
          ? `temperature unit '${unit}' is not a SenML unit: send 'Cel'`
          : `temperature unit must be 'Cel', got '${unit ?? ''}'`,
      };
    case 'seq':
      return 'seq';
    case 'battery':
    case 'battery_pct':
      return unit === undefined || unit === '%EL' || unit === '%'
        ? 'battery_pct'
        : { code: 'CT_SENML_UNIT', problem: `battery unit '${unit}': send '%EL'` };
    case 'ln2_level':
    case 'ln2_level_pct':
      return unit === undefined || unit === '%'
        ? 'ln2_level_pct'
        : { code: 'CT_SENML_UNIT', problem: `ln2_level unit '${unit}': send '%'` };
    case 'lat':
      return 'lat';
    case 'lon':
      return 'lon';
    default:
      return undefined;
  }
}
