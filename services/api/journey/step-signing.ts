import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Belonging } from '../../domain/scope.js';
import { PeopleErrors } from '../../store/people/errors.js';
import type { Role } from '../../store/sql/api-keys-repo.js';
import type { SignStep } from '../../store/sql/products-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import { actorOf } from '../auth.js';
import { loginSchema, passwordSchema } from '../people/schemas.js';
import { addSignatures, signersOf } from '../people/signing.js';

/** A person signs a step of the journey with login name and password (11.200(a)); meaning "performed". */
export const stepSignatureSchema = z
  .strictObject({ login: loginSchema, password: passwordSchema })
  .describe(
    'issue 16 (21 CFR 11.50, 11.200): the person who did the step signs it with their own login name and password; required when signed in with a session',
  );
export type StepSignature = z.infer<typeof stepSignatureSchema>;

/**
 * The signer of a step, checked now (password, lockout, role, scope), as a callback the products
 * repository runs inside the step's transaction. A person at a page signs their own steps; an API
 * key (a machine) may record a step unsigned.
 */
export async function stepSigner(
  records: RecordsStore,
  req: FastifyRequest,
  signature: StepSignature | undefined,
  opts: { roles: readonly Role[]; belonging: Belonging; nowMs: number },
): Promise<SignStep | undefined> {
  const actor = actorOf(req);
  if (!signature) {
    if (actor.user)
      throw new PeopleErrors.signerInvalid('the signed-in person signs the step with their password');
    return undefined;
  }
  if (actor.user && signature.login.toLowerCase() !== actor.user.login) {
    throw new PeopleErrors.signerInvalid('the signed-in person signs their own step');
  }
  const signers = await signersOf(records, req, [{ ...signature, meaning: 'performed' }], opts);
  return async (tx, recordId, content) => {
    await addSignatures(records, tx, { recordType: 'product_event', recordId, content }, signers, opts.nowMs);
  };
}
