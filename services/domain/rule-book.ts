import type { FindingCode } from './contract.js';
import { hasMessage, type Locale, t } from './messages/catalog.js';

/**
 * The project's rule book (docs/rules.md, one section per rule): each rule's id, the clause it
 * implements, and which findings and checks apply it. The plain statement of each rule is in the
 * message catalogue as `rule.<id>` (zh-CN, en); a verdict's findings and checks carry the ids of
 * the rules they apply (`rules`), so the handover page and the report can print the statement
 * beside them.
 */
export const RULE_IDS = [
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8',
  'R9',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
  'R16',
  'R17',
  'R18',
  'R19',
  'R20',
  'R21',
  'R22',
  'R23',
  'R24',
  'R25',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The rules a finding of each code applies, whatever its kind. */
const CODE_RULES: Record<FindingCode, readonly RuleId[]> = {
  NO_DATA: ['R14'],
  RECORD_GAP: ['R15'],
  RECORD_INCOMPLETE: ['R16'],
  TEMP_OUT_OF_RANGE: ['R11'],
  TRANSPORT_TIME_EXCEEDED: ['R17'],
  CONTAINER_MISMATCH: ['R18'],
  DELAYED: ['R19'],
  EXPOSURE: ['R20'],
  COOLANT_LOW: ['R21'],
  SENSOR_FAULT: ['R22'],
  CALIBRATION_EXPIRED: ['R23'],
  PRODUCT_EXPIRED: ['R24'],
  RECEIPT_CHECK_FAILED: ['R25'],
  RECORD_CONFLICT: ['R5'],
};

/** Where a finding's kind (`details.kind`) applies a rule of its own: `<CODE>.<kind>` -> rules. */
const KIND_RULES: Readonly<Record<string, readonly RuleId[]>> = {
  'TEMP_OUT_OF_RANGE.excursion': ['R11', 'R3'],
  'TEMP_OUT_OF_RANGE.excursion_open': ['R11', 'R1'],
  'TEMP_OUT_OF_RANGE.hard_limit': ['R12'],
  'TEMP_OUT_OF_RANGE.rule_single': ['R13'],
  'TEMP_OUT_OF_RANGE.rule_cumulative': ['R13'],
  'TEMP_OUT_OF_RANGE.budget_cumulative': ['R13'],
  'RECORD_GAP.seq_hole': ['R15', 'R8'],
  'SENSOR_FAULT.clock_ahead': ['R22', 'R9'],
  'SENSOR_FAULT.future': ['R22', 'R9'],
  'COOLANT_LOW.unverified': ['R2'],
  'RECEIPT_CHECK_FAILED.unverified': ['R2'],
};

/** The rules each check of the handover checklist applies (checks.ts). */
const CHECK_RULES: Readonly<Record<string, readonly RuleId[]>> = {
  record_continuous: ['R14', 'R15', 'R16'],
  temperature_in_range: ['R11', 'R1', 'R3'],
  transport_time: ['R17'],
  container: ['R18'],
  delay_exposure_anomaly: ['R19', 'R20', 'R22', 'R5'],
  coolant_level: ['R21', 'R2'],
  logger_calibration: ['R23'],
  product_in_date: ['R24'],
  'receipt.stateOk': ['R25', 'R2'],
};

/** The ids of the rules a finding applies, from its code and kind. */
export function findingRules(code: FindingCode, kind?: unknown): RuleId[] {
  const byKind = typeof kind === 'string' ? KIND_RULES[`${code}.${kind}`] : undefined;
  return [...(byKind ?? CODE_RULES[code])];
}

/** The ids of the rules a check applies; the receipt's hand checks apply R25. */
export function checkRules(checkId: string): RuleId[] {
  const rules = CHECK_RULES[checkId] ?? (checkId.startsWith('receipt.') ? ['R25'] : []);
  return [...rules];
}

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

/** A rule's plain statement in `locale`, e.g. "R1: ..."; undefined for an id not in the book. */
export function ruleStatement(locale: Locale, id: string): string | undefined {
  const key = `rule.${id}`;
  return hasMessage(key) ? t(locale, key) : undefined;
}

/** Rule ids with their statements, one per line, as the report prints them beside a finding or check. */
export function rulesText(locale: Locale, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const statement = ruleStatement(locale, id);
      return statement === undefined ? undefined : t(locale, 'rule.line', { id, statement });
    })
    .filter((line) => line !== undefined)
    .join('\n');
}
