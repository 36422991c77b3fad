import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findingSchema, idSchema, storageUnitSchema, storedItemSchema } from '../../domain/contract.js';
import { inScope } from '../../domain/scope.js';
import { Access, actorOf } from '../auth.js';
import { requestLocale } from '../locale.js';
import { latestReadingsOf } from '../pages/latest-readings.js';
import { refuseOutsideScope, scopeOf, unitBelonging } from '../people/scope.js';
import {
  errorBodySchema,
  idParams,
  storageUnitWithLatestSchema,
  storedItemResponseSchema,
} from '../schemas.js';
import { storageStatusOf } from '../storage/storage-status.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';
import { freshLoader, loadShipmentRecord } from '../verdict/shipment-record.js';

/** the status judges the last day of the unit's record */
const LOOKBACK_MS = 24 * 3_600_000;

const statusSchema = z.object({
  unitId: z.string(),
  status: z.enum(['ok', 'alarm']),
  window: z.object({ from: z.string(), to: z.string() }),
  findings: z.array(findingSchema),
  items: z.array(
    z.object({
      id: z.string(),
      product: z.string(),
      storedAt: z.string(),
      limitAt: z.string(),
      state: z.enum(['ok', 'due_soon', 'overdue']),
    }),
  ),
  evaluatedAt: z.string(),
});

/** Fridges, freezers, LN2 tanks and the items stored in them (7.7 storage mode and time limit). */
export const storageRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, readings, config } = app.deps;
    const itemParams = z.object({ id: idSchema, itemId: idSchema });
    app.post(
      '/storage-units',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['storage'],
          body: storageUnitSchema,
          response: { 201: storageUnitSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        refuseOutsideScope(scopeOf(req), unitBelonging(req.body));
        return reply.code(201).send(await records.storage.createUnit(req.body, actorOf(req)));
      },
    );
    app.get(
      '/storage-units',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          description:
            "The storage units the caller's scope sees, each with its sensors' latest readings of the last six hours (the live board).",
          response: { 200: z.array(storageUnitWithLatestSchema) },
        },
      },
      async (req) => {
        const scope = scopeOf(req);
        const units = (await records.storage.listUnits()).filter((u) => inScope(scope, unitBelonging(u)));
        const nowMs = app.deps.now();
        return Promise.all(
          units.map(async (unit) => ({
            ...unit,
            latest: await latestReadingsOf(readings, unit.deviceIds, nowMs),
          })),
        );
      },
    );
    app.get(
      '/storage-units/:id',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          params: idParams,
          response: { 200: storageUnitSchema, 404: errorBodySchema },
        },
      },
      async (req) => records.storage.getUnit(req.params.id),
    );
    app.post(
      '/storage-units/:id/items',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          params: idParams,
          body: storedItemSchema,
          response: { 201: storedItemResponseSchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        const nowMs = app.deps.now();
        refuseTimesOutOfBounds(
          [{ field: 'item.storedAt', in: 'body', path: 'storedAt', iso: req.body.storedAt }],
          nowMs,
        );
        return reply
          .code(201)
          .send(await records.storage.addItem(req.params.id, req.body, nowMs, actorOf(req)));
      },
    );
    app.post(
      '/storage-units/:id/items/:itemId/remove',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          params: itemParams,
          body: z.object({ reason: z.string().max(1000).optional() }).nullish(),
          response: { 200: storedItemResponseSchema, 404: errorBodySchema },
        },
      },
      async (req) =>
        records.storage.removeItem(
          req.params.id,
          req.params.itemId,
          app.deps.now(),
          actorOf(req),
          req.body?.reason,
        ),
    );
    app.get(
      '/storage-units/:id/status',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          params: idParams,
          querystring: z.object({ lang: z.string().optional() }),
          response: { 200: statusSchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const nowMs = app.deps.now();
        const unit = await records.storage.getUnit(req.params.id);
        const [items, devices] = await Promise.all([
          records.storage.itemsIn(unit.id),
          records.devices.many(unit.deviceIds),
        ]);
        const record = await loadShipmentRecord(
          freshLoader(readings),
          unit.deviceIds,
          nowMs - LOOKBACK_MS,
          nowMs,
        );
        // 7.7: the domain's evaluateStorage, the same rules the verdicts use
        return storageStatusOf(unit, devices, items, record, nowMs, {
          locale: requestLocale(req, config.site.locale),
          timeZone: config.site.timeZone,
          lookbackMs: LOOKBACK_MS,
        });
      },
    );
  },
  { name: 'coldtrace-storage', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
