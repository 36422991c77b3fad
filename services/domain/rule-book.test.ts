import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import { buildChecks } from './checks.js';
import { FINDING_CODES, RECEIPT_CHECKS } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { LOCALES, t } from './messages/catalog.js';
import { checkRules, findingRules, RULE_IDS, ruleStatement, rulesText } from './rule-book.js';

/** Every kind a finding is built with (details.kind in the domain's drafts). */
const KINDS: Record<string, string[]> = {
  TEMP_OUT_OF_RANGE: [
    'excursion',
    'excursion_open',
    'hard_limit',
    'rule_single',
    'rule_cumulative',
    'budget_cumulative',
  ],
  RECORD_GAP: ['gap', 'seq_hole'],
  RECORD_INCOMPLETE: ['start', 'end', 'not_dispatched'],
  SENSOR_FAULT: ['impossible_value', 'stuck', 'clock_ahead', 'future'],
  COOLANT_LOW: ['unverified'],
  RECEIPT_CHECK_FAILED: ['unverified'],
  CALIBRATION_EXPIRED: ['unknown_device', 'not_yet_valid', 'expired'],
  EXPOSURE: ['open', 'open_unclosed', 'power_loss', 'event'],
  PRODUCT_EXPIRED: ['storage_limit'],
};

/** Every check a verdict can carry: the transport checklist, the receipt's hand checks, the state. */
function allCheckIds(): string[] {
  return buildChecks([], {
    dispatched: true,
    final: true,
    coolantWatched: true,
    hasExpiry: true,
    locale: 'en',
  }).map((c) => c.id);
}

function expectStated(id: string): void {
  for (const locale of LOCALES) {
    const statement = ruleStatement(locale, id);
    expect(statement, `${id} [${locale}]`).toBeTruthy();
    expect(statement, `${id} [${locale}]`).not.toBe(`rule.${id}`);
  }
  // one plain sentence, not the same text in both languages
  expect(ruleStatement('zh-CN', id)).not.toBe(ruleStatement('en', id));
  expect(ruleStatement('en', id)).toMatch(/^[^.]+(\.[^.]+)*\.$/);
}

describe('rule book', () => {
  it('every rule has its plain statement in zh-CN and en', () => {
    for (const id of RULE_IDS) expectStated(id);
  });

  it('every finding code, with each of its kinds, cites at least one rule of the book', () => {
    for (const code of FINDING_CODES) {
      for (const kind of [undefined, ...(KINDS[code] ?? [])]) {
        const rules = findingRules(code, kind);
        expect(rules.length, `${code}.${kind}`).toBeGreaterThan(0);
        for (const id of rules) expectStated(id);
      }
    }
  });

  it('every check cites at least one rule of the book', () => {
    const ids = allCheckIds();
    expect(ids).toEqual(
      expect.arrayContaining([...RECEIPT_CHECKS.map((k) => `receipt.${k}`), 'receipt.stateOk']),
    );
    for (const id of ids) {
      const rules = checkRules(id);
      expect(rules.length, id).toBeGreaterThan(0);
      for (const rule of rules) expectStated(rule);
    }
  });

  it('the rules that decide a case are the ones cited', () => {
    // out of range at the door (R1), the alarm-off margin (R3), no evidence (R2)
    expect(findingRules('TEMP_OUT_OF_RANGE', 'excursion_open')).toContain('R1');
    expect(findingRules('TEMP_OUT_OF_RANGE', 'excursion')).toContain('R3');
    expect(findingRules('COOLANT_LOW', 'unverified')).toEqual(['R2']);
    expect(findingRules('RECORD_CONFLICT')).toEqual(['R5']);
    expect(checkRules('coolant_level')).toContain('R2');
  });

  it('each rule is a section of docs/rules.md', () => {
    const book = readFileSync('docs/rules.md', 'utf8');
    for (const id of RULE_IDS) expect(book, id).toMatch(new RegExp(`^## ${id} `, 'm'));
  });

  it("a verdict's findings and checks carry the rules they apply", () => {
    // 12 °C for the last 20 minutes up to the receipt: open at the door (R1)
    const end = T0 + 4 * HOUR;
    const readings = series('L1', T0, end, 5 * MIN, (ts) => (ts > end - 20 * MIN ? 12 : 5));
    const v = evaluateShipment(input({ readings }), end + HOUR);
    const range = v.findings.find((f) => f.code === 'TEMP_OUT_OF_RANGE');
    expect(range?.rules).toEqual(['R11', 'R1']);
    expect(v.checks.find((c) => c.id === 'temperature_in_range')?.rules).toEqual(['R11', 'R1', 'R3']);
    for (const f of v.findings) expect(f.rules?.length, f.code).toBeGreaterThan(0);
    for (const c of v.checks) expect(c.rules?.length, c.id).toBeGreaterThan(0);
  });

  it('prints each rule as "Rule id: statement", one a line, in the reader\'s language', () => {
    expect(rulesText('en', ['R11', 'R1'])).toBe(
      `Rule R11: ${t('en', 'rule.R11')}\nRule R1: ${t('en', 'rule.R1')}`,
    );
    expect(rulesText('zh-CN', ['R1'])).toBe(`规则 R1：${t('zh-CN', 'rule.R1')}`);
    expect(rulesText('en', ['R99'])).toBe('');
  });
});
