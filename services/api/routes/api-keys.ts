import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PeopleErrors } from '../../store/people/errors.js';
import { ROLES } from '../../store/sql/api-keys-repo.js';
import { Access, actorOf } from '../auth.js';
import { scopeSchema } from '../people/schemas.js';
import { within } from '../people/scope.js';
import { errorBodySchema } from '../schemas.js';

const keyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  scope: z.object({ organisation: z.string().optional(), site: z.string().optional() }).optional(),
});

/**
 * API keys for admins (also `coldtrace keys`; with embedded PGlite, which one process holds, this
 * is the way while coldtrace runs). The key text is in the create response only.
 */
export const apiKeysRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { apiKeys } = app.deps.records;
    app.post(
      '/api-keys',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['api keys'],
          summary: 'issue an API key for a machine or integration (shown once)',
          body: z.object({
            name: z.string().trim().min(1).max(200),
            role: z.enum(ROLES),
            scope: scopeSchema.optional(),
          }),
          response: {
            201: keyInfoSchema.extend({ key: z.string().describe('shown once') }),
            400: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        // issue 14: a scoped administrator issues keys inside their own scope only
        const scope = { ...actor.scope, ...req.body.scope };
        for (const part of ['organisation', 'site'] as const) {
          if (actor.scope?.[part] !== undefined && scope[part] !== actor.scope[part])
            throw new PeopleErrors.scopeRefused();
        }
        const { info, key } = await apiKeys.issue(req.body.name, req.body.role, actor, scope);
        return reply.code(201).send({ ...info, key });
      },
    );
    app.get(
      '/api-keys',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['api keys'],
          summary: 'list API keys (never the keys themselves)',
          response: { 200: z.array(keyInfoSchema) },
        },
      },
      async (req) => (await apiKeys.list()).filter((k) => within(actorOf(req).scope ?? {}, k.scope)),
    );
    app.post(
      '/api-keys/:id/revoke',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['api keys'],
          summary: 'revoke an API key',
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z.object({ reason: z.string().max(1000).optional() }).nullish(),
          response: { 200: keyInfoSchema, 404: errorBodySchema },
        },
      },
      async (req) => apiKeys.revoke(req.params.id, actorOf(req), req.body?.reason),
    );
  },
  { name: 'coldtrace-api-keys', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
