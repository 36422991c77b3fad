import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout holds (issue 18): imports flow only along the arrows of docs/architecture.json (a
 * copy of the shared ../shared/architecture.json, drawn by `farm-studio draw`), and no SQL or
 * InfluxQL lives outside services/store. Reads the tree as it is in git.
 */
interface Architecture {
  parts: Record<string, { is: string[] }>;
  arrows: [string, string, string?][];
  never: [string, string, string][];
}

const ROOT = path.resolve(import.meta.dirname, '..');
const arch = JSON.parse(readFileSync(path.join(ROOT, 'docs/architecture.json'), 'utf8')) as Architecture;

/** Production files: what the roles run. Tests and benchmarks may reach into any part. */
const productionFiles = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.mjs'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !/\.test\.ts$/.test(f) && !f.startsWith('test/') && !f.startsWith('bench/'))
  .filter((f) => !f.includes('/public/') && !f.includes('/vendor/'));

const partOf = (file: string) =>
  Object.entries(arch.parts).find(([, p]) => p.is.some((prefix) => file.startsWith(prefix)))?.[0];

/** Arrows that allow one entry file (or folder) of the target only. */
const NARROW: Record<string, (target: string) => boolean> = {
  'Sim>Domain': (t) => t === 'services/domain/contract.ts',
  'Rules>Notify': (t) => t === 'services/notify/index.ts',
  'Api>Notify': (t) => t === 'services/notify/index.ts',
  'Api>Pages': (t) => t === 'dashboards/web/plugin.ts',
  'Pages>Domain': (t) => t.startsWith('services/domain/messages/'),
  'Root>Gateway': (t) => t === 'gateway/index.ts',
};

interface Import {
  file: string;
  line: number;
  from: string;
  to: string;
  target: string;
}

function imports(): Import[] {
  const out: Import[] = [];
  for (const file of productionFiles) {
    const from = partOf(file);
    if (!from) continue;
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
          const target = path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts');
          const to = partOf(target);
          if (to && to !== from) out.push({ file, line: i + 1, from, to, target });
        }
      });
  }
  return out;
}

describe('architecture (docs/architecture.md)', () => {
  const all = imports();
  const arrows = new Set(arch.arrows.map(([a, b]) => `${a}>${b}`));

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((i) => i.from === 'Api' && i.to === 'Store')).toBe(true);
  });

  it('imports only along the arrows, and through the narrow entries where an arrow says so', () => {
    const broken = all
      .filter((i) => {
        const key = `${i.from}>${i.to}`;
        return !arrows.has(key) || (NARROW[key] !== undefined && !NARROW[key]!(i.target));
      })
      .map((i) => `${i.file}:${i.line} ${i.from} -> ${i.to} (${i.target})`);
    expect(broken).toEqual([]);
  });

  it('breaks no "never" arrow', () => {
    const never = new Map(arch.never.map(([a, b, why]) => [`${a}>${b}`, why]));
    const broken = all
      .filter((i) => never.has(`${i.from}>${i.to}`))
      .map((i) => `${i.file}:${i.line} ${i.from} -> ${i.to}: ${never.get(`${i.from}>${i.to}`)}`);
    expect(broken).toEqual([]);
  });

  it('nothing imports the composition root', () => {
    const broken = all.filter((i) => i.to === 'Root').map((i) => `${i.file}:${i.line}`);
    expect(broken).toEqual([]);
  });

  it('has no SQL or InfluxQL outside services/store', () => {
    const statement =
      /\b(SELECT\s+[\w*"(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|TRUNCATE\s+\w|CREATE\s+(TABLE|INDEX|DATABASE|RETENTION)|ALTER\s+(TABLE|RETENTION)|DROP\s+(TABLE|DATABASE|MEASUREMENT|SERIES)|SHOW\s+(MEASUREMENTS|DATABASES|RETENTION|SERIES|TAG|FIELD))/;
    const found: string[] = [];
    for (const file of productionFiles) {
      if (file.startsWith('services/store/')) continue;
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (statement.test(text)) found.push(`${file}:${i + 1} ${text.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('no production file imports test code', () => {
    const found: string[] = [];
    for (const file of productionFiles) {
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
            const target = path.normalize(path.join(path.dirname(file), m[1]!));
            if (target.startsWith('test/') || /\.test\.[jt]s$/.test(target)) found.push(`${file}:${i + 1}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
