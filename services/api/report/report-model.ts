import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../domain/messages/catalog.js';
import { receiptSignatureViews } from '../people/signing.js';
import { compareWithReceipt } from '../verdict/record-check.js';
import type { ReportModel } from './report-document.js';

/** Everything the report shows for one shipment: the final verdict once received, else the current one. */
export async function loadReportModel(
  app: FastifyInstance,
  shipmentId: string,
  locale: Locale,
): Promise<ReportModel> {
  const { records, config } = app.deps;
  const nowMs = app.deps.now();
  const shipment = await records.shipments.get(shipmentId);
  const [profile, receipt, verdict, { record }, signatures] = await Promise.all([
    records.profiles.get(shipment.shipment.profileId, shipment.profileVersion),
    records.shipments.receiptOf(shipmentId),
    app.verdicts.current(shipmentId, locale),
    app.verdicts.recordOf(shipment, nowMs),
    receiptSignatureViews(records, shipmentId),
  ]);
  return {
    locale,
    timeZone: config.site.timeZone,
    generatedAtMs: nowMs,
    shipment,
    profile,
    verdict,
    receipt,
    signatures,
    readings: record.readings,
    // Annex 11 §8.2: the chart is the record now; say so when it is not what the receipt signed for
    ...(receipt && { recordCheck: compareWithReceipt(receipt, record, nowMs, locale) }),
  };
}
