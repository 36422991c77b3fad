import fc from 'fast-check';
import { type Checked, checkDecoder, checkSchema } from './check.js';
import { DECODER_KINDS, DECODER_SEEDS, SCHEMA_SEEDS } from './corpus.js';
import { mutateObject, mutatePayload, pick, prng } from './mutate.js';

export interface FuzzReport {
  inputs: number;
  seed: number;
  decoder: { accepted: number; rejected: number; partial: number };
  schema: { accepted: number; rejected: number };
  codes: Record<string, number>;
  /** first few failures (a bug each), with what reproduces them */
  problems: { source: string; problem: string; input: string }[];
  problemCount: number;
  /** inputs that hit a known, reported defect (check.ts KNOWN_ISSUES) */
  known: Record<string, number>;
  maxInputMs: number;
  elapsedMs: number;
}

/** Generated (fast-check) values: whatever JSON can hold, and values JSON cannot (toJSON, -0, NaN). */
function generatedPool(seed: number, size: number): unknown[] {
  return [
    ...fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed, numRuns: size }),
    ...fc.sample(fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }), {
      seed: seed + 1,
      numRuns: Math.ceil(size / 4),
    }),
    ...fc.sample(
      fc.record({
        ts: fc.oneof(fc.integer(), fc.double(), fc.string()),
        seq: fc.oneof(fc.integer(), fc.double()),
        temp_c: fc.double(),
      }),
      { seed: seed + 2, numRuns: size },
    ),
  ];
}

/**
 * `inputs` fuzz cases: about three quarters mutations of valid inputs, the rest fast-check
 * values; decoders and request schemas alternately. `onProgress` every 50,000 inputs.
 */
export function runFuzz(opts: {
  inputs: number;
  seed?: number;
  onProgress?: (done: number) => void;
}): FuzzReport {
  const seed = opts.seed ?? 20261126;
  const rand = prng(seed);
  const pool = generatedPool(seed, Math.min(20_000, Math.max(500, Math.ceil(opts.inputs / 20))));
  const report: FuzzReport = {
    inputs: 0,
    seed,
    decoder: { accepted: 0, rejected: 0, partial: 0 },
    schema: { accepted: 0, rejected: 0 },
    codes: {},
    problems: [],
    problemCount: 0,
    known: {},
    maxInputMs: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  const note = (source: string, checked: Checked, input: () => string) => {
    report.maxInputMs = Math.max(report.maxInputMs, checked.elapsedMs);
    for (const code of checked.codes) report.codes[code] = (report.codes[code] ?? 0) + 1;
    if (checked.known) report.known[checked.known] = (report.known[checked.known] ?? 0) + 1;
    if (checked.problem) {
      report.problemCount++;
      if (report.problems.length < 20)
        report.problems.push({ source, problem: checked.problem, input: input().slice(0, 300) });
    }
  };
  for (let i = 0; i < opts.inputs; i++) {
    const generated = rand() < 0.25;
    if (rand() < 0.6) {
      const seedCase = pick(rand, DECODER_SEEDS);
      const kind = rand() < 0.95 ? seedCase.kind : pick(rand, DECODER_KINDS);
      let payload: Buffer;
      if (generated) {
        const v = pick(rand, pool);
        let text: string | undefined;
        try {
          text = JSON.stringify(v);
        } catch {
          text = String(v);
        }
        payload = Buffer.from(text ?? 'undefined');
      } else payload = mutatePayload(rand, seedCase.value);
      const checked = checkDecoder(kind, payload);
      if (checked.outcome) report.decoder[checked.outcome]++;
      note(`decoder:${kind}`, checked, () => payload.toString('base64'));
    } else {
      const seedCase = pick(rand, SCHEMA_SEEDS);
      const input = generated ? pick(rand, pool) : mutateObject(rand, seedCase.value);
      const checked = checkSchema(seedCase.schema, input);
      if (checked.outcome === 'accepted' || checked.outcome === 'rejected') report.schema[checked.outcome]++;
      note(`schema:${seedCase.name}`, checked, () => {
        try {
          return JSON.stringify(input) ?? String(input);
        } catch {
          return String(input);
        }
      });
    }
    report.inputs++;
    if (opts.onProgress && (i + 1) % 50_000 === 0) opts.onProgress(i + 1);
  }
  report.elapsedMs = Math.round(performance.now() - started);
  report.maxInputMs = Math.round(report.maxInputMs * 10) / 10;
  return report;
}
