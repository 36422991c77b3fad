import type { AlertKind } from './alerts.js';
import { TRANSPORT_CHECKS } from './checks.js';
import { FINDING_CODES, type FindingCode } from './contract.js';
import { FINDING_CLAUSE } from './finding.js';
import { type Locale, t } from './messages/catalog.js';
import {
  INFUSION_PROBLEM_CLAUSE,
  type InfusionProblem,
  USE_LIMIT_CLAUSE,
  type UseLimitKind,
} from './use-clock.js';

/**
 * The clauses of the standard coldtrace implements, each with its plain statement (zh-CN, en, from
 * the message catalogue), the finding codes that implement it and the checklist items that show it.
 */
export interface ClauseEntry {
  clause: string;
  statement: string;
  findingCodes: FindingCode[];
  checks: string[];
  /** Fields of the kept record that carry the clause (8.1.7: what the receipt records; 7.8: what the profile states). */
  recordFields: string[];
  /** After the door (issue 16): the use-time limits that run under the clause (use-clock.ts) */
  useLimits: UseLimitKind[];
  /** ... the reasons an infusion is refused or recorded as a deviation under it */
  infusionProblems: InfusionProblem[];
  /** ... and the live alerts that warn of it */
  alertKinds: AlertKind[];
}

export const CLAUSE_NUMBERS = [
  '7.7',
  '7.8',
  '7.15',
  '8.1.3',
  '8.1.4',
  '8.1.5',
  '8.1.6',
  '8.1.7',
  '10.12',
] as const;

/** Codes beyond the verdict's own clause column: 7.7 storage limits come out as PRODUCT_EXPIRED. */
const EXTRA_CODES: Record<string, FindingCode[]> = {
  '7.7': ['PRODUCT_EXPIRED'],
  // 7.15: the transport range, maximum transport time and container are judged like 7.7's
  '7.15': ['TEMP_OUT_OF_RANGE', 'TRANSPORT_TIME_EXCEEDED', 'CONTAINER_MISMATCH'],
  // the standard's 8.1.3 also asks that the transport record be complete and within range
  '8.1.3': ['NO_DATA', 'RECORD_GAP', 'RECORD_INCOMPLETE', 'TEMP_OUT_OF_RANGE'],
  // 8.1.6: any finding makes the shipment a deviation: stop use, report to the manufacturer
  '8.1.6': [...FINDING_CODES],
};
const RECEIPT_CHECK_CLAUSES: Record<string, string[]> = {
  '8.1.3': [
    'record_continuous',
    'temperature_in_range',
    'receipt.labelOk',
    'receipt.documentsOk',
    'receipt.quantityOk',
    'receipt.stateOk',
  ],
  '8.1.4': ['receipt.packagingOk', 'receipt.appearanceOk'],
};
/** 7.15's transport items are shown by 7.7's checks. */
const CHECK_CLAUSE_ALIASES: Record<string, string> = { '7.15': '7.7' };
/** 8.1.7: the receipt record (receiptSchema), with the shipment's product and the verdict it closes. */
const RECORD_FIELDS: Record<string, string[]> = {
  // 7.8: the time limits and the overtime handling the manufacturer states, kept in the profile
  '7.8': [
    'profile.postThawUseMinutes',
    'profile.preparationMinutes',
    'profile.postDilutionUseMinutes',
    'profile.overtimeHandling',
  ],
  '8.1.7': [
    'receipt.receivedAt',
    'receipt.receiverName',
    'receipt.verifierName',
    'shipment.product',
    'receipt.checks',
    'verdict.findings',
    'receipt.notes',
  ],
};

/** The rules worker's alerts that warn of a clause (services/rules/alert-kinds.ts raises them). */
const ALERT_CLAUSES: Record<string, AlertKind[]> = {
  '7.8': ['USE_TIME_WARNING', 'USE_TIME_EXCEEDED'],
};

function clausesOf(list: string): string[] {
  return list.split(',').map((c) => c.trim());
}

export function clauseCatalog(locale: Locale): ClauseEntry[] {
  return CLAUSE_NUMBERS.map((clause) => {
    const codes = new Set<FindingCode>(
      FINDING_CODES.filter((code) => clausesOf(FINDING_CLAUSE[code]).includes(clause)),
    );
    for (const code of EXTRA_CODES[clause] ?? []) codes.add(code);
    return {
      clause,
      statement: t(locale, `clause.${clause}`),
      findingCodes: FINDING_CODES.filter((c) => codes.has(c)),
      checks: [
        ...TRANSPORT_CHECKS.filter((c) =>
          clausesOf(c.clause).includes(CHECK_CLAUSE_ALIASES[clause] ?? clause),
        ).map((c) => c.id),
        ...(RECEIPT_CHECK_CLAUSES[clause] ?? []),
      ],
      recordFields: RECORD_FIELDS[clause] ?? [],
      useLimits: (Object.keys(USE_LIMIT_CLAUSE) as UseLimitKind[]).filter((k) =>
        clausesOf(USE_LIMIT_CLAUSE[k]).includes(clause),
      ),
      infusionProblems: (Object.keys(INFUSION_PROBLEM_CLAUSE) as InfusionProblem[]).filter((k) =>
        clausesOf(INFUSION_PROBLEM_CLAUSE[k]).includes(clause),
      ),
      alertKinds: ALERT_CLAUSES[clause] ?? [],
    };
  });
}

/** The plain statement of one clause, or the clause number itself when it is not in the catalogue. */
export function clauseStatement(locale: Locale, clause: string): string {
  return t(locale, `clause.${clause}`);
}
