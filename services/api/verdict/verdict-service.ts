import type { Receipt, Verdict } from '../../domain/contract.js';
import { evaluateShipment } from '../../domain/evaluate-shipment.js';
import type { ShipmentEvaluationInput } from '../../domain/evaluation-input.js';
import { findingMessage } from '../../domain/finding.js';
import { hasMessage, type Locale, t } from '../../domain/messages/catalog.js';
import { recordReadWindow } from '../../domain/record-window.js';
import { checkRules, findingRules } from '../../domain/rule-book.js';
import type { Signature } from '../../domain/signature.js';
import { queueReceiptDeviationMail } from '../../notify/index.js';
import type { Actor } from '../../store/audit/audit-trail.js';
import { influxFingerprinter } from '../../store/readings/record-fingerprint.js';
import { openDeviationCase } from '../../store/sql/deviation-cases-repo.js';
import { StoreErrors } from '../../store/sql/errors.js';
import type { ReceiptToStore, StoredReceipt, StoredShipment } from '../../store/sql/shipments-repo.js';
import type { SqlQueryable } from '../../store/sql/sql-db.js';
import { caseOpeningOfReceipt } from '../cases/case-opening.js';
import type { ApiDeps } from '../deps.js';
import { ApiErrors } from '../errors.js';
import { readingsCsv } from '../exports/readings-csv.js';
import { receiptReportPdfBase64 } from '../report/receipt-report.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';
import { DeviceRecordCache } from './record-cache.js';
import { compareWithReceipt, type RecordCheck } from './record-check.js';
import {
  digestEvents,
  digestReadings,
  freshLoader,
  loadShipmentRecord,
  type RecordLoader,
  type ShipmentRecord,
} from './shipment-record.js';

const MINUTE_MS = 60_000;

/** A name as a person means it: Unicode-normalised (full-width letters too), case and spacing ignored. */
export const personKey = (name: string): string =>
  name.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/gu, ' ').trim();

/** 10.6: the second verifier is someone other than the receiver, however the names were typed. */
export const samePerson = (a: string, b: string): boolean => personKey(a) === personKey(b);

export interface ReceiptResult {
  shipment: StoredShipment;
  receipt: StoredReceipt;
}

/**
 * Verdicts from the stored record (never from live state): provisional while in transit, final
 * once the receipt is recorded (8.1.7). The same domain evaluation as the live rules worker.
 */
export class VerdictService {
  private readonly fresh: RecordLoader;
  /** provisional verdicts: the record re-read only when InfluxDB says it changed */
  private readonly cached: RecordLoader;

  constructor(private readonly deps: ApiDeps & { now: () => number }) {
    this.fresh = freshLoader(deps.readings);
    const influxUrl = deps.influxUrl ?? deps.config.influxUrl;
    if (influxUrl) {
      const cache = new DeviceRecordCache(
        deps.readings,
        influxFingerprinter(influxUrl, deps.config.influxToken),
      );
      this.cached = (ids, fromMs, toMs) => cache.loadMany(ids, fromMs, toMs);
    } else {
      this.cached = this.fresh;
    }
  }

  /** The final verdict once received; otherwise the provisional one computed now. */
  async current(shipmentId: string, locale: Locale): Promise<Verdict> {
    const { shipments } = this.deps.records;
    const stored = await shipments.get(shipmentId);
    if (stored.receivedAt) {
      const receipt = await shipments.receiptOf(shipmentId);
      if (receipt) return this.inLocale(receipt.verdict, locale);
    }
    const nowMs = this.deps.now();
    const { input } = await this.inputFor(stored, undefined, nowMs, this.cached);
    return this.evaluate(input, nowMs, locale);
  }

  /**
   * The verdict as GET /verdict answers it: once received, the stored final verdict (never
   * rewritten) with the record as it is now compared to the digest the receipt signed for.
   */
  async checked(shipmentId: string, locale: Locale): Promise<Verdict & { recordCheck?: RecordCheck }> {
    const { shipments } = this.deps.records;
    const stored = await shipments.get(shipmentId);
    const receipt = stored.receivedAt ? await shipments.receiptOf(shipmentId) : undefined;
    if (!receipt) return this.current(shipmentId, locale);
    return {
      ...this.inLocale(receipt.verdict, locale),
      recordCheck: await this.recordCheck(stored, receipt, locale),
    };
  }

