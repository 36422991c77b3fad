import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { type Decoded, decodePayload } from '../../../gateway/decode/index.js';
import { looksLikeSenml } from '../../../gateway/decode/senml.js';
import { REJECT_CODES } from '../../../gateway/errors.js';
import { eventPayloadSchema, readingPayloadSchema } from '../../../services/domain/contract.js';

export type Outcome = 'accepted' | 'rejected' | 'partial';

/** What one fuzz input did; `problem` set means a bug (thrown, undecided, unstable code ...). */
export interface Checked {
  outcome?: Outcome;
  codes: string[];
  problem?: string;
  /** a known, reported defect (KNOWN_ISSUES) rather than a new one */
  known?: string;
  elapsedMs: number;
}

/**
 * Defects found by fuzzing that belong to another area and are reported to its owner; counted
 * apart so that any new kind of failure still fails the test.
 */
export const KNOWN_ISSUES = {
  // gateway/decode/senml.ts: a pack whose records carry only base fields or unknown fields (e.g.
  // "N" for "n") yields no reading and no rejection, so the device gets no reject for lost data.
  senmlSilentlyEmpty: 'SenML pack neither accepted nor rejected',
} as const;

function isSenml(payload: Buffer): boolean {
  try {
    return looksLikeSenml(JSON.parse(payload.toString('utf8')));
  } catch {
    return false;
  }
}

type ItemCheck = { problem?: string; known?: string } | undefined;

export const FUZZ_CTX = {
  deviceId: 'LOG-1',
  receivedAtMs: Date.parse('2026-11-26T12:00:00Z'),
  maxItems: 1000,
};
const MAX_PAYLOAD_BYTES = 256 * 1024;
const rejectCodes = new Set<string>(REJECT_CODES);

function polluted(): boolean {
  return 'polluted' in Object.prototype || 'polluted' in Array.prototype;
}

const readingWithoutSeqSchema = readingPayloadSchema.partial({ seq: true });

/** An accepted reading must satisfy the contract again when written back as a device payload. */
function readingProblem(r: Decoded['readings'][number]): ItemCheck {
  if (r.deviceId !== FUZZ_CTX.deviceId) return { problem: `reading for device ${r.deviceId}` };
  const back = {
    ts: r.tsMs,
    seq: r.seq,
    temp_c: r.tempC,
    ...(r.ln2LevelPct !== undefined && { ln2_level_pct: r.ln2LevelPct }),
    ...(r.batteryPct !== undefined && { battery_pct: r.batteryPct }),
    ...(r.lat !== undefined && { lat: r.lat }),
    ...(r.lon !== undefined && { lon: r.lon }),
  };
  // SenML readings may come without seq (gateway/README.md): such a reading re-validates without one
  const schema = r.seq === undefined ? readingWithoutSeqSchema : readingPayloadSchema;
  const again = schema.safeParse(JSON.parse(JSON.stringify(back)));
  if (again.success) return undefined;
  return { problem: `accepted reading does not re-validate: ${JSON.stringify(back).slice(0, 200)}` };
}

function eventProblem(e: Decoded['events'][number]): ItemCheck {
  if (e.deviceId !== FUZZ_CTX.deviceId) return { problem: `event for device ${e.deviceId}` };
  const back = { ts: e.tsMs, type: e.type, ...(e.value !== undefined && { value: e.value }) };
  const again = eventPayloadSchema.safeParse(JSON.parse(JSON.stringify(back)));
  if (again.success) return undefined;
  return { problem: `accepted event does not re-validate: ${JSON.stringify(back).slice(0, 200)}` };
}

/**
 * CPU time of this process in ms: what one input costs, not how long the scheduler kept the
 * process waiting (the suite runs on a loaded 2-core machine, where wall time per input jumps).
 */
function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs one payload through the gateway's decoder (the same call ingest makes). */
export function checkDecoder(kind: string, payload: Buffer): Checked {
  const started = cpuNowMs();
  let decoded: Decoded;
  try {
    decoded = decodePayload(kind, payload, FUZZ_CTX, MAX_PAYLOAD_BYTES);
  } catch (error) {
    return {
      codes: [],
      problem: `threw: ${String(error).slice(0, 200)}`,
      elapsedMs: cpuNowMs() - started,
    };
  }
  const elapsedMs = cpuNowMs() - started;
  const codes = decoded.rejections.map((r) => r.code);
  const items = decoded.readings.length + decoded.events.length + (decoded.status ? 1 : 0);
  let problem: string | undefined;
  let known: string | undefined;
  if (items === 0 && codes.length === 0) {
    if (kind === 'readings' && isSenml(payload)) known = KNOWN_ISSUES.senmlSilentlyEmpty;
    else problem = 'neither accepted nor rejected';
  }
  for (const code of codes) if (!rejectCodes.has(code)) problem = `unstable reject code ${code}`;
  for (const item of [...decoded.readings.map(readingProblem), ...decoded.events.map(eventProblem)]) {
    problem ??= item?.problem;
    known ??= item?.known;
  }
  if (polluted()) problem = 'Object.prototype polluted';
  const outcome: Outcome = codes.length === 0 ? 'accepted' : items === 0 ? 'rejected' : 'partial';
  return { outcome, codes, problem, known, elapsedMs };
}

/** Runs one body through a request schema as the API's validator does (zod safeParse). */
export function checkSchema(schema: z.ZodType, input: unknown): Checked {
  const started = cpuNowMs();
  try {
    const parsed = schema.safeParse(input);
    const elapsedMs = cpuNowMs() - started;
    if (!parsed.success) {
      const problem = parsed.error.issues.length === 0 ? 'rejected without an issue' : undefined;
      // the API answers every schema failure with CT_VALIDATION (services/api/error-handler.ts)
      return { outcome: 'rejected', codes: ['CT_VALIDATION'], problem, elapsedMs };
    }
    const roundTripped: unknown = JSON.parse(JSON.stringify(parsed.data));
    const again = schema.safeParse(roundTripped);
    let problem: string | undefined;
    if (!again.success)
      problem = `accepted body does not re-validate: ${JSON.stringify(roundTripped).slice(0, 200)}`;
    else if (!isDeepStrictEqual(again.data, roundTripped))
      problem = 'accepted body changes when validated again';
    if (polluted()) problem = 'Object.prototype polluted';
    return { outcome: 'accepted', codes: [], problem, elapsedMs };
  } catch (error) {
    return {
      codes: [],
      problem: `threw: ${String(error).slice(0, 200)}`,
      elapsedMs: cpuNowMs() - started,
    };
  }
}
