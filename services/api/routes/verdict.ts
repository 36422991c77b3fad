import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiptSchema, verdictSchema } from '../../domain/contract.js';
import { shipmentBelonging } from '../../domain/scope.js';
import { PeopleErrors } from '../../store/people/errors.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { requestLocale } from '../locale.js';
import {
  addSignatures,
  receiptSignatureViews,
  receiptSignedContent,
  signatureView,
  signatureViewSchema,
  signerSchema,
  signersOf,
} from '../people/signing.js';
import { errorBodySchema, idParams, receiptResultSchema } from '../schemas.js';
import { recordCheckSchema } from '../verdict/record-check.js';
import { shipmentBody } from './shipments.js';

/** issue 14: the receipt with its electronic signatures, each checked against the stored content */
const signedReceiptSchema = receiptResultSchema.extend({ signatures: z.array(signatureViewSchema) });

/** Annex 11 §8.2: once received, the record now compared with what the receipt signed for */
const checkedVerdictSchema = verdictSchema.extend({ recordCheck: recordCheckSchema.optional() });
const checkedReceiptSchema = signedReceiptSchema.extend({ recordCheck: recordCheckSchema });

const langQuery = z.object({ lang: z.enum(['zh-CN', 'en', 'zh', 'en-US']).optional() });

/** The verdict at handover (8.1.5) and the receipt that makes it final (8.1.7, 8.1.6). */
export const verdictRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const fallback = app.deps.config.site.locale;
    app.get(
      '/shipments/:id/verdict',
      {
        config: { roles: Access.verdictReaders },
        schema: {
          tags: ['verdict'],
          summary: 'the verdict now (provisional until the receipt)',
          description:
            'The verdict now from the stored record: provisional until the receipt, then the final one as recorded, with `recordCheck` saying whether the record is still the one the receipt signed for (RECORD_CHANGED_AFTER_RECEIPT when not).',
          params: idParams,
          querystring: langQuery,
          response: { 200: checkedVerdictSchema, 404: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req) => app.verdicts.checked(req.params.id, requestLocale(req, fallback)),
    );
    app.post(
      '/shipments/:id/receipt',
      {
        config: { roles: Access.receiver },
        schema: {
          tags: ['verdict'],
          summary: 'record the receipt (8.1.7) and get the final verdict',
          description:
            'Records the receipt (8.1.7) and returns the final verdict with the sha256 of the readings it was based on. A deviation quarantines the product and queues a mail to the manufacturer (8.1.6).',
          params: idParams,
          querystring: langQuery,
          body: receiptSchema.extend({
            signatures: z
              .array(signerSchema.extend({ meaning: z.enum(['received', 'verified']) }))
              .max(2)
              .optional()
              .describe(
                'issue 14 (21 CFR 11.50, 11.200): the receiver (meaning received) and the second verifier (verified) sign with their own login name and password; required when signed in with a session, and the printed names replace receiverName / verifierName',
              ),
          }),
          response: {
            201: signedReceiptSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            503: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { signatures: signerInputs = [], ...body } = req.body;
        const nowMs = app.deps.now();
        const stored = await app.deps.records.shipments.get(req.params.id);
        const received = signerInputs.filter((s) => s.meaning === 'received');
        const verified = signerInputs.filter((s) => s.meaning === 'verified');
        if (received.length > 1 || verified.length > 1)
          throw new PeopleErrors.signerInvalid('one signature per meaning');
        if (actor.user) {
          // a person at the page signs the receipt themselves; a typed verifier name is not a signature
          if (received[0]?.login.toLowerCase() !== actor.user.login) {
            throw new PeopleErrors.signerInvalid("the signed-in person signs the receipt as 'received'");
          }
          if (body.verifierName && verified.length === 0) {
            throw new PeopleErrors.signerInvalid('the second verifier signs with their own account');
          }
        }
        const signers = await signersOf(app.deps.records, req, [...received, ...verified], {
          roles: ['admin', 'receiver'],
          belonging: shipmentBelonging(stored.shipment),
          nowMs,
        });
        const named = {
          ...body,
          ...(signers[0] && { receiverName: signers[0].user.printedName }),
          ...(signers[1] && { verifierName: signers[1].user.printedName }),
        };
        let signatures: ReturnType<typeof signatureView>[] = [];
        const { shipment, receipt } = await app.verdicts.receive(
          req.params.id,
          named,
          actor,
          requestLocale(req, fallback),
          async (tx, toStore) => {
            if (signers.length === 0) return undefined;
            const content = receiptSignedContent(req.params.id, toStore);
            const sigs = await addSignatures(
              app.deps.records,
              tx,
              { recordType: 'receipt', recordId: req.params.id, content },
              signers,
              nowMs,
            );
            signatures = sigs.map((s) => signatureView(s, 'receipt', req.params.id, content));
            return sigs;
          },
        );
        return reply.code(201).send({
          shipment: shipmentBody(shipment),
          receipt: receipt.receipt,
          verdict: receipt.verdict,
          readingsDigest: receipt.readingsDigest,
          readingsCount: receipt.readingsCount,
          ...(receipt.eventsDigest !== undefined && {
            eventsDigest: receipt.eventsDigest,
            eventsCount: receipt.eventsCount,
          }),
          signatures,
        });
      },
    );
    app.get(
      '/shipments/:id/receipt',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['verdict'],
          summary: 'read the recorded receipt with its signatures',
          params: idParams,
          querystring: langQuery,
          response: { 200: checkedReceiptSchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const { shipments } = app.deps.records;
        const shipment = await shipments.get(req.params.id);
        const receipt = await shipments.receiptOf(req.params.id);
        if (!receipt) throw new ApiErrors.receiptNotFound(req.params.id);
        return {
          signatures: await receiptSignatureViews(app.deps.records, req.params.id),
          shipment: shipmentBody(shipment),
          receipt: receipt.receipt,
          verdict: receipt.verdict,
          readingsDigest: receipt.readingsDigest,
          readingsCount: receipt.readingsCount,
          ...(receipt.eventsDigest !== undefined && {
            eventsDigest: receipt.eventsDigest,
            eventsCount: receipt.eventsCount,
          }),
          recordCheck: await app.verdicts.recordCheck(shipment, receipt, requestLocale(req, fallback)),
        };
      },
    );
  },
  { name: 'coldtrace-verdict', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
