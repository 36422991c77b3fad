import { describe, expect, it } from 'vitest';
import { HOUR, input, shipment, T0 } from '../../test/support/domain-fixtures.js';
import { receiptChecksSchema, type Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

// 8.1.3: "产品状态（新鲜/冻存）与预期一致" — the optional stateOk receipt check
const LATER = T0 + 5 * HOUR;
const ALL_OK = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };
const frozen = () =>
  shipment({ product: { name: 'MSC', cellType: 'MSC', batch: 'B1', quantity: 1, state: 'frozen' } });
const stateCheck = (v: Verdict) => v.checks.find((c) => c.id === 'receipt.stateOk');

describe('8.1.3 product state check (stateOk)', () => {
  it('a recorded stateOk: false is RECEIPT_CHECK_FAILED on 8.1.3 and a deviation', () => {
    const v = evaluateShipment(
      input({ shipment: frozen(), receiptChecks: { ...ALL_OK, stateOk: false } }),
      LATER,
    );
    expect(v.status).toBe('deviation');
    expect(v.findings.map((f) => [f.code, f.clause, f.details])).toEqual([
      ['RECEIPT_CHECK_FAILED', '8.1.3', { check: 'stateOk' }],
    ]);
    expect(v.findings[0]!.message).toBe('Receipt check failed: Product state (fresh/frozen) as expected.');
    expect(stateCheck(v)).toMatchObject({ status: 'fail', clause: '8.1.3' });
    const zh = evaluateShipment(
      input({ shipment: frozen(), receiptChecks: { ...ALL_OK, stateOk: false } }),
      LATER,
      { locale: 'zh-CN' },
    );
    expect(zh.findings[0]!.message).toBe('接收核查未通过：产品状态（新鲜/冻存）与预期一致。');
    expect(stateCheck(zh)!.label).toBe('产品状态（新鲜/冻存）与预期一致');
  });

  it('stateOk: true passes', () => {
    const v = evaluateShipment(
      input({ shipment: frozen(), receiptChecks: { ...ALL_OK, stateOk: true } }),
      LATER,
    );
    expect(v.status).toBe('pass');
    expect(stateCheck(v)).toMatchObject({
      status: 'pass',
      label: 'Product state (fresh/frozen) as expected',
    });
  });

  it('is pending before receipt when the shipment declares a state', () => {
    const v = evaluateShipment(
      input({ shipment: frozen(), receivedAtMs: undefined, receiptChecks: undefined }),
      T0 + HOUR,
    );
    expect(stateCheck(v)!.status).toBe('pending');
  });

  it('absent at receipt with a declared state: unverified, so the final verdict deviates (docs/rules.md R2)', () => {
    const v = evaluateShipment(input({ shipment: frozen(), receiptChecks: ALL_OK }), LATER);
    expect(v.status).toBe('deviation');
    expect(v.findings.map((f) => [f.code, f.details?.kind])).toEqual([
      ['RECEIPT_CHECK_FAILED', 'unverified'],
    ]);
    expect(stateCheck(v)!.status).toBe('fail');
  });

  it('does not apply when the shipment declares no state and the receiver recorded none', () => {
    expect(stateCheck(evaluateShipment(input({ receiptChecks: ALL_OK }), LATER))!.status).toBe(
      'not_applicable',
    );
    // a receiver who did record it is still heard
    const v = evaluateShipment(input({ receiptChecks: { ...ALL_OK, stateOk: false } }), LATER);
    expect(stateCheck(v)!.status).toBe('fail');
    expect(v.status).toBe('deviation');
  });

  it('the contract accepts receipts with and without stateOk, and rejects a non-boolean', () => {
    expect(receiptChecksSchema.safeParse(ALL_OK).success).toBe(true);
    expect(receiptChecksSchema.safeParse({ ...ALL_OK, stateOk: false }).success).toBe(true);
    expect(receiptChecksSchema.safeParse({ ...ALL_OK, stateOk: 'no' }).success).toBe(false);
  });
});
