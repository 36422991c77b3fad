import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz/run.js';

/**
 * The long fuzz run (not part of `npm test`): `npx tsx test/hardening/fuzz-run.ts --inputs 1000000
 * [--seed N]`. Progress on stderr, the counts as one JSON line at the end; exit 1 on any problem.
 */
const { values } = parseArgs({
  options: { inputs: { type: 'string', default: '1000000' }, seed: { type: 'string' } },
});
const inputs = Number(values.inputs);
const seed = values.seed === undefined ? undefined : Number(values.seed);
const report = runFuzz({
  inputs,
  seed,
  onProgress: (done) =>
    process.stderr.write(`fuzz: ${done.toLocaleString('en')} / ${inputs.toLocaleString('en')} inputs\n`),
});
for (const p of report.problems)
  process.stderr.write(`fuzz: PROBLEM ${p.source}: ${p.problem}\n  input: ${p.input}\n`);
console.log(JSON.stringify({ bench: 'fuzz', ...report, problems: undefined }));
process.exitCode = report.problemCount === 0 ? 0 : 1;
