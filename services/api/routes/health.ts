import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';

const readySchema = z.object({
  ready: z.boolean(),
  checks: z.object({ records: z.boolean(), readings: z.boolean() }),
});

/** /healthz: the process answers. /readyz: the records store and InfluxDB answer too. */
export const healthRoutes = fp(
  async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'ready: the records store and InfluxDB answer (503 when one does not)',
          response: { 200: readySchema, 503: readySchema },
        },
      },
      async (_req, reply) => {
        const [records, readings] = await Promise.all([
          app.deps.records.ping(),
          app.deps.readings.ping(1_000).catch(() => false),
        ]);
        const ready = records && readings;
        return reply.code(ready ? 200 : 503).send({ ready, checks: { records, readings } });
      },
    );
  },
  { name: 'coldtrace-health', fastify: '5.x' },
);