  /** Annex 11 §8.2: the received shipment's record read afresh and compared with its receipt's digest. */
  async recordCheck(stored: StoredShipment, receipt: StoredReceipt, locale: Locale): Promise<RecordCheck> {
    const nowMs = this.deps.now();
    let record: ShipmentRecord | undefined;
    try {
      record = (await this.recordOf(stored, nowMs)).record;
    } catch (err) {
      // InfluxDB away: the door still sees the final verdict, marked as not compared
      if ((err as { code?: string }).code !== 'CT_READINGS_UNAVAILABLE') throw err;
    }
    return compareWithReceipt(receipt, record, nowMs, locale);
  }

  /** 8.1.7: records the receipt with the final verdict; 8.1.6: a deviation queues the mail to QA. */
  async receive(
    shipmentId: string,
    body: Receipt,
    actor: Actor,
    locale: Locale,
    /** runs in the receipt's transaction before the mail is queued (issue 14: the signatures) */
    onRecorded?: (tx: SqlQueryable, stored: ReceiptToStore) => Promise<Signature[] | undefined>,
  ): Promise<ReceiptResult> {
    const { records, config } = this.deps;
    const nowMs = this.deps.now();
    const stored = await records.shipments.get(shipmentId);
    // pre-checks for clear errors; recordReceipt re-checks under the row lock
    if (stored.status === 'created') throw new StoreErrors.notDispatched(shipmentId);
    refuseTimesOutOfBounds(
      [{ field: 'receipt.receivedAt', in: 'body', path: 'receivedAt', iso: body.receivedAt }],
      nowMs,
    );
    const receivedAtMs = body.receivedAt ? Date.parse(body.receivedAt) : nowMs;
    const dispatchedAtMs = Date.parse(stored.dispatchedAt ?? '');
    if (receivedAtMs > nowMs + MINUTE_MS || receivedAtMs < dispatchedAtMs)
      throw new ApiErrors.receiptTimeInvalid();
    if (body.verifierName && samePerson(body.verifierName, body.receiverName)) {
      throw new ApiErrors.secondVerifierSame();
    }
    const receipt = { ...body, receivedAt: new Date(receivedAtMs).toISOString() };
    // the final verdict and its digest: always a fresh read of the stored record
    const { input, record } = await this.inputFor(stored, receipt, nowMs, this.fresh);
    const verdict = this.evaluate(input, nowMs, locale);
    const toStore: ReceiptToStore = {
      receipt,
      verdict,
      readingsDigest: digestReadings(record.readings),
      readingsCount: record.readings.length,
      eventsDigest: digestEvents(record.events),
      eventsCount: record.events.length,
    };
    const profile = await records.profiles.get(stored.shipment.profileId, stored.profileVersion);
    const result = await records.shipments.recordReceipt(shipmentId, toStore, actor, async (tx, shipment) => {
      const signatures = await onRecorded?.(tx, toStore);
      if (verdict.status !== 'deviation') return;
      // 8.1.5, 8.1.6: the deviation opens the case the clinic assesses and the manufacturer answers
      const { deviationCase } = await openDeviationCase(
        tx,
        caseOpeningOfReceipt(shipment.shipment, toStore),
        actor,
        nowMs,
      );
      const mailLocale = shipment.shipment.manufacturer.locale ?? config.site.locale;
      const reportPdfBase64 = await receiptReportPdfBase64({
        locale: mailLocale,
        timeZone: config.site.timeZone,
        nowMs,
        shipment,
        profile,
        stored: toStore,
        recordedBy: actor.id,
        signatures: signatures ?? [],
        readings: record.readings,
      }).catch((err: unknown) => {
        // the CSV still goes; a report that cannot be drawn must not stop the receipt or the mail
        this.deps.logger.error({ err, shipmentId }, 'receipt report PDF failed');
        return undefined;
      });
      await queueReceiptDeviationMail(
        tx,
        {
          shipment: shipment.shipment,
          verdict,
          csv: readingsCsv(record.readings, config.site.timeZone, {
            signatures: signatures ?? [],
            locale: mailLocale,
          }),
          reportPdfBase64,
          receipt,
          signatures,
          deviationCase: { id: deviationCase.id, dueAt: deviationCase.dueAt },
        },
        { timeZone: config.site.timeZone, locale: config.site.locale, publicUrl: config.http.publicUrl },
      );
    });
    if (verdict.status === 'deviation' && this.deps.onReceiptDeviation) {
      try {
        await this.deps.onReceiptDeviation(result.shipment, verdict);
      } catch (err) {
        // the receipt and the queued mail are committed; a failing hook must not undo them
        this.deps.logger.error({ err, shipmentId }, 'onReceiptDeviation hook failed');
      }
    }
    return result;
  }

