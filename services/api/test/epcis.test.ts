import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { CASE_DISPOSITION_CBV, epcisDocument } from '../exports/epcis.js';

// the GS1 EPCIS 2.0 JSON schema, vendored with its licence (vendor/gs1-epcis-2.0-json-schema/README.md)
const SCHEMA_PATH = new URL(
  '../../../vendor/gs1-epcis-2.0-json-schema/EPCIS-JSON-Schema.json',
  import.meta.url,
);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const D = Date.parse('2026-11-30T02:00:00Z');
const MIN = 60_000;
const HOURS = 3;
const CHECKS = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };

interface SensorReport {
  type: string;
  uom?: string;
  exception?: string;
  time?: string;
  minValue?: number;
  maxValue?: number;
  meanValue?: number;
}
interface SensorElement {
  sensorMetadata: {
    deviceID: string;
    startTime: string;
    endTime: string;
    rawData: string;
    dataProcessingMethod: string;
  };
  sensorReport: SensorReport[];
}
interface EpcisEventView {
  type: string;
  bizStep: string;
  disposition: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  readPoint: { id: string };
  bizLocation?: { id: string };
  quantityList: { epcClass: string; quantity: number }[];
  sensorElementList?: SensorElement[];
}

describe('GET /shipments/:id/epcis: EPCIS 2.0 out', () => {
  let h: Harness;
  let validate: ReturnType<Ajv['compile']>;
  const auth = (role: keyof Harness['keys']) => ({ authorization: `Bearer ${h.keys[role]}` });
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: auth(role) });

  async function shipment(id: string, deviceIds: string[], temps: Record<string, (ms: number) => number>) {
    for (const deviceId of deviceIds) {
      const dev = await call('admin', 'POST', '/api/v1/devices', {
        id: deviceId,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
      expect(dev.statusCode).toBe(201);
    }
    const created = await call('logistics', 'POST', '/api/v1/shipments', {
      id,
      profileId: 'p-epcis',
      product: { name: 'CAR-T cells', cellType: 'T cell', batch: `LOT-${id}`, quantity: 2 },
      containerType: 'passive_2_8_box',
      deviceIds,
      manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example' },
      origin: 'Suzhou plant',
      destination: 'Shanghai clinic',
    });
    expect(created.statusCode).toBe(201);
    const dispatched = await call('logistics', 'POST', `/api/v1/shipments/${id}/dispatch`, {
      at: new Date(D).toISOString(),
    });
    expect(dispatched.statusCode).toBe(200);
    for (const deviceId of deviceIds) {
      await h.readings.writeReadings(minuteReadings(deviceId, D, D + HOURS * 60 * MIN, temps[deviceId]!));
    }
    const receipt = await call('receiver', 'POST', `/api/v1/shipments/${id}/receipt`, {
      receivedAt: new Date(D + HOURS * 60 * MIN).toISOString(),
      receiverName: 'Li Wei',
      checks: CHECKS,
    });
    expect(receipt.statusCode).toBe(201);
    return receipt.json().verdict as {
      status: string;
      window: { from: string; to: string };
      findings: {
        code: string;
        deviceId?: string;
        from?: string;
        to?: string;
        details?: Record<string, unknown>;
      }[];
      stats: { loggers: Record<string, { minC: number; maxC: number; meanC: number }> };
    };
  }

  beforeAll(async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
    h = await startHarness('pglite');
    const profile = await call('admin', 'POST', '/api/v1/profiles', {
      id: 'p-epcis',
      name: '2-8',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    });
    expect(profile.statusCode).toBe(201);
  });
  afterAll(() => h?.close());

  const fetchDoc = async (id: string, role: keyof Harness['keys'] = 'viewer') => {
    const res = await call(role, 'GET', `/api/v1/shipments/${id}/epcis`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = JSON.parse(res.body);
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
    return doc as { epcisBody: { eventList: EpcisEventView[] } } & Record<string, unknown>;
  };

  it('a passing shipment: shipping and receiving events, each figure the verdict gave, valid EPCIS 2.0', async () => {
    const verdict = await shipment('S-EP-PASS', ['EP-A', 'EP-B'], {
      'EP-A': (ms) => 4 + ((ms / MIN) % 3) * 0.5,
      'EP-B': () => 5.5,
    });
    expect(verdict.status).toBe('pass');
    const doc = await fetchDoc('S-EP-PASS');
    expect(doc).toMatchObject({ type: 'EPCISDocument', schemaVersion: '2.0' });
    const [shipping, receiving, ...more] = doc.epcisBody.eventList;
    expect(more).toEqual([]);
    expect(shipping).toMatchObject({
      type: 'ObjectEvent',
      bizStep: 'shipping',
      disposition: 'in_transit',
      eventTime: new Date(D).toISOString(),
      eventTimeZoneOffset: '+08:00',
    });
    expect(shipping!.readPoint.id).toMatch(/\/epcis\/sites\/Suzhou%20plant$/);
    expect(receiving).toMatchObject({ bizStep: 'receiving', disposition: 'conformant' });
    expect(receiving!.readPoint.id).toMatch(/\/epcis\/sites\/Shanghai%20clinic$/);
    expect(receiving!.bizLocation!.id).toBe(receiving!.readPoint.id);
    expect(receiving!.quantityList).toEqual([
      { epcClass: expect.stringMatching(/\/lots\/LOT-S-EP-PASS$/), quantity: 2 },
    ]);
    // a receiving system's view: every figure back out of the document equals the verdict's
    const elements = receiving!.sensorElementList!;
    expect(elements).toHaveLength(2);
    for (const deviceId of ['EP-A', 'EP-B']) {
      const el = elements.find((e) => e.sensorMetadata.deviceID.endsWith(`/devices/${deviceId}`))!;
      const stats = verdict.stats.loggers[deviceId]!;
      expect(el.sensorMetadata).toMatchObject({
        startTime: verdict.window.from,
        endTime: verdict.window.to,
        rawData: expect.stringMatching(/\/api\/v1\/shipments\/S-EP-PASS\/readings\?format=csv$/),
      });
      expect(el.sensorReport).toEqual([
        {
          type: 'gs1:Temperature',
          uom: 'CEL',
          minValue: stats.minC,
          maxValue: stats.maxC,
          meanValue: stats.meanC,
        },
      ]);
    }
    expect(verdict.stats.loggers['EP-A']).toMatchObject({ minC: 4, maxC: 5 });
    // rawData is the CSV of this record, readable by the same reader
    const raw = elements[0]!.sensorMetadata.rawData;
    const csv = await h.app.inject({
      method: 'GET',
      url: new URL(raw).pathname + new URL(raw).search,
      headers: auth('viewer'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toMatch(/^device_id,seq,time_utc/);
  });

  it('a deviating shipment: non_conformant, and the excursion as ALARM_CONDITION with its times', async () => {
    const from = D + 60 * MIN;
    const to = D + 80 * MIN;
    const verdict = await shipment('S-EP-DEV', ['EP-C'], {
      'EP-C': (ms) => (ms >= from && ms < to ? (ms - from < 10 * MIN ? 9.5 : 11) : 5),
    });
    expect(verdict.status).toBe('deviation');
    const excursion = verdict.findings.find((f) => f.code === 'TEMP_OUT_OF_RANGE')!;
    expect(excursion).toMatchObject({
      deviceId: 'EP-C',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
    const doc = await fetchDoc('S-EP-DEV');
    // kept for docs/epcis.md (test-artifacts/ is git-ignored)
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/epcis-deviation.json', `${JSON.stringify(doc, null, 2)}\n`);
    const receiving = doc.epcisBody.eventList.find((e) => e.bizStep === 'receiving')!;
    expect(receiving.disposition).toBe('non_conformant');
    const [window, alarm, ...more] = receiving.sensorElementList!;
    expect(more).toEqual([]);
    const stats = verdict.stats.loggers['EP-C']!;
    expect(window!.sensorReport[0]).toEqual({
      type: 'gs1:Temperature',
      uom: 'CEL',
      minValue: stats.minC,
      maxValue: stats.maxC,
      meanValue: stats.meanC,
    });
    expect(stats.maxC).toBe(11);
    expect(alarm!.sensorMetadata).toMatchObject({ startTime: excursion.from, endTime: excursion.to });
    expect(alarm!.sensorReport).toEqual([
      {
        type: 'gs1:Temperature',
        exception: 'ALARM_CONDITION',
        uom: 'CEL',
        time: excursion.from,
        minValue: excursion.details!.minC,
        maxValue: excursion.details!.maxC,
      },
    ]);
    expect(excursion.details).toMatchObject({ minC: 9.5, maxC: 11 });
  });

  it('a shipment in transit has its shipping event only; scope and roles are those of the record', async () => {
    await call('admin', 'POST', '/api/v1/devices', {
      id: 'EP-T',
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    });
    await call('logistics', 'POST', '/api/v1/shipments', {
      id: 'S-EP-TRANSIT',
      profileId: 'p-epcis',
      product: { name: 'MSC', cellType: 'MSC', batch: 'B1', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: ['EP-T'],
      manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example' },
      origin: 'Suzhou plant',
      destination: 'Shanghai clinic',
    });
    const before = await fetchDoc('S-EP-TRANSIT');
    expect(before.epcisBody.eventList).toEqual([]);
    await call('logistics', 'POST', '/api/v1/shipments/S-EP-TRANSIT/dispatch', {
      at: new Date(D).toISOString(),
    });
    const doc = await fetchDoc('S-EP-TRANSIT');
    expect(doc.epcisBody.eventList.map((e) => e.bizStep)).toEqual(['shipping']);
    expect((await call('viewer', 'GET', '/api/v1/shipments/NOPE/epcis')).json().code).toBe(
      'CT_SHIPMENT_NOT_FOUND',
    );
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/shipments/S-EP-TRANSIT/epcis' });
    expect(anonymous.statusCode).toBe(401);
    const openapi = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(openapi.paths['/api/v1/shipments/{id}/epcis'].get.description).toMatch(/EPCIS 2\.0/);
  });

  it("the deviation case's decision has its place: each one a valid CBV event after the receipt", () => {
    const shipmentBody = {
      id: 'S-X',
      profileId: 'p',
      product: { name: 'MSC', cellType: 'MSC', batch: 'B', quantity: 1 },
      containerType: 'passive_2_8_box' as const,
      deviceIds: ['L'],
      manufacturer: { name: 'M', qaEmail: 'qa@m.example' },
      origin: 'A',
      destination: 'B',
    };
    for (const decision of Object.keys(CASE_DISPOSITION_CBV) as (keyof typeof CASE_DISPOSITION_CBV)[]) {
      const doc = epcisDocument({
        shipment: shipmentBody,
        dispatchedAt: '2026-11-30T00:00:00.000Z',
        caseDisposition: { decision, at: '2026-11-30T06:00:00.000Z' },
        baseUrl: 'https://coldtrace.example',
        timeZone: 'Asia/Shanghai',
        nowMs: D,
      });
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.epcisBody.eventList.at(-1)).toMatchObject(CASE_DISPOSITION_CBV[decision]);
    }
  });
});
