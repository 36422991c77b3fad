import { randomBytes } from 'node:crypto';
import {
  bindingSha256,
  contentSha256,
  type Signature,
  type SignatureMeaning,
} from '../../domain/signature.js';
import { appendAudit } from '../audit/audit-trail.js';
import { type SqlDb, type SqlQueryable, toIso } from './sql-db.js';
import type { UserInfo } from './users-repo.js';

interface SignatureRow {
  id: string;
  record_type: string;
  record_id: string;
  meaning: SignatureMeaning;
  signer_id: string;
  signer_login: string;
  printed_name: string;
  signed_at: Date;
  content_sha256: string;
  binding_sha256: string;
}

const toSignature = (r: SignatureRow): Signature => ({
  id: r.id,
  recordType: r.record_type,
  recordId: r.record_id,
  meaning: r.meaning,
  signerId: r.signer_id,
  signerLogin: r.signer_login,
  printedName: r.printed_name,
  signedAt: toIso(r.signed_at),
  contentSha256: r.content_sha256,
  bindingSha256: r.binding_sha256,
});

export interface SignatureToStore {
  recordType: string;
  recordId: string;
  /** the exact content signed: its canonical sha256 is what the signature is bound to */
  content: unknown;
  meaning: SignatureMeaning;
  /** an account whose password was checked at this signing (11.200(a)) */
  signer: UserInfo;
  signedAtMs: number;
}

/** Electronic signatures (11.50, 11.70): append-only rows, each also written to the audit chain. */
export class SignaturesRepo {
  constructor(private readonly db: SqlDb) {}

  /** Stores one signature inside the caller's transaction (the one that makes the signed record). */
  async add(tx: SqlQueryable, s: SignatureToStore): Promise<Signature> {
    const unbound = {
      recordType: s.recordType,
      recordId: s.recordId,
      meaning: s.meaning,
      signerId: s.signer.id,
      signerLogin: s.signer.login,
      printedName: s.signer.printedName,
      // whole milliseconds survive timestamptz: the stored time gives back the same binding
      signedAt: new Date(s.signedAtMs).toISOString(),
      contentSha256: contentSha256(s.content),
    };
    const sig: Signature = {
      id: `sig_${randomBytes(8).toString('hex')}`,
      ...unbound,
      bindingSha256: bindingSha256(unbound),
    };
    await tx.query(
      `INSERT INTO signatures (id, record_type, record_id, meaning, signer_id, signer_login, printed_name,
         signed_at, content_sha256, binding_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        sig.id,
        sig.recordType,
        sig.recordId,
        sig.meaning,
        sig.signerId,
        sig.signerLogin,
        sig.printedName,
        sig.signedAt,
        sig.contentSha256,
        sig.bindingSha256,
      ],
    );
    await appendAudit(tx, {
      actor: { id: s.signer.id, name: s.signer.printedName },
      action: 'sign',
      entity: s.recordType,
      entityId: s.recordId,
      atMs: s.signedAtMs,
      newValue: {
        signatureId: sig.id,
        meaning: sig.meaning,
        printedName: sig.printedName,
        signedAt: sig.signedAt,
        contentSha256: sig.contentSha256,
        bindingSha256: sig.bindingSha256,
      },
    });
    return sig;
  }

  async listFor(recordType: string, recordId: string): Promise<Signature[]> {
    const rows = await this.db.query<SignatureRow>(
      'SELECT * FROM signatures WHERE record_type = $1 AND record_id = $2 ORDER BY signed_at, id',
      [recordType, recordId],
    );
    return rows.map(toSignature);
  }
}
