import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDrivers } from '../../../test/support/store-drivers.js';
import type { Shipment, Verdict } from '../../domain/contract.js';
import { nextState } from '../../domain/deviation-case.js';
import { type CaseOpening, openDeviationCase } from './deviation-cases-repo.js';
import type { RecordsStore } from './records-store.js';

const actor = { id: 'k_test', name: 'tester' };
const HOUR = 3_600_000;
const shipment = (id: string): Shipment => ({
  id,
  profileId: 'p1',
  product: { name: 'CAR-T', cellType: 'T cell', batch: 'B1', quantity: 1 },
  containerType: 'ln2_dry_shipper',
  deviceIds: [`L-${id}`],
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
  origin: 'Plant',
  destination: 'Clinic',
});
const verdict: Verdict = {
  shipmentId: 'x',
  status: 'deviation',
  final: true,
  window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
  findings: [{ code: 'TEMP_OUT_OF_RANGE', clause: '7.7, 8.1.5', severity: 'critical', message: 'warm' }],
  checks: [],
  stats: {},
  evaluatedAt: '2026-11-21T00:00:00.000Z',
};
const opening = (id: string): CaseOpening => ({
  subjectKind: 'shipment',
  subjectId: id,
  source: 'receipt',
  organisation: 'Maker',
  site: 'Clinic',
  product: { name: 'CAR-T', batch: 'B1', quantity: 1 },
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
  findings: verdict.findings,
  readingsDigest: 'ab'.repeat(32),
  readingsCount: 10,
});

describe.each(storeDrivers)('deviation cases on %s', (_name, open) => {
  let store: RecordsStore;
  let cleanup: () => Promise<void>;
  const t0 = Date.parse('2026-11-21T00:00:00Z');
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await store.profiles.save(
      {
        id: 'p1',
        name: 'LN2',
        storageMode: 'ln2_vapor',
        maxTransportMinutes: 2880,
        containerTypes: ['ln2_dry_shipper'],
        maxGapMinutes: 10,
      },
      actor,
    );
    for (const id of ['S1', 'S2']) {
      await store.devices.create(
        {
          id: `L-${id}`,
          kind: 'shipper_logger',
          loggingIntervalS: 60,
          calibrationValidUntil: '2030-01-01T00:00:00Z',
        },
        'h',
        actor,
      );
      await store.shipments.create(shipment(id), actor);
      await store.shipments.dispatch(id, t0 - 10 * HOUR, actor);
      await store.shipments.recordReceipt(
        id,
        {
          receipt: {
            receivedAt: new Date(t0).toISOString(),
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
          readingsCount: 10,
          eventsDigest: 'e'.repeat(64),
          eventsCount: 0,
        },
        actor,
      );
    }
  });
  afterAll(() => cleanup());

  it('opens one case per subject, due after the answer time set for the manufacturer', async () => {
    await store.deviations.setAnswerHours('Maker', 8, actor, t0);
    const a = await store.deviations.open(opening('S1'), actor, t0);
    expect(a.opened).toBe(true);
    expect(Date.parse(a.deviationCase.dueAt) - t0).toBe(8 * HOUR);
    // a second opening (the receipt after a live alert's case) finds the open one
    const b = await store.transaction((tx) => openDeviationCase(tx, opening('S1'), actor, t0 + 1));
    expect(b).toMatchObject({ opened: false, deviationCase: { id: a.deviationCase.id } });
    expect((await store.auditOf('deviation_case', a.deviationCase.id)).map((r) => r.action)).toEqual([
      'open',
    ]);
  });

  it('writes a step, its file and its signature in one transaction; a failing signature leaves nothing', async () => {
    const { deviationCase: c } = await store.deviations.open(opening('S2'), actor, t0);
    const signed: unknown[] = [];
    await expect(
      store.deviations.addStep(
        c.id,
        {
          kind: 'assessment',
          body: { impact: 'x' },
          decide: () => 'assessed',
          sign: async () => {
            throw new Error('signature refused');
          },
        },
        actor,
        t0 + HOUR,
      ),
    ).rejects.toThrow('signature refused');
    expect((await store.deviations.get(c.id)).state).toBe('open');
    expect(await store.deviations.steps(c.id)).toEqual([]);

    const r = await store.deviations.addStep(
      c.id,
      {
        kind: 'advice',
        body: { decision: 'do_not_use', doNotUseAction: 'destroy' },
        attachments: [
          { filename: 'stability.txt', contentType: 'text/plain', text: 'stable 30 min at -60 C' },
        ],
        decide: (cur) => {
          const n = nextState(cur.state, 'assessment');
          if (!n.ok) throw new Error(n.problem);
          return n.state;
        },
        sign: async (_tx, recordId, content) => {
          signed.push({ recordId, content });
        },
      },
      actor,
      t0 + 2 * HOUR,
    );
    expect(r.deviationCase).toMatchObject({
      state: 'assessed',
      stepCount: 1,
      latestAdvice: { decision: 'do_not_use' },
    });
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatchObject({
      recordId: `${c.id}/1`,
      content: { caseId: c.id, seq: 1, kind: 'advice' },
    });
    const steps = await store.deviations.steps(c.id);
    expect(steps[0]!.attachments[0]).toMatchObject({ filename: 'stability.txt', sizeBytes: 22 });
    expect((await store.deviations.attachment(c.id, 1, 1)).content.toString()).toBe('stable 30 min at -60 C');
  });

  it('a final step closes the case and moves the shipment quarantined -> rejected, both audited', async () => {
    const c = (await store.deviations.list({ subjectId: 'S2' }))[0]!;
    expect((await store.shipments.get('S2')).status).toBe('quarantined');
    await store.deviations.addStep(
      c.id,
      {
        kind: 'disposition',
        body: { outcome: 'rejected', epcisDisposition: 'destroyed' },
        decide: () => 'rejected',
        sign: async () => undefined,
      },
      actor,
      t0 + 3 * HOUR,
    );
    expect((await store.shipments.get('S2')).status).toBe('rejected');
    const closed = await store.deviations.get(c.id);
    expect(closed).toMatchObject({ state: 'rejected', disposition: { epcisDisposition: 'destroyed' } });
    expect(closed.closedAt).toBeDefined();
    expect((await store.auditOf('shipment', 'S2')).at(-1)).toMatchObject({ action: 'disposition' });
    expect((await store.auditOf('deviation_case', c.id)).map((r) => r.action)).toEqual([
      'open',
      'advice',
      'disposition',
    ]);
    // once closed, a new deviation of the subject is a new case
    expect((await store.deviations.open(opening('S2'), actor, t0 + 4 * HOUR)).opened).toBe(true);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('steps are append-only in the database', async () => {
    const c = (await store.deviations.list({ subjectId: 'S1' }))[0]!;
    await store.deviations.addStep(
      c.id,
      { kind: 'assessment', body: { impact: 'y' }, decide: () => 'assessed', sign: async () => undefined },
      actor,
      t0 + HOUR,
    );
    await expect(
      store.transaction((tx) => tx.query("UPDATE deviation_case_steps SET body = '{}'::jsonb")),
    ).rejects.toThrow(/append-only/);
  });
});
