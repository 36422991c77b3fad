import {
  type Check,
  type Finding,
  type FindingCode,
  RECEIPT_CHECKS,
  type ReceiptChecks,
} from './contract.js';
import type { Locale } from './messages/catalog.js';
import { t } from './messages/catalog.js';
import { checkRules } from './rule-book.js';
import { receiptCheckClause } from './shipment-findings.js';

/** The handover checklist: each item of 8.1.5, the data-backed items of 8.1.3 / 8.1.4 and 10.12. */
export const TRANSPORT_CHECKS: readonly { id: string; clause: string; findingCodes: FindingCode[] }[] = [
  { id: 'record_continuous', clause: '8.1.5', findingCodes: ['NO_DATA', 'RECORD_GAP', 'RECORD_INCOMPLETE'] },
  // no data is never "in range"
  { id: 'temperature_in_range', clause: '7.7, 8.1.5', findingCodes: ['TEMP_OUT_OF_RANGE', 'NO_DATA'] },
  { id: 'transport_time', clause: '7.7, 8.1.5', findingCodes: ['TRANSPORT_TIME_EXCEEDED'] },
  { id: 'container', clause: '7.7, 8.1.5', findingCodes: ['CONTAINER_MISMATCH'] },
  {
    id: 'delay_exposure_anomaly',
    clause: '8.1.5',
    findingCodes: ['DELAYED', 'EXPOSURE', 'SENSOR_FAULT', 'RECORD_CONFLICT'],
  },
  { id: 'coolant_level', clause: '8.1.4', findingCodes: ['COOLANT_LOW'] },
  { id: 'logger_calibration', clause: '10.12', findingCodes: ['CALIBRATION_EXPIRED'] },
  { id: 'product_in_date', clause: '8.1.3', findingCodes: ['PRODUCT_EXPIRED'] },
];

/** Checks that need a transport window: without a dispatch they cannot pass. */
const NEEDS_WINDOW = new Set(['record_continuous', 'temperature_in_range', 'transport_time']);

export interface ChecklistContext {
  dispatched: boolean;
  final: boolean;
  coolantWatched: boolean;
  /** a coolant level reported near the door, or the receiver's observation (receipt coolantOk true) */
  coolantEvidence?: boolean;
  hasExpiry: boolean;
  /** 8.1.3: the product state the shipment declares (product.state), if any. */
  expectedState?: 'fresh' | 'frozen';
  receiptChecks?: ReceiptChecks;
  locale: Locale;
}

export function buildChecks(findings: readonly Finding[], ctx: ChecklistContext): Check[] {
  const codes = new Set(findings.map((f) => f.code));
  const checks: Check[] = TRANSPORT_CHECKS.map((c) => {
    let status: Check['status'] = c.findingCodes.some((code) => codes.has(code)) ? 'fail' : 'pass';
    if (status === 'pass' && !ctx.dispatched && NEEDS_WINDOW.has(c.id))
      status = ctx.final ? 'fail' : 'pending';
    if (c.id === 'coolant_level') {
      // no evidence is never a pass (8.1.4): pending in transit, failed at the door
      if (status === 'pass' && ctx.receiptChecks?.coolantOk === false) status = 'fail';
      if (status === 'pass' && !ctx.coolantEvidence) status = ctx.final ? 'fail' : 'pending';
      if (!ctx.coolantWatched) status = 'not_applicable';
    }
    if (c.id === 'product_in_date' && !ctx.hasExpiry) status = 'not_applicable';
    return {
      id: c.id,
      clause: c.clause,
      status,
      label: t(ctx.locale, `check.${c.id}`),
      findingCodes: [...c.findingCodes],
      rules: checkRules(c.id),
    };
  });
  // 8.1.3, 8.1.4: what the receiver checked by hand; pending until the receipt is recorded
  for (const k of RECEIPT_CHECKS) {
    const value = ctx.receiptChecks?.[k];
    checks.push({
      id: `receipt.${k}`,
      clause: receiptCheckClause(k),
      status: value === undefined ? 'pending' : value ? 'pass' : 'fail',
      label: t(ctx.locale, `check.receipt.${k}`),
      findingCodes: ['RECEIPT_CHECK_FAILED'],
      rules: checkRules(`receipt.${k}`),
    });
  }
  checks.push(stateCheck(ctx));
  return checks;
}

/**
 * 8.1.3: product state (fresh / frozen) as expected. The answer is optional in the contract, so a
 * receipt without it is "not recorded" (pending), never a failure: older clients that do not ask it
 * must not quarantine sound products. Without a declared state and without an answer it does not apply.
 */
function stateCheck(ctx: ChecklistContext): Check {
  const value = ctx.receiptChecks?.stateOk;
  let status: Check['status'];
  if (value !== undefined) status = value ? 'pass' : 'fail';
  else if (ctx.expectedState === undefined) status = 'not_applicable';
  // a declared state nobody checked at the door is not a pass (docs/rules.md R2)
  else status = ctx.final ? 'fail' : 'pending';
  // a fixed label, like the other checks: the API and the pages relabel checks by id in the reader's language
  return {
    id: 'receipt.stateOk',
    clause: receiptCheckClause('stateOk'),
    status,
    label: t(ctx.locale, 'check.receipt.stateOk'),
    findingCodes: ['RECEIPT_CHECK_FAILED'],
    rules: checkRules('receipt.stateOk'),
  };
}
