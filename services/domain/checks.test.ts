import { describe, expect, it } from 'vitest';
import { buildChecks, type ChecklistContext } from './checks.js';
import type { Finding, FindingCode } from './contract.js';

/**
 * The handover checklist (8.1.3-8.1.5, 10.12) as the receiver reads it: which check each finding
 * fails, with the clause printed beside it.
 */
const ctx: ChecklistContext = {
  dispatched: true,
  final: true,
  coolantWatched: true,
  coolantEvidence: true,
  hasExpiry: true,
  receiptChecks: {
    labelOk: true,
    packagingOk: true,
    appearanceOk: true,
    documentsOk: true,
    quantityOk: true,
  },
  locale: 'en',
};
const finding = (code: FindingCode): Finding => ({ code, clause: '', severity: 'major', message: '' });
const failed = (code: FindingCode) =>
  buildChecks([finding(code)], ctx)
    .filter((c) => c.status === 'fail')
    .map((c) => c.id);

describe('the handover checklist', () => {
  it('with nothing found and every answer OK, every check passes', () => {
    const checks = buildChecks([], ctx);
    expect(checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([
      ['receipt.stateOk', 'not_applicable'],
    ]);
  });

  it('each finding fails the check that shows it (no data fails the record and the temperature)', () => {
    expect(failed('NO_DATA')).toEqual(['record_continuous', 'temperature_in_range']);
    expect(failed('RECORD_GAP')).toEqual(['record_continuous']);
    expect(failed('RECORD_INCOMPLETE')).toEqual(['record_continuous']);
    expect(failed('TEMP_OUT_OF_RANGE')).toEqual(['temperature_in_range']);
    expect(failed('TRANSPORT_TIME_EXCEEDED')).toEqual(['transport_time']);
    expect(failed('CONTAINER_MISMATCH')).toEqual(['container']);
    for (const code of ['DELAYED', 'EXPOSURE', 'SENSOR_FAULT', 'RECORD_CONFLICT'] as const)
      expect(failed(code), code).toEqual(['delay_exposure_anomaly']);
    expect(failed('COOLANT_LOW')).toEqual(['coolant_level']);
    expect(failed('CALIBRATION_EXPIRED')).toEqual(['logger_calibration']);
    expect(failed('PRODUCT_EXPIRED')).toEqual(['product_in_date']);
  });

  it('each check with its clause, in the order the receiver reads them', () => {
    expect(buildChecks([], ctx).map((c) => [c.id, c.clause])).toEqual([
      ['record_continuous', '8.1.5'],
      ['temperature_in_range', '7.7, 8.1.5'],
      ['transport_time', '7.7, 8.1.5'],
      ['container', '7.7, 8.1.5'],
      ['delay_exposure_anomaly', '8.1.5'],
      ['coolant_level', '8.1.4'],
      ['logger_calibration', '10.12'],
      ['product_in_date', '8.1.3'],
      ['receipt.labelOk', '8.1.3'],
      ['receipt.packagingOk', '8.1.4'],
      ['receipt.appearanceOk', '8.1.4'],
      ['receipt.documentsOk', '8.1.3'],
      ['receipt.quantityOk', '8.1.3'],
      ['receipt.stateOk', '8.1.3'],
    ]);
  });

  it("the labels in the reader's language", () => {
    const zh = buildChecks([], { ...ctx, locale: 'zh-CN' });
    expect(zh.find((c) => c.id === 'coolant_level')!.label).not.toBe(
      buildChecks([], ctx).find((c) => c.id === 'coolant_level')!.label,
    );
    expect(zh.find((c) => c.id === 'receipt.stateOk')!.label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('coolant: failed on a finding whatever the evidence; not applicable when not watched', () => {
    expect(
      buildChecks([finding('COOLANT_LOW')], { ...ctx, coolantWatched: false }).find(
        (c) => c.id === 'coolant_level',
      )!.status,
    ).toBe('not_applicable');
    expect(
      buildChecks([], { ...ctx, coolantEvidence: false, final: false }).find((c) => c.id === 'coolant_level')!
        .status,
    ).toBe('pending');
    // at the door no evidence is never a pass (8.1.4): failed, not left pending
    expect(
      buildChecks([], { ...ctx, coolantEvidence: false, final: true }).find((c) => c.id === 'coolant_level')!
        .status,
    ).toBe('fail');
  });

  it('in transit, a low level reported earlier fails the coolant check even with no level since', () => {
    const checks = buildChecks([finding('COOLANT_LOW')], { ...ctx, final: false, coolantEvidence: false });
    expect(checks.find((c) => c.id === 'coolant_level')!.status).toBe('fail');
  });

  it('every receipt check, the product state too, is failed by RECEIPT_CHECK_FAILED', () => {
    for (const c of buildChecks([], ctx).filter((c) => c.id.startsWith('receipt.')))
      expect(c.findingCodes, c.id).toEqual(['RECEIPT_CHECK_FAILED']);
  });

  it("the receiver's answers: pass, fail, or pending while not recorded", () => {
    const answers = buildChecks([], { ...ctx, receiptChecks: { ...ctx.receiptChecks!, documentsOk: false } });
    expect(answers.find((c) => c.id === 'receipt.documentsOk')!.status).toBe('fail');
    const none = buildChecks([], { ...ctx, final: false, receiptChecks: undefined });
    expect(none.filter((c) => c.id.startsWith('receipt.')).map((c) => c.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'not_applicable',
    ]);
  });
});
