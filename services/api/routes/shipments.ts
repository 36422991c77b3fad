import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dispatchSchema, shipmentSchema } from '../../domain/contract.js';
import { shipmentBelonging } from '../../domain/scope.js';
import { resolveRange } from '../../domain/storage-modes.js';
import { CLOCK_SKEW_MS } from '../../domain/time-bounds.js';
import { SHIPMENT_STATUSES, type StoredShipment } from '../../store/sql/shipments-repo.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { latestReadingsOf } from '../pages/latest-readings.js';
import { refuseOutsideScope, scopeOf, seesShipment } from '../people/scope.js';
import {
  auditEntrySchema,
  errorBodySchema,
  idParams,
  shipmentContextSchema,
  storedShipmentSchema,
} from '../schemas.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';

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
    const { records, readings } = app.deps;
    const { shipments } = records;
    app.post(
      '/shipments',
      {
        config: { roles: Access.logistics },
        schema: {
          tags: ['shipments'],
          summary: 'register a shipment',
          body: shipmentSchema,
          response: { 201: storedShipmentSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        refuseTimesOutOfBounds(
          [
            { field: 'shipment.expiresAt', in: 'body', path: 'expiresAt', iso: req.body.expiresAt },
            {
              field: 'shipment.expectedArrivalAt',
              in: 'body',
              path: 'expectedArrivalAt',
              iso: req.body.expectedArrivalAt,
            },
          ],
          app.deps.now(),
        );
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
          summary: 'list shipments, optionally by status',
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
          summary: 'read a shipment',
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
          summary: 'dispatch: start the transport clock',
          description:
            'Starts the transport clock (7.7). `at` defaults to now; a back-dated dispatch is allowed and audited, a future one refused.',
          params: idParams,
          body: dispatchSchema.extend({ reason: z.string().max(1000).optional() }).nullish(),
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
        // a year-1000 typo would make every later window query of the record fail
        refuseTimesOutOfBounds([{ field: 'dispatch.at', in: 'body', path: 'at', iso: req.body?.at }], nowMs);
        const backDated = atMs < nowMs - CLOCK_SKEW_MS;
        const reason = req.body?.reason ?? (backDated ? 'back-dated dispatch' : undefined);
        return shipmentBody(await shipments.dispatch(req.params.id, atMs, actorOf(req), reason));
      },
    );
    app.get(
      '/shipments/:id/context',
      {
        config: { roles: Access.shipmentReaders },
        schema: {
          tags: ['shipments'],
          summary: 'what the pages show beside a shipment: band, limits, latest readings',
          description:
            "What the handover page and the board show beside the shipment: the band, maximum transport time and gap of the shipment's profile version (a receiver may not read profiles), dispatch and receipt times, and each logger's latest reading of the last six hours.",
          params: idParams,
          response: { 200: shipmentContextSchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const stored = await shipments.get(req.params.id);
        const { profile } = await records.profiles.get(stored.shipment.profileId, stored.profileVersion);
        const range = resolveRange(profile.storageMode, profile.tempMinC, profile.tempMaxC);
        return {
          shipmentId: stored.shipment.id,
          storageMode: profile.storageMode,
          // JSON has no infinity: an open side of the range is null
          range: {
            minC: Number.isFinite(range.minC) ? range.minC : null,
            maxC: Number.isFinite(range.maxC) ? range.maxC : null,
          },
          maxTransportMinutes: profile.maxTransportMinutes,
          maxGapMinutes: profile.maxGapMinutes,
          dispatchedAt: stored.dispatchedAt ?? null,
          receivedAt: stored.receivedAt ?? null,
          latest: await latestReadingsOf(readings, stored.shipment.deviceIds, app.deps.now()),
        };
      },
    );
    app.get(
      '/shipments/:id/audit',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['shipments'],
          summary: "the shipment's audit trail",
          description:
            "The shipment's audit trail (10.3, 10.4): who changed what, when and why, each entry with its chain hash.",
          params: idParams,
          response: { 200: z.array(auditEntrySchema), 404: errorBodySchema },
        },
      },
      async (req) => {
        await shipments.get(req.params.id); // 404 for an unknown shipment
        const entries = await records.auditOf('shipment', req.params.id);
        return entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actorName,
          action: e.action,
          reason: e.reason,
          hash: e.hash,
        }));
      },
    );
  },
  { name: 'coldtrace-shipments', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
