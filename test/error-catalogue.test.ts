import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as gatewayErrors from '../gateway/errors.js';
import * as apiErrors from '../services/api/errors.js';
import * as loggerFileErrors from '../services/api/logger-files/errors.js';
import * as brokerAuthErrors from '../services/broker-auth/errors.js';
import { CodedError, type CodedErrorClass } from '../services/domain/coded-error.js';
import { MESSAGE_TABLES } from '../services/domain/messages/all.js';
import { LOCALES } from '../services/domain/messages/catalog.js';
import * as notifyErrors from '../services/notify/errors.js';
import * as rulesErrors from '../services/rules/errors.js';
import * as peopleErrors from '../services/store/people/errors.js';
import * as readingsErrors from '../services/store/readings/errors.js';
import * as alertErrors from '../services/store/sql/alert-errors.js';
import * as deviationErrors from '../services/store/sql/deviation-errors.js';
import * as recordsErrors from '../services/store/sql/errors.js';
import * as journeyErrors from '../services/store/sql/journey-errors.js';

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

  it("each declared error's texts hold exactly its parameters, and its English message is the catalogue's", () => {
    const modules = [
      gatewayErrors,
      apiErrors,
      loggerFileErrors,
      brokerAuthErrors,
      notifyErrors,
      rulesErrors,
      peopleErrors,
      readingsErrors,
      alertErrors,
      deviationErrors,
      recordsErrors,
      journeyErrors,
    ];
    const declared: CodedErrorClass<string, number, readonly string[]>[] = [];
    const visit = (value: unknown) => {
      if (typeof value === 'function' && value.prototype instanceof CodedError)
        declared.push(value as CodedErrorClass<string, number, readonly string[]>);
      else if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v);
    };
    for (const m of modules) visit(m);
    expect(declared.length).toBeGreaterThan(90);
    const wrong: string[] = [];
    for (const E of declared) {
      const entry = texts.get(`error.${E.code}`);
      for (const locale of LOCALES) {
        const used = [...(entry?.[locale] ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        const named = [...new Set(E.paramNames)].sort();
        if (JSON.stringify(used) !== JSON.stringify(named))
          wrong.push(`${E.code} [${locale}] uses {${used.join(', ')}}, declares [${named.join(', ')}]`);
      }
      const args = E.paramNames.map((name) => `<${name}>`);
      const err = new E(...args);
      expect(err.message).toBe(entry?.en.replace(/\{(\w+)\}/g, (_w, name: string) => `<${name}>`));
      expect(err.statusCode).toBe(E.statusCode);
    }
    expect(wrong).toEqual([]);
  });

  it('no error text is written outside the catalogue (@fastify/error and printf patterns are gone)', () => {
    const printfErrors = productionFiles.filter((f) =>
      /from '@fastify\/error'|createError</.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(printfErrors).toEqual([]);
  });
});
