import type { Finding, Shipment, Verdict } from '../../domain/contract.js';
import { utcOffsetLabel } from '../../domain/messages/time.js';

/**
 * EPCIS 2.0 out (issue 19): a shipment as a partner's traceability system reads it, in the JSON-LD
 * binding of EPCIS 2.0 (GS1, 2022) with the Core Business Vocabulary (CBV 2.0) bare words.
 *
 * - the shipping event (bizStep shipping, disposition in_transit) at the origin site;
 * - the receiving event (bizStep receiving, disposition conformant / non_conformant from the final
 *   verdict) at the destination site, carrying each logger's sensor data: one element with the
 *   window's statistics and one per temperature excursion with exception ALARM_CONDITION and its
 *   times; rawData points at the CSV of the record (GS1's guidance: reference, don't inline);
 * - the deviation case's own disposition event once the case helper records one (see
 *   `caseDispositionEvent`).
 *
 * coldtrace knows no GLN or GTIN, so sites, the product's batch (class level) and the loggers are
 * URIs under the installation's public URL; a partner maps them to its master data.
 */

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** How the statistics were computed (docs/epcis.md, docs/rules.md): time-weighted, sample and hold. */
export const DATA_PROCESSING_PATH = '/epcis/methods/time-weighted-sample-and-hold';

/**
 * The decision a deviation case ends with (8.1.6, 10.14). Recorded by the deviation area; until it
 * is wired in, `EpcisInput.caseDisposition` stays undefined and no event is emitted for it.
 */
export type CaseDecision = 'released' | 'damaged' | 'destroyed' | 'returned';

export interface CaseDisposition {
  decision: CaseDecision;
  /** when the decision was recorded, UTC */
  at: string;
}

/** CBV 2.0 words for each decision: the business step that carried it out and the state it leaves. */
export const CASE_DISPOSITION_CBV: Record<CaseDecision, { bizStep: string; disposition: string }> = {
  released: { bizStep: 'accepting', disposition: 'available' },
  damaged: { bizStep: 'inspecting', disposition: 'damaged' },
  destroyed: { bizStep: 'destroying', disposition: 'destroyed' },
  returned: { bizStep: 'shipping', disposition: 'returned' },
};

export interface EpcisInput {
  shipment: Shipment;
  dispatchedAt?: string;
  receivedAt?: string;
  /** the final verdict (the receipt's); sensor data is reported with the receiving event only */
  verdict?: Verdict;
  caseDisposition?: CaseDisposition;
  /** the installation's public URL, no trailing slash */
  baseUrl: string;
  timeZone: string;
  nowMs: number;
}

export type EpcisEvent = Record<string, unknown>;

// a type, not an interface: it is also a plain JSON record for the response schema
export type EpcisDocument = {
  '@context': (string | Record<string, string>)[];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
};

const enc = encodeURIComponent;

/** "+08:00": the site zone's offset at that instant, as EPCIS wants it. */
export function eventTimeZoneOffset(ms: number, timeZone: string): string {
  return utcOffsetLabel(ms, timeZone).slice('UTC'.length);
}

/** The URIs the document names things by. */
export function epcisIds(baseUrl: string, shipment: Shipment) {
  const api = `${baseUrl}/api/v1`;
  const site = (name: string) => `${baseUrl}/epcis/sites/${enc(name)}`;
  return {
    origin: site(shipment.origin),
    destination: site(shipment.destinationSite ?? shipment.destination),
    // class level: the product and its batch (lot), not one serialised instance
    batchClass: `${baseUrl}/epcis/products/${enc(shipment.product.name)}/lots/${enc(shipment.product.batch)}`,
    device: (id: string) => `${api}/devices/${enc(id)}`,
    rawData: `${api}/shipments/${enc(shipment.id)}/readings?format=csv`,
    event: (name: string) => `${api}/shipments/${enc(shipment.id)}/epcis#${name}`,
    method: `${baseUrl}${DATA_PROCESSING_PATH}`,
    namespace: `${baseUrl}/epcis/ns/`,
  };
}

