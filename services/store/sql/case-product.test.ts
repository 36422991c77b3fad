import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDrivers } from '../../../test/support/store-drivers.js';
import type { ProductState } from '../../domain/product-journey.js';
import type { CaseOpening } from './deviation-cases-repo.js';
import type { RecordsStore } from './records-store.js';

const actor = { id: 'k_test', name: 'tester' };
const MIN = 60_000;
const t0 = Date.parse('2026-11-21T08:00:00Z');

const opening = (productId: string): CaseOpening => ({
  subjectKind: 'stored_product',
  subjectId: productId,
  source: 'journey',
  organisation: 'Maker',
  site: 'Ruijin',
  product: { name: 'CAR-T', batch: `B-${productId}`, quantity: 1 },
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
  findings: [{ code: 'TEMP_OUT_OF_RANGE', clause: '8.2.4', severity: 'critical', message: 'thaw too warm' }],
});

/**
 * 8.1.5, 10.14: the clinic's signed disposition of a stored product's deviation case is followed on
 * the product's timeline in the same transaction: a rejected product is discarded there (it cannot
 * go on to thawing or infusion); a released one, or one already infused, keeps its state.
 */
describe.each(storeDrivers)("a stored product's case disposition on %s", (_name, open) => {
  let store: RecordsStore;
  let cleanup: () => Promise<void>;

  /** a product stored in TANK, then taken through the given steps */
  async function product(id: string, steps: ('removed' | 'thaw_started' | 'thaw_finished' | 'infused')[]) {
    await store.products.store(
      'TANK',
      {
        id,
        product: { name: 'CAR-T cell injection', batch: `B-${id}` },
        storedAtMs: t0 - 24 * 60 * MIN,
        storageLimitDays: 365,
      },
      t0,
      actor,
    );
    let at = t0;
    for (const kind of steps) {
      at += MIN;
      const atMs = at;
      await store.products.append(id, () => ({ kind, atMs, purpose: 'use', unitId: 'TANK' }), atMs, actor);
    }
  }

  async function dispose(productId: string, outcome: 'rejected' | 'released'): Promise<ProductState> {
    const { deviationCase } = await store.deviations.open(opening(productId), actor, t0 + 10 * MIN);
    await store.deviations.addStep(
      deviationCase.id,
      { kind: 'disposition', body: { outcome }, decide: () => outcome, sign: async () => {} },
      actor,
      t0 + 20 * MIN,
    );
    return (await store.products.get(productId)).state;
  }

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await store.devices.create(
      {
        id: 'TANK-S',
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      },
      'h',
      actor,
    );
    await store.storage.createUnit(
      {
        id: 'TANK',
        name: 'LN2 tank',
        storageMode: 'ln2_vapor',
        alarmDelayMinutes: 15,
        deviceIds: ['TANK-S'],
        site: 'Ruijin',
      },
      actor,
    );
  });
  afterAll(() => cleanup());

  it('a rejected product still in its unit is taken out for discard, its place in the unit freed', async () => {
    await product('P-IN', []);
    expect(await dispose('P-IN', 'rejected')).toBe('discarded');
    const events = await store.products.events('P-IN');
    expect(events.at(-1)).toMatchObject({ kind: 'removed', purpose: 'discard', unitId: 'TANK' });
    expect(events.at(-1)?.reason).toMatch(/^deviation case DC-.*: rejected$/);
    expect((await store.products.get('P-IN')).unitId).toBeUndefined();
    expect((await store.auditOf('stored_item', 'P-IN')).map((r) => r.action)).toContain('removed');
  });

  it('a rejected thawed product is discarded: no infusion can follow', async () => {
    await product('P-THAWED', ['removed', 'thaw_started', 'thaw_finished']);
    expect(await dispose('P-THAWED', 'rejected')).toBe('discarded');
    expect((await store.products.events('P-THAWED')).at(-1)).toMatchObject({ kind: 'discarded' });
    await expect(
      store.products.append(
        'P-THAWED',
        () => ({ kind: 'infused', atMs: t0 + 30 * MIN }),
        t0 + 30 * MIN,
        actor,
      ),
    ).rejects.toMatchObject({ code: 'CT_STEP_NOT_ALLOWED' });
  });

  it('a released product, and a rejected one already infused, keep their state and timeline', async () => {
    await product('P-REL', ['removed', 'thaw_started', 'thaw_finished']);
    expect(await dispose('P-REL', 'released')).toBe('thawed');
    expect((await store.products.events('P-REL')).at(-1)).toMatchObject({ kind: 'thaw_finished' });
    await product('P-GONE', ['removed', 'thaw_started', 'thaw_finished', 'infused']);
    const before = await store.products.events('P-GONE');
    expect(await dispose('P-GONE', 'rejected')).toBe('infused');
    expect(await store.products.events('P-GONE')).toEqual(before);
  });
});
