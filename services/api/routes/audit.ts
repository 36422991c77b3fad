import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope, isGlobal, type Scope } from '../../domain/scope.js';
import type { AuditRecord } from '../../store/audit/audit-trail.js';
import { auditVerificationView } from '../../store/audit/audit-view.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { requestLocale } from '../locale.js';
import { alertBelonging, seesShipment, unitBelonging } from '../people/scope.js';
import { errorBodySchema, isoQueryTime } from '../schemas.js';

const MAX_ROWS = 500;

const verificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  keyed: z.boolean().describe('false: no audit key, only the plain hashes were checked'),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  lastHash: z.string(),
  anchors: z.number().int().describe('anchors of the chain head found outside the database'),
  message: z.string(),
  problems: z.array(
    z.object({
      kind: z.enum(['edited', 'rechained', 'truncated', 'missing']),
      table: z.string(),
      rowId: z.string().describe('audit seq or range "5-9", anchor line, or the record id'),
      detail: z.string(),
      message: z.string(),
    }),
  ),
});

const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.string().describe('UTC'),
  actorId: z.string().describe("a person's account id, an API key id, 'cli' or 'system'"),
  actorName: z.string().describe("the person's printed name or the key's name"),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  reason: z.string().nullable(),
  oldValue: z.string().nullable().describe('JSON as stored'),
  newValue: z.string().nullable().describe('JSON as stored'),
  hash: z.string(),
});

/**
 * Can a scoped reader see this row? Rows about shipments, their receipts, alerts and storage units
 * follow the record's scope; rows about anything else (keys, accounts, profiles, devices) are for
 * global readers only.
 */
function visibility(records: RecordsStore, scope: Scope) {
  const cache = new Map<string, Promise<boolean>>();
  const sees = (r: AuditRecord): Promise<boolean> => {
    const key = `${r.entity}:${r.entityId}`;
    let known = cache.get(key);
    if (!known) {
      known = (async () => {
        if (r.entity === 'shipment' || r.entity === 'receipt')
          return seesShipment(scope, await records.shipments.get(r.entityId));
        if (r.entity === 'alert') {
          const b = await alertBelonging(records, await records.alerts.get(Number(r.entityId)));
          return b !== undefined && inScope(scope, b);
        }
        if (r.entity === 'storage_unit')
          return inScope(scope, unitBelonging(await records.storage.getUnit(r.entityId)));
        if (r.entity === 'deviation_case') {
          // issue 15: a case belongs where its shipment does
          const { opening } = await records.deviations.get(r.entityId);
          return inScope(scope, { organisation: opening.organisation, site: opening.site });
        }
        return false;
      })().catch(() => false);
      cache.set(key, known);
    }
    return known;
  };
  return sees;
}

/**
 * The audit trail by person, record and time (issue 14; Annex 11 §9, 21 CFR 11.10(e)), newest
 * first, for administrators and QA. A scoped reader sees only rows about records in their scope.
 */
export const auditRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records } = app.deps;
    app.get(
      '/audit',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['audit'],
          summary: 'search the audit trail by person, record and time',
          description:
            'The audit trail, newest first, filtered by person (`actor`: an account id or login name, an API key id, `cli`), record (`entity`, `entityId`) and time (`from` inclusive, `to` exclusive). Page on with `before` = the last seq seen.',
          querystring: z.object({
            actor: z.string().min(1).max(200).optional(),
            entity: z.string().min(1).max(64).optional(),
            entityId: z.string().min(1).max(200).optional(),
            from: isoQueryTime.optional(),
            to: isoQueryTime.optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(MAX_ROWS).default(100),
          }),
          response: {
            200: z.object({ entries: z.array(auditEntrySchema), next: z.number().optional() }),
            400: errorBodySchema,
          },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = actorOf(req).scope;
        // a person may be named by their login name; ids of keys and 'cli' pass as they are
        const person = q.actor ? await records.users.byLogin(q.actor).catch(() => undefined) : undefined;
        const rows = await records.auditSearch.search({
          actorId: person?.id ?? q.actor,
          entity: q.entity,
          entityId: q.entityId,
          fromMs: q.from ? Date.parse(q.from) : undefined,
          toMs: q.to ? Date.parse(q.to) : undefined,
          beforeSeq: q.before,
          limit: q.limit,
        });
        let entries = rows;
        if (!isGlobal(scope) && scope) {
          const sees = visibility(records, scope);
          const shown = await Promise.all(rows.map(sees));
          entries = rows.filter((_, i) => shown[i]);
        }
        const last = rows[rows.length - 1];
        return {
          entries: entries.map(({ prevHash: _prev, ...e }) => e),
          ...(rows.length === q.limit && last && { next: last.seq }),
        };
      },
    );
    app.get(
      '/audit/verify',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['audit'],
          summary: 'verify the audit chain while the server runs',
          description:
            "Verifies the audit trail while the server runs (issue 12; 21 CFR 11.10(e)): every row's hash, link and keyed MAC, the chain head against the anchors kept outside the database, and receipts, shipment states, alert states, signatures and deviation-case steps against their audit rows. Each problem names its row and kind: edited, rechained, truncated or missing. Administrators of the whole installation only.",
          querystring: z.object({ lang: z.string().max(10).optional() }),
          response: { 200: verificationSchema, 403: errorBodySchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        // the answer names records of every site
        if (!isGlobal(actor.scope))
          throw new ApiErrors.forbidden(`${actor.role} (scoped)`, 'admin of every site');
        await records.auditAnchor?.anchor();
        return auditVerificationView(
          await records.verifyAudit(),
          requestLocale(req, app.deps.config.site.locale),
        );
      },
    );
  },
  { name: 'coldtrace-audit', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