interface LoggerStatsView {
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function loggerStatsOf(verdict: Verdict, deviceId: string): LoggerStatsView | undefined {
  const loggers = verdict.stats.loggers as Record<string, Record<string, unknown>> | undefined;
  const s = loggers?.[deviceId];
  if (!s) return undefined;
  return { minC: num(s.minC) ?? null, maxC: num(s.maxC) ?? null, meanC: num(s.meanC) ?? null };
}

/** Each logger: its window's statistics, then one element per temperature finding (ALARM_CONDITION). */
function sensorElements(input: EpcisInput, verdict: Verdict, ids: ReturnType<typeof epcisIds>): EpcisEvent[] {
  const out: EpcisEvent[] = [];
  for (const deviceId of [...new Set(input.shipment.deviceIds)]) {
    const metadata = {
      deviceID: ids.device(deviceId),
      startTime: verdict.window.from,
      endTime: verdict.window.to,
      dataProcessingMethod: ids.method,
      rawData: ids.rawData,
    };
    const stats = loggerStatsOf(verdict, deviceId);
    const report: Record<string, unknown> = { type: 'gs1:Temperature', uom: 'CEL' };
    if (stats?.minC !== null && stats?.minC !== undefined) report.minValue = stats.minC;
    if (stats?.maxC !== null && stats?.maxC !== undefined) report.maxValue = stats.maxC;
    if (stats?.meanC !== null && stats?.meanC !== undefined) report.meanValue = stats.meanC;
    // no reading is never a figure: a logger without data gets its metadata and an empty report
    out.push({ sensorMetadata: metadata, sensorReport: [report] });
    for (const f of excursionsOf(verdict.findings, deviceId)) {
      const alarm: Record<string, unknown> = {
        type: 'gs1:Temperature',
        exception: 'ALARM_CONDITION',
        uom: 'CEL',
        time: f.from,
      };
      const minC = num(f.details?.minC);
      const maxC = num(f.details?.maxC);
      const peakC = num(f.details?.peakC);
      if (minC !== undefined) alarm.minValue = minC;
      if (maxC !== undefined) alarm.maxValue = maxC;
      if (minC === undefined && maxC === undefined && peakC !== undefined) alarm.value = peakC;
      out.push({
        sensorMetadata: { ...metadata, startTime: f.from, endTime: f.to ?? verdict.window.to },
        sensorReport: [alarm],
      });
    }
  }
  return out;
}

/** 7.7, 8.1.5: the temperature findings of one logger that have a time (every excursion has). */
export function excursionsOf(findings: readonly Finding[], deviceId: string): (Finding & { from: string })[] {
  return findings.filter(
    (f): f is Finding & { from: string } =>
      f.code === 'TEMP_OUT_OF_RANGE' && f.deviceId === deviceId && f.from !== undefined,
  );
}

function baseEvent(name: string, atIso: string, input: EpcisInput, ids: ReturnType<typeof epcisIds>) {
  return {
    type: 'ObjectEvent',
    eventID: ids.event(name),
    eventTime: atIso,
    eventTimeZoneOffset: eventTimeZoneOffset(Date.parse(atIso), input.timeZone),
    action: 'OBSERVE',
    quantityList: [{ epcClass: ids.batchClass, quantity: input.shipment.product.quantity }],
  };
}

/**
 * The place for the deviation case's disposition (8.1.6): released / damaged / destroyed / returned
 * as a CBV business step and disposition at the destination site.
 */
export function caseDispositionEvent(
  input: EpcisInput,
  ids: ReturnType<typeof epcisIds>,
  decided: CaseDisposition,
): EpcisEvent {
  const cbv = CASE_DISPOSITION_CBV[decided.decision];
  return {
    ...baseEvent('case-disposition', decided.at, input, ids),
    bizStep: cbv.bizStep,
    disposition: cbv.disposition,
    readPoint: { id: ids.destination },
    bizLocation: { id: ids.destination },
    'coldtrace:caseDecision': decided.decision,
  };
}

export function epcisDocument(input: EpcisInput): EpcisDocument {
  const ids = epcisIds(input.baseUrl, input.shipment);
  const events: EpcisEvent[] = [];
  const placeLists = {
    sourceList: [{ type: 'location', source: ids.origin }],
    destinationList: [{ type: 'location', destination: ids.destination }],
  };
  if (input.dispatchedAt) {
    events.push({
      ...baseEvent('shipping', input.dispatchedAt, input, ids),
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: { id: ids.origin },
      ...placeLists,
      'coldtrace:shipmentId': input.shipment.id,
    });
  }
  if (input.receivedAt && input.verdict) {
    const verdict = input.verdict;
    events.push({
      ...baseEvent('receiving', input.receivedAt, input, ids),
      bizStep: 'receiving',
      // 8.1.6: a deviation quarantines the product until the case decides
      disposition: verdict.status === 'pass' ? 'conformant' : 'non_conformant',
      readPoint: { id: ids.destination },
      bizLocation: { id: ids.destination },
      ...placeLists,
      sensorElementList: sensorElements(input, verdict, ids),
      'coldtrace:shipmentId': input.shipment.id,
      'coldtrace:verdict': verdict.status,
    });
  }
  if (input.caseDisposition) events.push(caseDispositionEvent(input, ids, input.caseDisposition));
  return {
    '@context': [EPCIS_CONTEXT, { coldtrace: ids.namespace }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date(input.nowMs).toISOString(),
    epcisBody: { eventList: events },
  };
}
