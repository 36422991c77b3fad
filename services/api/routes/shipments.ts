import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dispatchSchema, shipmentSchema } from '../../domain/contract.js';
import { shipmentBelonging } from '../../domain/scope.js';
import { SHIPMENT_STATUSES, type StoredShipment } from '../../store/sql/shipments-repo.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { refuseOutsideScope, scopeOf, seesShipment } from '../people/scope.js';
import { errorBodySchema, idParams, storedShipmentSchema } from '../schemas.js';

/** A dispatch stamped up to this far ahead is clock skew between client and server, not the future. */
const CLOCK_SKEW_MS = 60_000;

export const shipmentBody = (s: StoredShipment) => ({
  ...s.shipment,
  profileVersion: s.profileVersion,
  status: s.status,
  ...(s.dispatchedAt && { dispatchedAt: s.dispatchedAt }),
  ...(s.receivedAt && { receivedAt: s.receivedAt }),
  createdAt: s.createdAt,
});

export const shipmentsRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { shipments } = app.deps.records;
    app.post(
      '/shipments',
      {
        config: { roles: Access.logistics },
        schema: {
          tags: ['shipments'],
          body: shipmentSchema,
          response: { 201: storedShipmentSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        refuseOutsideScope(scopeOf(req), shipmentBelonging(req.body));
        return reply.code(201).send(shipmentBody(await shipments.create(req.body, actorOf(req))));
      },
    );
    app.get(
      '/shipments',
      {
        config: { roles: Access.shipmentReaders },
        schema: {
          tags: ['shipments'],
          querystring: z.object({
            status: z.enum(SHIPMENT_STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
          response: { 200: z.array(storedShipmentSchema) },
        },
      },
      async (req) =>
        (await shipments.list(req.query)).filter((s) => seesShipment(scopeOf(req), s)).map(shipmentBody),
    );
    app.get(
      '/shipments/:id',
      {
        config: { roles: Access.shipmentReaders },
        schema: {
          tags: ['shipments'],
          params: idParams,
          response: { 200: storedShipmentSchema, 404: errorBodySchema },
        },
      },
      async (req) => shipmentBody(await shipments.get(req.params.id)),
    );
    app.post(
      '/shipments/:id/dispatch',
      {
        config: { roles: Access.logistics },
        schema: {
          tags: ['shipments'],
          description:
            'Starts the transport clock (7.7). `at` defaults to now; a back-dated dispatch is allowed and audited, a future one refused.',
          params: idParams,
          body: dispatchSchema.extend({ reason: z.string().max(1000).optional() }).optional(),
          response: {
            200: storedShipmentSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req) => {
        const nowMs = app.deps.now();
        const atMs = req.body?.at ? Date.parse(req.body.at) : nowMs;
        if (atMs > nowMs + CLOCK_SKEW_MS) throw new ApiErrors.dispatchInFuture();
        const backDated = atMs < nowMs - CLOCK_SKEW_MS;
        const reason = req.body?.reason ?? (backDated ? 'back-dated dispatch' : undefined);
        return shipmentBody(await shipments.dispatch(req.params.id, atMs, actorOf(req), reason));
      },
    );
  },
  { name: 'coldtrace-shipments', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
