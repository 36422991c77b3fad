import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../domain/contract.js';
import type { AlertRecord } from '../../store/sql/alerts-repo.js';
import { Access, actorOf } from '../auth.js';
import { errorBodySchema } from '../schemas.js';

/** An alert id as the list gives it: plain decimal digits (never `0x10`, `1e1`, ` 16` or `16.0`). */
const alertIdParams = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'an alert id is a positive whole number in decimal digits')
    .transform(Number),
});

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

const alertSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  findingCode: z.string(),
  clause: z.string(),
  severity: z.enum(['info', 'minor', 'major', 'critical']),
  state: z.enum(['open', 'acknowledged', 'closed']),
  deviceId: z.string().optional(),
  shipmentId: z.string().optional(),
  storageUnitId: z.string().optional(),
  itemId: z.string().optional(),
  happenedAt: z.string(),
  endedAt: z.string().optional(),
  detectedAt: z.string(),
  late: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  acknowledgedBy: z.string().optional(),
  ackReason: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  closedAt: z.string().optional(),
});

export const alertBody = (a: AlertRecord): z.infer<typeof alertSchema> => ({
  id: a.id,
  kind: a.kind,
  findingCode: a.findingCode,
  clause: a.clause,
  severity: a.severity,
  state: a.state,
  deviceId: a.deviceId,
  shipmentId: a.shipmentId,
  storageUnitId: a.storageUnitId,
  itemId: a.itemId,
  happenedAt: new Date(a.happenedAtMs).toISOString(),
  endedAt: iso(a.endedAtMs),
  detectedAt: new Date(a.detectedAtMs).toISOString(),
  late: a.late,
  details: a.details,
  acknowledgedBy: a.acknowledgedBy,
  ackReason: a.ackReason,
  acknowledgedAt: iso(a.acknowledgedAtMs),
  escalatedAt: iso(a.escalatedAtMs),
  closedAt: iso(a.closedAtMs),
});

/** QA's alert list and acknowledgement with a reason (the alerts table is the rules worker's, 0101). */
export const alertsRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { alerts } = app.deps.records;
    app.get(
      '/alerts',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['alerts'],
          querystring: z.object({
            state: z.enum(['open', 'acknowledged', 'closed']).optional(),
            shipmentId: idSchema.optional(),
            deviceId: idSchema.optional(),
            storageUnitId: idSchema.optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
          response: { 200: z.array(alertSchema) },
        },
      },
      async (req) => (await alerts.list(req.query)).map(alertBody),
    );
    app.post(
      '/alerts/:id/ack',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['alerts'],
          params: alertIdParams,
          body: z.object({ reason: z.string().trim().min(1).max(2000) }),
          response: { 200: alertSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req) =>
        alertBody(
          await alerts.acknowledge({
            alertId: req.params.id,
            by: actorOf(req),
            reason: req.body.reason,
            nowMs: app.deps.now(),
          }),
        ),
    );
  },
  { name: 'coldtrace-alerts', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
