import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertSchema } from '../../domain/alerts.js';
import { idSchema } from '../../domain/contract.js';
import { PeopleErrors } from '../../store/people/errors.js';
import { type AlertRecord, acknowledgeAlert } from '../../store/sql/alerts-repo.js';
import { Access, actorOf } from '../auth.js';
import { alertBelonging, scopeOf, visibleAlerts } from '../people/scope.js';
import {
  addSignatures,
  signatureView,
  signatureViewSchema,
  signerSchema,
  signersOf,
} from '../people/signing.js';
import { errorBodySchema } from '../schemas.js';

/** An alert id as the list gives it: plain decimal digits (never `0x10`, `1e1`, ` 16` or `16.0`). */
const alertIdParams = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'an alert id is a positive whole number in decimal digits')
    .transform(Number),
});

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

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
          summary: 'list alerts, most severe and oldest first',
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
      async (req) =>
        (await visibleAlerts(app.deps.records, scopeOf(req), await alerts.list(req.query))).map(alertBody),
    );
    app.post(
      '/alerts/:id/ack',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['alerts'],
          summary: 'acknowledge an alert with a reason (signed when signed in)',
          params: alertIdParams,
          body: z.object({
            reason: z.string().trim().min(1).max(2000),
            signature: signerSchema
              .omit({ meaning: true })
              .optional()
              .describe(
                'issue 14 (11.200): the acknowledging person signs with login name and password; required with a session',
              ),
          }),
          response: {
            200: alertSchema.extend({ signatures: z.array(signatureViewSchema).optional() }),
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const nowMs = app.deps.now();
        const { signature } = req.body;
        if (actor.user && signature?.login.toLowerCase() !== actor.user.login) {
          throw new PeopleErrors.signerInvalid('the signed-in person signs the acknowledgement');
        }
        const belonging =
          signature && (await alertBelonging(app.deps.records, await alerts.get(req.params.id)));
        const signers = signature
          ? await signersOf(app.deps.records, req, [{ ...signature, meaning: 'acknowledged' }], {
              roles: Access.qa,
              belonging: belonging ?? { site: '' },
              nowMs,
            })
          : [];
        return app.deps.records.transaction(async (tx) => {
          const alert = await acknowledgeAlert(tx, {
            alertId: req.params.id,
            by: actor,
            reason: req.body.reason,
            nowMs,
          });
          const content = {
            record: 'alert',
            alertId: alert.id,
            findingCode: alert.findingCode,
            reason: req.body.reason,
          };
          const target = { recordType: 'alert', recordId: String(alert.id), content };
          const sigs = await addSignatures(app.deps.records, tx, target, signers, nowMs);
          return {
            ...alertBody(alert),
            signatures: sigs.map((s) => signatureView(s, 'alert', String(alert.id), content)),
          };
        });
      },
    );
  },
  { name: 'coldtrace-alerts', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
