import type { Finding, Shipment } from '../../domain/contract.js';
import { findingMessage } from '../../domain/finding.js';
import type { Locale } from '../../domain/messages/catalog.js';
import { shipmentBelonging } from '../../domain/scope.js';
import type { AlertRecord } from '../../store/sql/alerts-repo.js';
import type { CaseOpening } from '../../store/sql/deviation-cases-repo.js';
import type { ProductEvent, ProductRecord } from '../../store/sql/products-repo.js';
import type { ReceiptToStore } from '../../store/sql/shipments-repo.js';

/** What a deviating receipt opens its case on (8.1.5): the findings and the digest of the record judged. */
export function caseOpeningOfReceipt(s: Shipment, r: ReceiptToStore): CaseOpening {
  const belonging = shipmentBelonging(s);
  return {
    subjectKind: 'shipment',
    subjectId: s.id,
    source: 'receipt',
    sourceRef: s.id,
    organisation: belonging.organisation ?? s.manufacturer.name,
    site: belonging.site,
    product: { name: s.product.name, batch: s.product.batch, quantity: s.product.quantity },
    manufacturer: {
      name: s.manufacturer.name,
      qaEmail: s.manufacturer.qaEmail,
      ...(s.manufacturer.locale && { locale: s.manufacturer.locale }),
    },
    findings: r.verdict.findings,
    readingsDigest: r.readingsDigest,
    readingsCount: r.readingsCount,
  };
}

/**
 * What a critical live alert opens its case on while the shipment is still in transit (8.1.5: the
 * anomaly is reported at once): the alert's finding. The receipt later finds this case open.
 */
export function caseOpeningOfAlert(
  s: Shipment,
  a: AlertRecord,
  locale: Locale,
  timeZone: string,
): CaseOpening {
  const finding: Finding = {
    code: a.findingCode,
    clause: a.clause,
    severity: a.severity,
    message: '',
    ...(a.deviceId && { deviceId: a.deviceId }),
    from: new Date(a.happenedAtMs).toISOString(),
    ...(a.endedAtMs !== undefined && { to: new Date(a.endedAtMs).toISOString() }),
    details: a.details,
  } as Finding;
  const belonging = shipmentBelonging(s);
  return {
    subjectKind: 'shipment',
    subjectId: s.id,
    source: 'alert',
    sourceRef: String(a.id),
    organisation: belonging.organisation ?? s.manufacturer.name,
    site: belonging.site,
    product: { name: s.product.name, batch: s.product.batch, quantity: s.product.quantity },
    manufacturer: {
      name: s.manufacturer.name,
      qaEmail: s.manufacturer.qaEmail,
      ...(s.manufacturer.locale && { locale: s.manufacturer.locale }),
    },
    findings: [{ ...finding, message: findingMessage(locale, finding, timeZone) }],
  };
}

/**
 * What a step of the product's journey committed as a deviation opens its case on (7.8: an infusion
 * after the time limit under record_deviation; 8.2.4: a thaw judged failed): the stored product,
 * with the manufacturer of the shipment it came in. A product stored by its label alone has no
 * manufacturer to ask, and opens no case (the deviation stays on its timeline).
 */
export function caseOpeningOfProductEvent(
  s: Shipment,
  p: ProductRecord,
  e: ProductEvent,
  locale: Locale,
  timeZone: string,
): CaseOpening | undefined {
  const findings: Finding[] = [];
  const why = Array.isArray(e.details.why) ? e.details.why : [];
  if (e.kind === 'infused' && why.includes('use_time_exceeded')) {
    findings.push({
      code: 'PRODUCT_EXPIRED',
      clause: '7.8',
      severity: 'critical',
      message: '',
      from: e.at,
      details: { kind: 'infused_late' },
    });
  }
  if (
    (e.kind === 'thaw_finished' && e.details.thawStatus === 'fail') ||
    (e.kind === 'infused' && why.includes('thaw_failed'))
  ) {
    const problems = Array.isArray(e.details.thawFindings) ? e.details.thawFindings.map(String) : [];
    findings.push({
      code: 'TEMP_OUT_OF_RANGE',
      clause: '8.2.4',
      severity: 'critical',
      message: '',
      ...(p.thawDeviceId && { deviceId: p.thawDeviceId }),
      from: e.at,
      details: { kind: 'thaw_failed', thawFindings: problems },
    });
  }
  if (findings.length === 0) return undefined;
  const belonging = shipmentBelonging(s);
  return {
    subjectKind: 'stored_product',
    subjectId: p.id,
    shipmentId: s.id,
    source: 'journey',
    sourceRef: e.id,
    organisation: belonging.organisation ?? s.manufacturer.name,
    site: p.site,
    product: {
      name: p.product.name,
      batch: p.product.batch ?? s.product.batch,
      quantity: 'quantity' in p.product && p.product.quantity ? p.product.quantity : s.product.quantity,
    },
    manufacturer: {
      name: s.manufacturer.name,
      qaEmail: s.manufacturer.qaEmail,
      ...(s.manufacturer.locale && { locale: s.manufacturer.locale }),
    },
    findings: findings.map((f) => ({ ...f, message: findingMessage(locale, f, timeZone) })),
  };
}
