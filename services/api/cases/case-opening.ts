import type { Shipment } from '../../domain/contract.js';
import { shipmentBelonging } from '../../domain/scope.js';
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
