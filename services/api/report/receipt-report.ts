import type { Reading } from '../../domain/contract.js';
import type { Locale } from '../../domain/messages/catalog.js';
import type { Signature } from '../../domain/signature.js';
import type { StoredProfile } from '../../store/sql/profiles-repo.js';
import type { ReceiptToStore, StoredShipment } from '../../store/sql/shipments-repo.js';
import { reportDocument } from './report-document.js';
import { renderReportPdf } from './report-pdf.js';

export interface ReceiptReportInput {
  locale: Locale;
  timeZone: string;
  nowMs: number;
  /** the shipment as the receipt left it (quarantined, received) */
  shipment: StoredShipment;
  profile: StoredProfile;
  stored: ReceiptToStore;
  recordedBy: string;
  /** the signatures just made in the receipt's transaction: valid by construction */
  signatures: readonly Signature[];
  readings: readonly Reading[];
}

/**
 * 8.1.6: the printable report of a receipt being recorded, as PDF in base64 for the mail to the
 * manufacturer's QA. Built from what the receipt's transaction holds (the receipt is not committed
 * yet, so it cannot be read back), the same document GET /shipments/:id/report?format=pdf gives.
 */
export async function receiptReportPdfBase64(r: ReceiptReportInput): Promise<string> {
  const doc = reportDocument({
    locale: r.locale,
    timeZone: r.timeZone,
    generatedAtMs: r.nowMs,
    shipment: r.shipment,
    profile: r.profile,
    verdict: r.stored.verdict,
    receipt: {
      shipmentId: r.shipment.shipment.id,
      ...r.stored,
      recordedBy: r.recordedBy,
      createdAt: new Date(r.nowMs).toISOString(),
    },
    signatures: r.signatures.map((s) => ({
      printedName: s.printedName,
      meaning: s.meaning,
      signedAt: s.signedAt,
      contentSha256: s.contentSha256,
      valid: true,
    })),
    readings: r.readings,
  });
  return (await renderReportPdf(doc)).toString('base64');
}
