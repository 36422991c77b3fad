import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiptSchema, verdictSchema } from '../../domain/contract.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { requestLocale } from '../locale.js';
import { errorBodySchema, idParams, receiptResultSchema } from '../schemas.js';
import { shipmentBody } from './shipments.js';

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
          description:
            'The verdict now from the stored record: provisional until the receipt, then the final one.',
          params: idParams,
          querystring: langQuery,
          response: { 200: verdictSchema, 404: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req) => app.verdicts.current(req.params.id, requestLocale(req, fallback)),
    );
    app.post(
      '/shipments/:id/receipt',
      {
        config: { roles: Access.receiver },
        schema: {
          tags: ['verdict'],
          description:
            'Records the receipt (8.1.7) and returns the final verdict with the sha256 of the readings it was based on. A deviation quarantines the product and queues a mail to the manufacturer (8.1.6).',
          params: idParams,
          querystring: langQuery,
          body: receiptSchema,
          response: {
            201: receiptResultSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            503: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const { shipment, receipt } = await app.verdicts.receive(
          req.params.id,
          req.body,
          actorOf(req),
          requestLocale(req, fallback),
        );
        return reply.code(201).send({
          shipment: shipmentBody(shipment),
          receipt: receipt.receipt,
          verdict: receipt.verdict,
          readingsDigest: receipt.readingsDigest,
          readingsCount: receipt.readingsCount,
        });
      },
    );
    app.get(
      '/shipments/:id/receipt',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['verdict'],
          params: idParams,
          response: { 200: receiptResultSchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const { shipments } = app.deps.records;
        const shipment = await shipments.get(req.params.id);
        const receipt = await shipments.receiptOf(req.params.id);
        if (!receipt) throw new ApiErrors.receiptNotFound(req.params.id);
        return {
          shipment: shipmentBody(shipment),
          receipt: receipt.receipt,
          verdict: receipt.verdict,
          readingsDigest: receipt.readingsDigest,
          readingsCount: receipt.readingsCount,
        };
      },
    );
  },
  { name: 'coldtrace-verdict', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
