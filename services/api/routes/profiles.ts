import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { profileSchema } from '../../domain/contract.js';
import { warningBandProblem } from '../../domain/pre-alarm.js';
import { resolveRange } from '../../domain/storage-modes.js';
import type { StoredProfile } from '../../store/sql/profiles-repo.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { errorBodySchema, idParams, storedProfileSchema } from '../schemas.js';

const toBody = (p: StoredProfile) => ({ ...p.profile, version: p.version, createdAt: p.createdAt });

/** Products' cold-chain requirements (7.7, 7.8, 7.15). Saving an existing id adds a version. */
export const profilesRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { profiles } = app.deps.records;
    app.post(
      '/profiles',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['profiles'],
          summary: "register a product's cold-chain requirements (7.7, 7.8, 7.15)",
          body: profileSchema,
          response: { 201: storedProfileSchema, 400: errorBodySchema },
        },
      },
      async (req, reply) => {
        const p = req.body;
        const problem = warningBandProblem(resolveRange(p.storageMode, p.tempMinC, p.tempMaxC), p);
        if (problem) throw new ApiErrors.warningBandInvalid(problem);
        return reply.code(201).send(toBody(await profiles.save(p, actorOf(req))));
      },
    );
    app.get(
      '/profiles/:id',
      {
        config: { roles: Access.logistics },
        schema: {
          tags: ['profiles'],
          summary: 'read a profile (a version with ?version=)',
          params: idParams,
          querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
          response: { 200: storedProfileSchema, 404: errorBodySchema },
        },
      },
      async (req) => toBody(await profiles.get(req.params.id, req.query.version)),
    );
  },
  { name: 'coldtrace-profiles', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
