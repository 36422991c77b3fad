import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Receipt, Verdict } from '../../domain/contract.js';
import { type Belonging, inScope } from '../../domain/scope.js';
import {
  SIGNATURE_MEANINGS,
  type Signature,
  type SignatureMeaning,
  verifySignature,
} from '../../domain/signature.js';
import { PeopleErrors } from '../../store/people/errors.js';
import type { Role } from '../../store/sql/api-keys-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import type { SqlQueryable } from '../../store/sql/sql-db.js';
import type { UserInfo } from '../../store/sql/users-repo.js';
import { loginSchema, passwordSchema } from './schemas.js';

/**
 * Electronic signatures at the moment of the act (21 CFR 11.200(a)): each signer gives both
 * components, login name and password, in the form they sign; the password is checked under the
 * same lockout as a sign-in. Reusable by every signed act: signersOf() checks the people, then
 * addSignatures() writes them in the transaction that records the signed content (11.70).
 */
export const signerSchema = z.strictObject({
  login: loginSchema,
  password: passwordSchema,
  meaning: z.enum([
    'received',
    'verified',
    'reviewed',
    'approved',
    'released',
    'rejected',
    'acknowledged',
    'performed',
  ]),
});
export type SignerInput = z.infer<typeof signerSchema>;

export interface Signer {
  user: UserInfo;
  meaning: SignatureMeaning;
}

/**
 * Checks every signer's login name and password (lockout applies), that no account signs twice
 * (a second verifier is another person by construction), that each holds one of `roles` and that
 * the record lies in their scope.
 */
export async function signersOf(
  records: Pick<RecordsStore, 'users'>,
  req: FastifyRequest,
  inputs: SignerInput[],
  opts: { roles: readonly Role[]; belonging: Belonging; nowMs: number },
): Promise<Signer[]> {
  const signers: Signer[] = [];
  for (const input of inputs) {
    const check = await records.users.verifyCredentials(input.login, input.password, req.ip, opts.nowMs);
    if (!check.ok) {
      if (check.retryAfterMs !== undefined)
        throw new PeopleErrors.signInLocked(Math.ceil(check.retryAfterMs / 1000));
      throw new PeopleErrors.signerInvalid(
        `login name or password of the '${input.meaning}' signer is not right`,
      );
    }
    const { user } = check;
    if (signers.some((s) => s.user.id === user.id)) {
      throw new PeopleErrors.signerInvalid(
        'one person may not sign twice: the second verifier signs with their own account',
      );
    }
    if (!user.roles.some((r) => opts.roles.includes(r)) || !inScope(user.scope, opts.belonging)) {
      throw new PeopleErrors.signerInvalid(`the '${input.meaning}' signer may not sign this record`);
    }
    if (user.mustChangePassword) throw new PeopleErrors.passwordChangeRequired();
    signers.push({ user, meaning: input.meaning });
  }
  return signers;
}

/** Writes the signatures of `signers` on the content inside the caller's transaction. */
export async function addSignatures(
  records: Pick<RecordsStore, 'signatures'>,
  tx: SqlQueryable,
  target: { recordType: string; recordId: string; content: unknown },
  signers: Signer[],
  nowMs: number,
): Promise<Signature[]> {
  const out: Signature[] = [];
  // one after the other: each signature's audit row chains onto the one before
  for (const s of signers) {
    out.push(
      await records.signatures.add(tx, { ...target, meaning: s.meaning, signer: s.user, signedAtMs: nowMs }),
    );
  }
  return out;
}

/** The exact content a receipt's signatures are bound to: what was recorded and what it concluded. */
export function receiptSignedContent(
  shipmentId: string,
  r: {
    receipt: Receipt & { receivedAt: string };
    verdict: Verdict;
    readingsDigest: string;
    readingsCount: number;
  },
) {
  return {
    record: 'receipt',
    shipmentId,
    receivedAt: r.receipt.receivedAt,
    receiverName: r.receipt.receiverName,
    verifierName: r.receipt.verifierName,
    checks: r.receipt.checks,
    notes: r.receipt.notes,
    verdictStatus: r.verdict.status,
    findingCodes: r.verdict.findings.map((f) => f.code),
    readingsDigest: r.readingsDigest,
    readingsCount: r.readingsCount,
  };
}

/** A signature as the API shows it, with whether it still holds for the record's content. */
export const signatureView = (sig: Signature, recordType: string, recordId: string, content: unknown) => ({
  id: sig.id,
  meaning: sig.meaning,
  printedName: sig.printedName,
  login: sig.signerLogin,
  signedAt: sig.signedAt,
  contentSha256: sig.contentSha256,
  valid: verifySignature(sig, recordType, recordId, content).valid,
});

export type SignatureView = ReturnType<typeof signatureView>;

/**
 * A receipt's signatures, each checked against the receipt as stored now: what every
 * human-readable form of the receipt shows (11.50(b)). Empty when there is no receipt yet.
 */
export async function receiptSignatureViews(
  records: Pick<RecordsStore, 'shipments' | 'signatures'>,
  shipmentId: string,
): Promise<SignatureView[]> {
  const receipt = await records.shipments.receiptOf(shipmentId);
  if (!receipt) return [];
  const content = receiptSignedContent(shipmentId, receipt);
  const sigs = await records.signatures.listFor('receipt', shipmentId);
  // signed in one act (one instant): the receiver first, then the verifier, on every form
  const rank = (s: Signature) => SIGNATURE_MEANINGS.indexOf(s.meaning);
  const ordered = [...sigs].sort((a, b) => a.signedAt.localeCompare(b.signedAt) || rank(a) - rank(b));
  return ordered.map((s) => signatureView(s, 'receipt', shipmentId, content));
}

export const signatureViewSchema = z.object({
  id: z.string(),
  meaning: z.string(),
  printedName: z.string(),
  login: z.string(),
  signedAt: z.string().describe('UTC'),
  contentSha256: z.string(),
  valid: z.boolean().describe('the signature still verifies against the record and its content (11.70)'),
});