  /** The record of a shipment's loggers over its window (dispatch to receipt, or now). */
  async recordOf(
    stored: StoredShipment,
    nowMs: number,
  ): Promise<{ record: ShipmentRecord; fromMs: number; toMs: number }> {
    const profile = await this.deps.records.profiles.get(stored.shipment.profileId, stored.profileVersion);
    const toMs = stored.receivedAt ? Date.parse(stored.receivedAt) : nowMs;
    const fromMs = stored.dispatchedAt ? Date.parse(stored.dispatchedAt) : toMs;
    const window = recordReadWindow(profile.profile.maxGapMinutes * MINUTE_MS, fromMs, toMs);
    return {
      record: await this.load(this.fresh, stored.shipment.deviceIds, window.fromMs, window.toMs),
      fromMs,
      toMs,
    };
  }

  private async inputFor(
    stored: StoredShipment,
    receipt: (Receipt & { receivedAt: string }) | undefined,
    nowMs: number,
    loader: RecordLoader,
  ): Promise<{ input: ShipmentEvaluationInput; record: ShipmentRecord }> {
    const { records } = this.deps;
    const [profile, devices] = await Promise.all([
      records.profiles.get(stored.shipment.profileId, stored.profileVersion),
      records.devices.many(stored.shipment.deviceIds),
    ]);
    const dispatchedAtMs = stored.dispatchedAt ? Date.parse(stored.dispatchedAt) : undefined;
    const receivedAtMs = receipt ? Date.parse(receipt.receivedAt) : undefined;
    let record: ShipmentRecord = { readings: [], events: [] };
    if (dispatchedAtMs !== undefined) {
      const window = recordReadWindow(
        profile.profile.maxGapMinutes * MINUTE_MS,
        dispatchedAtMs,
        receivedAtMs ?? nowMs,
      );
      record = await this.load(loader, stored.shipment.deviceIds, window.fromMs, window.toMs);
    }
    return {
      record,
      input: {
        shipment: stored.shipment,
        profile: profile.profile,
        devices,
        dispatchedAtMs,
        receivedAtMs,
        receiptChecks: receipt?.checks,
        readings: record.readings,
        events: record.events,
      },
    };
  }

  private async load(
    loader: RecordLoader,
    deviceIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<ShipmentRecord> {
    try {
      return await loadShipmentRecord(loader, deviceIds, fromMs, toMs);
    } catch (err) {
      this.deps.logger.error({ err }, 'reading the temperature record failed');
      throw new ApiErrors.readingsUnavailable();
    }
  }

  /**
   * The stored final verdict with its texts in the reader's language (codes and figures unchanged);
   * a verdict stored before findings and checks named their rules gets them from the rule book.
   */
  private inLocale(verdict: Verdict, locale: Locale): Verdict {
    const timeZone = this.deps.config.site.timeZone;
    return {
      ...verdict,
      findings: verdict.findings.map((f) => ({
        ...f,
        message: findingMessage(locale, f, timeZone),
        rules: f.rules ?? findingRules(f.code, f.details?.kind),
      })),
      checks: verdict.checks.map((c) => ({
        ...c,
        ...(hasMessage(`check.${c.id}`) && { label: t(locale, `check.${c.id}`) }),
        rules: c.rules ?? checkRules(c.id),
      })),
    };
  }

  private evaluate(input: ShipmentEvaluationInput, nowMs: number, locale: Locale): Verdict {
    return evaluateShipment(input, nowMs, { locale, timeZone: this.deps.config.site.timeZone });
  }
}
