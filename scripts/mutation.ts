/**
 * npm run mutation: StrykerJS over the domain's evaluation files (stryker.config.json) against the
 * domain's own tests (vitest.mutation.config.ts), progress on the terminal, then one JSON line
 * read from Stryker's JSON report. Exits non-zero when Stryker fails or the score is under the
 * target (docs/mutation.md).
 *
 *   npm run mutation                       incremental: only mutants whose code or tests changed
 *   npm run mutation -- --force            every mutant again
 *   npm run mutation -- --mutate services/domain/storage-limit.ts   one file (to measure)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const REPORT = 'reports/mutation/mutation.json';
const TARGET_SCORE = 90;

const reportSchema = z.object({
  files: z.record(
    z.string(),
    z.object({
      mutants: z.array(
        z.object({
          id: z.string(),
          mutatorName: z.string(),
          status: z.string(),
          replacement: z.string().optional(),
          location: z.object({ start: z.object({ line: z.number(), column: z.number() }) }),
        }),
      ),
    }),
  ),
});

const run = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.status !== 0) {
  process.stderr.write(`mutation: stryker exited with ${run.status ?? run.signal}\n`);
  process.exit(run.status ?? 1);
}

const report = reportSchema.parse(JSON.parse(readFileSync(REPORT, 'utf8')));
const count: Record<string, number> = {};
const undetected: string[] = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const m of mutants) {
    count[m.status] = (count[m.status] ?? 0) + 1;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      undetected.push(
        `${m.status} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`,
      );
    }
  }
}
const n = (status: string) => count[status] ?? 0;
const killed = n('Killed');
const timeout = n('Timeout');
const survived = n('Survived');
const noCoverage = n('NoCoverage');
// Stryker's own score: detected over valid mutants (compile and runtime errors, ignored excluded)
const mutants = killed + timeout + survived + noCoverage;
const score = mutants === 0 ? 0 : Math.round(((killed + timeout) / mutants) * 10_000) / 100;

for (const line of undetected) process.stderr.write(`${line}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'mutation', mutants, killed, survived, timeout, noCoverage, score })}\n`,
);
if (score < TARGET_SCORE) {
  process.stderr.write(`mutation: score ${score} is under the target ${TARGET_SCORE}\n`);
  process.exit(1);
}
