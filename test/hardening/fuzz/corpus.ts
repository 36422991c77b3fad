import type { z } from 'zod';
import {
  deviceSchema,
  dispatchSchema,
  profileSchema,
  receiptSchema,
  shipmentSchema,
  storageUnitSchema,
  storedItemSchema,
} from '../../../services/domain/contract.js';

/** Valid inputs the mutations start from: each decoder's and each request schema's happy path. */
const TS = Date.parse('2026-11-26T10:00:00Z');
const reading = (i: number) => ({
  ts: TS + i * 60_000,
  seq: i,
  temp_c: 4.5,
  ln2_level_pct: 80,
  battery_pct: 90,
  lat: 31.2,
  lon: 121.4,
});

export const DECODER_SEEDS: readonly { kind: string; value: unknown }[] = [
  { kind: 'readings', value: reading(0) },
  { kind: 'readings', value: { ts: '2026-11-26T18:00:00+08:00', seq: 1, temp_c: -80.5 } },
  { kind: 'readings', value: [reading(0), reading(1), reading(2)] },
  {
    kind: 'readings',
    value: [
      { bn: 'urn:dev:id:LOG-1:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4.2 },
      { n: 'seq', v: 7 },
      { n: 'battery', u: '%EL', v: 88 },
      { n: 'temp', u: 'Cel', v: 4.4, t: 60 },
      { n: 'seq', v: 8, t: 60 },
    ],
  },
  { kind: 'readings', value: [{ bn: 'LOG-1:', n: 'temperature', u: 'Cel', v: -190, t: -5 }] },
  { kind: 'events', value: { ts: TS, type: 'lid_open' } },
  {
    kind: 'events',
    value: [
      { ts: TS, type: 'shock', value: 3.5 },
      { ts: '2026-11-26T10:01:00Z', type: 'lid_closed' },
    ],
  },
  { kind: 'status', value: 'online' },
  { kind: 'status', value: { status: 'offline' } },
];

export const DECODER_KINDS = ['readings', 'events', 'status', 'rejects', 'other'] as const;

export const SCHEMA_SEEDS: readonly { name: string; schema: z.ZodType; value: unknown }[] = [
  {
    name: 'profile',
    schema: profileSchema,
    value: {
      id: 'car-t-ln2',
      name: 'CAR-T LN2',
      storageMode: 'ln2_vapor',
      tempMaxC: -150,
      maxTransportMinutes: 2880,
      containerTypes: ['ln2_dry_shipper'],
      maxGapMinutes: 15,
      coolantMinPct: 20,
      tolerance: {
        alarmDelayMinutes: 5,
        hardMaxC: -120,
        rules: [{ id: 'r1', kind: 'single', direction: 'above', thresholdC: -140, minutes: 10 }],
      },
    },
  },
  {
    name: 'device',
    schema: deviceSchema,
    value: {
      id: 'LOG-1',
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2027-11-26T00:00:00Z',
    },
  },
  {
    name: 'shipment',
    schema: shipmentSchema,
    value: {
      id: 'SHP-1',
      profileId: 'car-t-ln2',
      product: { name: 'CAR-T', cellType: 'T cell', batch: 'B1', quantity: 2, state: 'frozen' },
      donor: { type: 'autologous', code: 'D-001' },
      containerType: 'ln2_dry_shipper',
      deviceIds: ['LOG-1'],
      manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example', locale: 'zh-CN' },
      origin: '上海',
      destination: '北京',
      expectedArrivalAt: '2026-11-27T10:00:00+08:00',
    },
  },
  { name: 'dispatch', schema: dispatchSchema, value: { at: '2026-11-26T10:00:00Z' } },
  {
    name: 'receipt',
    schema: receiptSchema,
    value: {
      receiverName: '王医生',
      verifierName: 'Li',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: false },
      notes: 'ok',
    },
  },
  {
    name: 'storage-unit',
    schema: storageUnitSchema,
    value: {
      id: 'FRIDGE-1',
      name: 'Fridge',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 10,
      deviceIds: ['SENS-1'],
      site: 'Clinic',
    },
  },
  {
    name: 'stored-item',
    schema: storedItemSchema,
    value: { id: 'ITEM-1', product: 'CAR-T', storageLimitDays: 30 },
  },
];
