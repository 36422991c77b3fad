import type { Finding, Shipment } from '../../domain/contract.js';
import { findingMessage } from '../../domain/finding.js';
import type { Locale } from '../../domain/messages/catalog.js';
import { shipmentBelonging } from '../../domain/scope.js';
import type { AlertRecord } from '../../store/sql/alerts-repo.js';
import type { CaseOpening } from '../../store/sql/deviation-cases-repo.js';
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
