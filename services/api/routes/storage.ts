import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findingSchema, idSchema, storageUnitSchema, storedItemSchema } from '../../domain/contract.js';
import { Access, actorOf } from '../auth.js';
import { requestLocale } from '../locale.js';
import { errorBodySchema, idParams, storedItemResponseSchema } from '../schemas.js';
import { unitStatus } from '../storage/unit-status.js';
import { freshLoader, loadShipmentRecord } from '../verdict/shipment-record.js';

const LOOKBACK_MS = 24 * 3_600_000;
const SILENCE_MIN_MS = 30 * 60_000;

const statusSchema = z.object({
  unitId: z.string(),
  status: z.enum(['ok', 'alarm']),
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
      async (req, reply) => reply.code(201).send(await records.storage.createUnit(req.body, actorOf(req))),
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
      async (req, reply) =>
        reply
          .code(201)
          .send(await records.storage.addItem(req.params.id, req.body, app.deps.now(), actorOf(req))),
    );
    app.post(
      '/storage-units/:id/items/:itemId/remove',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          params: itemParams,
          body: z.object({ reason: z.string().max(1000).optional() }).optional(),
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
        const byDevice = new Map<string, typeof record.readings>();
        for (const r of record.readings) {
          const list = byDevice.get(r.deviceId);
          if (list) list.push(r);
          else byDevice.set(r.deviceId, [r]);
        }
        const intervalS = Math.max(60, ...devices.map((d) => d.loggingIntervalS));
        const status = unitStatus(unit, byDevice, items, nowMs, {
          locale: requestLocale(req, config.site.locale),
          timeZone: config.site.timeZone,
          lookbackMs: LOOKBACK_MS,
          silenceMs: Math.max(SILENCE_MIN_MS, 3 * intervalS * 1000),
        });
        return { unitId: unit.id, ...status, evaluatedAt: new Date(nowMs).toISOString() };
      },
    );
  },
  { name: 'coldtrace-storage', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
