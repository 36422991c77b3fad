import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDrivers } from '../../../test/support/store-drivers.js';
import type { Device, Profile, Shipment, Verdict } from '../../domain/contract.js';
import type { RecordsStore } from './records-store.js';

const actor = { id: 'k_test', name: 'tester' };
const profile: Profile = {
  id: 'car-t-ln2',
  name: 'CAR-T in LN2 vapour',
  storageMode: 'ln2_vapor',
  maxTransportMinutes: 2880,
  containerTypes: ['ln2_dry_shipper'],
  maxGapMinutes: 10,
};
const device = (id: string): Device => ({
  id,
  kind: 'shipper_logger',
  loggingIntervalS: 60,
  calibrationValidUntil: '2027-06-01T00:00:00Z',
});
const shipment = (id: string, deviceIds: string[]): Shipment => ({
  id,
  profileId: profile.id,
  product: { name: 'CAR-T', cellType: 'T cell', batch: 'B1', quantity: 1 },
  containerType: 'ln2_dry_shipper',
  deviceIds,
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
  origin: 'Plant',
  destination: 'Clinic',
});
const verdict = (status: 'pass' | 'deviation'): Verdict => ({
  shipmentId: 'S1',
  status,
  final: true,
  window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
  findings: [],
  checks: [],
  stats: {},
  evaluatedAt: '2026-11-21T00:00:00.000Z',
});

describe.each(storeDrivers)('records store on %s', (_name, open) => {
  let store: RecordsStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(() => cleanup());

  it('versions profiles and pins a shipment to the version it was created under', async () => {
    await store.profiles.save(profile, actor);
    await store.devices.create(device('L1'), 'hash-L1', actor);
    await store.shipments.create(shipment('S1', ['L1']), actor);
    const v2 = await store.profiles.save({ ...profile, maxTransportMinutes: 1440 }, actor);
    expect(v2.version).toBe(2);
    expect((await store.shipments.get('S1')).profileVersion).toBe(1);
    expect((await store.profiles.get(profile.id, 1)).profile.maxTransportMinutes).toBe(2880);
    expect((await store.profiles.get(profile.id)).version).toBe(2);
  });

  it('refuses unknown devices, a duplicate id, and a receipt before dispatch', async () => {
    await expect(store.shipments.create(shipment('S2', ['L1', 'NOPE']), actor)).rejects.toMatchObject({
      code: 'CT_UNKNOWN_DEVICES',
    });
    await expect(store.shipments.create(shipment('S1', ['L1']), actor)).rejects.toMatchObject({
      code: 'CT_SHIPMENT_EXISTS',
    });
    await expect(store.devices.create(device('L1'), 'h', actor)).rejects.toMatchObject({
      code: 'CT_DEVICE_EXISTS',
    });
    const receipt = {
      receivedAt: '2026-11-21T00:00:00.000Z',
      receiverName: 'R',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    };
    await expect(
      store.shipments.recordReceipt(
        'S1',
        {
          receipt,
          verdict: verdict('pass'),
          readingsDigest: 'd',
          readingsCount: 0,
          eventsDigest: 'e',
          eventsCount: 0,
        },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'CT_NOT_DISPATCHED' });
  });

  it('dispatches, keeps a logger to one shipment at a time, quarantines on deviation, refuses a second receipt', async () => {
    const atMs = Date.parse('2026-11-20T00:00:00Z');
    const sent = await store.shipments.dispatch('S1', atMs, actor, 'recorded late');
    expect(sent).toMatchObject({ status: 'in_transit', dispatchedAt: '2026-11-20T00:00:00.000Z' });
    await expect(store.shipments.dispatch('S1', atMs, actor)).rejects.toMatchObject({
      code: 'CT_ALREADY_DISPATCHED',
    });
    await store.shipments.create(shipment('S3', ['L1']), actor);
    await expect(store.shipments.dispatch('S3', atMs + 1000, actor)).rejects.toMatchObject({
      code: 'CT_DEVICE_BUSY',
    });

    const receipt = {
      receivedAt: '2026-11-21T00:00:00.000Z',
      receiverName: 'R',
      checks: { labelOk: true, packagingOk: false, appearanceOk: true, documentsOk: true, quantityOk: true },
    };
    let hookSaw = '';
    const { shipment: done } = await store.shipments.recordReceipt(
      'S1',
      {
        receipt,
        verdict: verdict('deviation'),
        readingsDigest: 'abc',
        readingsCount: 5,
        eventsDigest: 'ev',
        eventsCount: 2,
      },
      actor,
      async (_tx, s) => {
        hookSaw = s.status;
      },
    );
    expect(done.status).toBe('quarantined');
    expect(hookSaw).toBe('quarantined');
    expect((await store.shipments.receiptOf('S1'))?.readingsDigest).toBe('abc');
    // issue 12: the events signed for are kept beside the readings' digest
    expect((await store.shipments.receiptOf('S1'))?.eventsDigest).toBe('ev');
    expect((await store.shipments.receiptOf('S1'))?.eventsCount).toBe(2);
    await expect(
      store.shipments.recordReceipt(
        'S1',
        {
          receipt,
          verdict: verdict('pass'),
          readingsDigest: 'x',
          readingsCount: 0,
          eventsDigest: 'e',
          eventsCount: 0,
        },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'CT_RECEIPT_EXISTS' });
    // once S1 is received, L1 may travel again
    expect((await store.shipments.dispatch('S3', Date.parse('2026-11-22T00:00:00Z'), actor)).status).toBe(
      'in_transit',
    );
    expect(await store.shipments.assignmentsOf('L1')).toEqual([
      { shipmentId: 'S1', fromAt: '2026-11-20T00:00:00.000Z', toAt: '2026-11-21T00:00:00.000Z' },
      { shipmentId: 'S3', fromAt: '2026-11-22T00:00:00.000Z', toAt: undefined },
    ]);
  });

  it('issues, authenticates and revokes API keys; bootstrap admin key from the environment', async () => {
    const { info, key } = await store.apiKeys.issue('dock', 'receiver', actor);
    expect((await store.apiKeys.authenticate(key))?.role).toBe('receiver');
    await store.apiKeys.revoke(info.id, actor, 'left');
    expect(await store.apiKeys.authenticate(key)).toBeUndefined();
    await store.apiKeys.ensureBootstrapAdmin('admin-key-0123456789');
    await store.apiKeys.ensureBootstrapAdmin('admin-key-0123456789');
    expect((await store.apiKeys.authenticate('admin-key-0123456789'))?.role).toBe('admin');
  });

  it('serves device secret hashes to the gateway', async () => {
    expect(await store.deviceDirectory.secretHashOf('L1')).toBe('hash-L1');
    expect(await store.deviceDirectory.secretHashOf('unknown')).toBeUndefined();
  });

  it('tracks items in storage units with their storage limit', async () => {
    await store.devices.create({ ...device('F1'), kind: 'storage_sensor' }, 'h', actor);
    await store.storage.createUnit(
      {
        id: 'U1',
        name: 'Freezer',
        storageMode: 'ultra_low',
        alarmDelayMinutes: 5,
        deviceIds: ['F1'],
        site: 'Lab',
      },
      actor,
    );
    const item = await store.storage.addItem(
      'U1',
      { id: 'I1', product: 'MSC', storedAt: '2026-11-01T00:00:00Z', storageLimitDays: 30 },
      Date.now(),
      actor,
    );
    expect(item.limitAt).toBe('2026-12-01T00:00:00.000Z');
    await store.storage.removeItem('U1', 'I1', Date.now(), actor);
    expect(await store.storage.itemsIn('U1')).toEqual([]);
  });
});
