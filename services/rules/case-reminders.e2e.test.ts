import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTOR,
  dispatchedShipment,
  type Harness,
  MIN,
  startHarness,
} from '../../test/support/rules-harness.js';
import type { Verdict } from '../domain/contract.js';

// issue 15 (8.1.6, 10.14): while a deviation case waits for the manufacturer's advice, its QA is
// reminded at three quarters of the answer time and the case is escalated (QA, the site, the
// escalation address) a quarter after it; each once, on the worker's injected clock; real
// PostgreSQL, InfluxDB and SMTP. A case that has its advice is never chased.
const S = 1000;

describe("the manufacturer's answer time of a deviation case", () => {
  let h: Harness;
  const t0 = Date.parse('2026-12-02T02:00:00Z');
  const openedMs = t0 + 10 * MIN;
  // answer time 4 h: reminder at 3 h, due at 4 h, escalation at 5 h
  const reminderMs = openedMs + 3 * 60 * MIN;
  const escalationMs = openedMs + 5 * 60 * MIN;
  const caseIds: Record<string, string> = {};
  const at = async (ms: number) => {
    h.clock.nowMs = ms;
    await h.worker!.tick();
    await h.worker!.flush();
  };
  const caseMails = (id: string) => h.smtp.mails.filter((m) => (m.parsed.subject ?? '').includes(`[${id}]`));

  async function receivedWithCase(id: string): Promise<string> {
    await dispatchedShipment(h, id, { dispatchedAtMs: t0 - 60 * MIN, locale: 'zh-CN' });
    const verdict: Verdict = {
      shipmentId: id,
      status: 'deviation',
      final: true,
      window: { from: new Date(t0 - 60 * MIN).toISOString(), to: new Date(openedMs).toISOString() },
      findings: [{ code: 'TEMP_OUT_OF_RANGE', clause: '7.7, 8.1.5', severity: 'critical', message: 'warm' }],
      checks: [],
      stats: {},
      evaluatedAt: new Date(openedMs).toISOString(),
    };
    await h.records.shipments.recordReceipt(
      id,
      {
        receipt: {
          receivedAt: new Date(openedMs).toISOString(),
          receiverName: 'R',
          checks: {
            labelOk: true,
            packagingOk: true,
            appearanceOk: true,
            documentsOk: true,
            quantityOk: true,
          },
        },
        verdict,
        readingsDigest: 'ab'.repeat(32),
        readingsCount: 60,
        eventsDigest: 'e'.repeat(64),
        eventsCount: 0,
      },
      ACTOR,
    );
    const { deviationCase } = await h.records.deviations.open(
      {
        subjectKind: 'shipment',
        subjectId: id,
        source: 'receipt',
        organisation: 'Maker',
        site: 'Beijing',
        product: { name: 'CAR-T cells', batch: `B-${id}`, quantity: 1 },
        manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example', locale: 'zh-CN' },
        findings: verdict.findings,
      },
      ACTOR,
      openedMs,
    );
    return deviationCase.id;
  }

  beforeAll(async () => {
    h = await startHarness();
    h.clock.nowMs = t0;
    await h.records.deviations.setAnswerHours('Maker', 4, ACTOR, t0);
    caseIds.waiting = await receivedWithCase('REM-1');
    caseIds.advised = await receivedWithCase('REM-2');
    await h.records.deviations.addStep(
      caseIds.advised,
      {
        kind: 'assessment',
        body: { impact: 'x', ownScheme: 'SOP' },
        decide: () => 'assessed',
        sign: async () => undefined,
      },
      ACTOR,
      openedMs + MIN,
    );
    await h.records.deviations.addStep(
      caseIds.advised,
      {
        kind: 'advice',
        body: { investigation: 'i', decision: 'use', rationale: 'r' },
        decide: () => 'advised',
        sign: async () => undefined,
      },
      ACTOR,
      openedMs + 2 * MIN,
    );
    await h.startWorker({ escalation: { to: ['head-qa@clinic.example'], afterMs: 30 * MIN } });
  });
  afterAll(() => h?.close());

  it('reminds the QA at three quarters of the answer time, not a second before, in its language', async () => {
    await at(reminderMs - S);
    await at(reminderMs - S / 2);
    expect(caseMails(caseIds.waiting!)).toEqual([]);
    await at(reminderMs);
    const [reminder] = await h.smtp.waitForMails(1, (m) =>
      (m.parsed.subject ?? '').includes(`[${caseIds.waiting}]`),
    );
    expect(reminder!.envelopeTo).toEqual(['qa@maker.example']);
    expect(reminder!.parsed.subject).toContain('提醒：处理建议即将到期');
    expect(reminder!.parsed.text).toContain('REM-1');
    await at(reminderMs + 10 * S);
    expect(caseMails(caseIds.waiting!)).toHaveLength(1);
  });

  it('escalates a quarter after the due time to the QA, the site and the escalation address, once', async () => {
    await at(escalationMs - S);
    expect(caseMails(caseIds.waiting!)).toHaveLength(1);
    await at(escalationMs);
    const mails = await h.smtp.waitForMails(3, (m) =>
      (m.parsed.subject ?? '').includes(`[${caseIds.waiting}]`),
    );
    const escalations = mails.filter((m) => /升级|escalation/.test(m.parsed.subject ?? ''));
    expect(escalations.map((m) => m.envelopeTo.sort())).toEqual(
      expect.arrayContaining([['qa@maker.example'], ['head-qa@clinic.example', 'site-qa@clinic.example']]),
    );
    await at(escalationMs + 30 * S);
    expect(caseMails(caseIds.waiting!)).toHaveLength(3);
  });

  it('never chases a case that has its advice', async () => {
    await at(escalationMs + 60 * MIN);
    expect(caseMails(caseIds.advised!)).toEqual([]);
  });
});
