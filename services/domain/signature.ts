import { createHash } from 'node:crypto';

/**
 * Electronic signatures (21 CFR 11.50, 11.70). A signature names its signer's printed name, the
 * UTC time and the meaning of the act, and is bound to the sha256 of the exact content signed
 * (canonical JSON: keys sorted, no spaces) and to the record it was made on, so that copied to
 * another record or over changed content it no longer verifies.
 */
export const SIGNATURE_MEANINGS = [
  'received',
  'verified',
  'reviewed',
  'approved',
  'released',
  'rejected',
  'acknowledged',
  // issue 16: the person did this step of the product's journey (stored, moved, thawed, infused ...)
  'performed',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

export interface Signature {
  id: string;
  recordType: string;
  recordId: string;
  meaning: SignatureMeaning;
  signerId: string;
  signerLogin: string;
  printedName: string;
  /** UTC, ISO 8601 */
  signedAt: string;
  contentSha256: string;
  bindingSha256: string;
}

/** JSON with object keys sorted at every depth; undefined members left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const contentSha256 = (content: unknown): string =>
  createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');

/** The hash that ties the signer, time and meaning to the record and its content (11.70). */
export function bindingSha256(s: Omit<Signature, 'id' | 'bindingSha256'>): string {
  return contentSha256([
    'coldtrace-signature-v1',
    s.recordType,
    s.recordId,
    s.meaning,
    s.signerId,
    s.signerLogin,
    s.printedName,
    s.signedAt,
    s.contentSha256,
  ]);
}

export type SignatureCheck =
  | { valid: true }
  | { valid: false; problem: 'other_record' | 'content_changed' | 'binding_broken' };

/** Does this signature hold for this record and this content? */
export function verifySignature(
  sig: Signature,
  recordType: string,
  recordId: string,
  content: unknown,
): SignatureCheck {
  if (sig.recordType !== recordType || sig.recordId !== recordId)
    return { valid: false, problem: 'other_record' };
  if (sig.contentSha256 !== contentSha256(content)) return { valid: false, problem: 'content_changed' };
  if (sig.bindingSha256 !== bindingSha256(sig)) return { valid: false, problem: 'binding_broken' };
  return { valid: true };
}
