import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTOR, type Harness, MIN, startHarness } from '../../test/support/rules-harness.js';

// issue 16 (7.8): the clinic is alerted at the 80 % warning point of a product's use time and when
// the limit has passed, through the alert writer and the outbox, on the worker's injected clock;
// real PostgreSQL, InfluxDB and SMTP.
const S = 1000;

describe('use-time alerts to the clinic (7.8)', () => {
  let h: Harness;
  const t0 = Date.parse('2026-12-02T02:00:00Z');
  const thawFinishedMs = t0 + 10 * MIN;
  // 30 min after thawing: warning at 24 min, limit at 30 min (inclusive)
  const warningAtMs = thawFinishedMs + 24 * MIN;
  const limitMs = thawFinishedMs + 30 * MIN;
  const alertsOf = async () =>
    (await h.records.alerts.list({ storageUnitId: 'WARD-TANK' })).filter((a) => a.itemId === 'BAG-UT');
  const at = async (ms: number) => {
    h.clock.nowMs = ms;
    await h.worker!.tick();
    await h.worker!.flush();
  };

  beforeAll(async () => {
    h = await startHarness();
    h.clock.nowMs = t0;
    await h.records.devices.create(
      {
        id: 'WARD-S',
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      },
      'x',
      ACTOR,
    );
    await h.records.storage.createUnit(
      {
        id: 'WARD-TANK',
        name: 'Ward LN2 tank',
        storageMode: 'ln2_vapor',
        alarmDelayMinutes: 15,
        deviceIds: ['WARD-S'],
        site: 'Ruijin',
      },
      ACTOR,
    );
    await h.records.profiles.save(
      {
        id: 'P-UT',
        name: 'CAR-T',
        storageMode: 'ln2_vapor',
        maxTransportMinutes: 600,
        containerTypes: ['ln2_dry_shipper'],
        maxGapMinutes: 30,
        postThawUseMinutes: 30,
      },
      ACTOR,
    );
    await h.records.products.store(
      'WARD-TANK',
      {
        id: 'BAG-UT',
        product: { name: 'CAR-T cell injection', batch: 'B-UT' },
        profileId: 'P-UT',
        profileVersion: 1,
        storedAtMs: t0 - 86_400_000,
        storageLimitDays: 365,
      },
      t0,
      ACTOR,
    );
    for (const [kind, atMs] of [
      ['removed', t0],
      ['thaw_started', t0 + 5 * MIN],
      ['thaw_finished', thawFinishedMs],
    ] as const) {
      await h.records.products.append(
        'BAG-UT',
        () => ({ kind, atMs, purpose: 'use', unitId: 'WARD-TANK' }),
        t0,
        ACTOR,
      );
    }
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('warns at 80 % (not a second before) and alerts past the limit (not at it), each once, mailed to the site', async () => {
    await at(warningAtMs - S);
    expect(await alertsOf()).toEqual([]);
    await at(warningAtMs);
    expect((await alertsOf()).map((a) => [a.kind, a.severity, a.clause])).toEqual([
      ['USE_TIME_WARNING', 'minor', '7.8, 8.2.4'],
    ]);
    await at(limitMs);
    expect((await alertsOf()).map((a) => a.kind)).toEqual(['USE_TIME_WARNING']);
    await at(limitMs + S);
    await at(limitMs + 2 * S);
    expect((await alertsOf()).map((a) => a.kind).sort()).toEqual(['USE_TIME_EXCEEDED', 'USE_TIME_WARNING']);
    // each alert reaches the site by mail (waited for one by one: on a loaded machine the
    // warning's mail may still be the only one in when the second alert is already recorded)
    const toSite = (m: { envelopeTo: string[] }) => m.envelopeTo.includes('site-qa@clinic.example');
    const subjectOf = (m: { parsed: { subject?: string } }) => m.parsed.subject ?? '';
    await h.smtp.waitForMails(1, (m) => toSite(m) && !subjectOf(m).includes('[CRITICAL]'));
    const [over] = await h.smtp.waitForMails(1, (m) => toSite(m) && subjectOf(m).includes('[CRITICAL]'));
    if (!over) throw new Error('no critical mail');
    expect(over.parsed.text).toContain('BAG-UT');
    expect(over.parsed.text).toContain('do not use');
    expect(over.parsed.text).toContain('不应使用');
  });

  it('stops watching once the product is infused', async () => {
    await h.records.products.append(
      'BAG-UT',
      () => ({ kind: 'infused', atMs: limitMs + 3 * S, deviation: true }),
      limitMs + 3 * S,
      ACTOR,
    );
    await at(limitMs + 10 * S);
    expect((await alertsOf()).length).toBe(2);
  });
});
