import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TABLES } from '../services/domain/messages/all.js';
import { LOCALES } from '../services/domain/messages/catalog.js';

/**
 * One catalogue of words and errors (issue 18): every stable code the code can give (API errors,
 * a device's refused message, start-up and configuration problems, the simulator's) has its text
 * for a person in both languages in services/domain/messages, under `error.<CODE>`, and the
 * catalogue speaks one placeholder style ({name}), never printf's '%s'. Reads the tree in git.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const productionFiles = execFileSync('git', ['ls-files', '*.ts', '*.js'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !/\.test\.ts$/.test(f) && !f.startsWith('test/') && !f.startsWith('bench/'))
  .filter((f) => !f.includes('/vendor/') && !f.startsWith('scripts/'));

const codesInCode = new Map<string, string>();
for (const file of productionFiles) {
  for (const m of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/['"`](CT_[A-Z0-9_]+)['"`]/g))
    if (!codesInCode.has(m[1]!)) codesInCode.set(m[1]!, file);
}
const texts = new Map(MESSAGE_TABLES.flatMap((table) => Object.entries(table)));

describe('one error catalogue', () => {
  it('finds the codes it checks (the scan reads the tree)', () => {
    expect(codesInCode.size).toBeGreaterThan(100);
    expect(codesInCode.get('CT_TS_IN_FUTURE')).toMatch(/^gateway\//);
  });

  it('every code has its text in zh-CN and en', () => {
    const missing: string[] = [];
    for (const [code, file] of codesInCode) {
      const entry = texts.get(`error.${code}`);
      for (const locale of LOCALES)
        if (!entry?.[locale]?.trim()) missing.push(`${code} [${locale}] (used in ${file})`);
    }
    expect(missing).toEqual([]);
  });

  it("the catalogue's texts use {name} placeholders only", () => {
    const printf = [...texts]
      .filter(([, e]) => LOCALES.some((l) => /%[sdj]/.test(e[l] ?? '')))
      .map(([k]) => k);
    expect(printf).toEqual([]);
  });
});
