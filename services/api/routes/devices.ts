import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hashDeviceSecret, newDeviceSecret } from '../../../gateway/secrets.js';
import { deviceSchema } from '../../domain/contract.js';
import { Access, actorOf } from '../auth.js';
import { errorBodySchema, idParams, registeredDeviceSchema, storedDeviceSchema } from '../schemas.js';

/** Loggers and storage sensors (10.12 calibration validity); the MQTT secret is shown once. */
export const devicesRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { devices } = app.deps.records;
    app.post(
      '/devices',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['devices'],
          body: deviceSchema,
          response: { 201: registeredDeviceSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        const secret = newDeviceSecret();
        const stored = await devices.create(req.body, await hashDeviceSecret(secret), actorOf(req));
        return reply.code(201).send({
          ...stored.device,
          createdAt: stored.createdAt,
          mqtt: {
            username: stored.device.id,
            password: secret,
            topicPrefix: `coldtrace/v1/devices/${stored.device.id}/`,
          },
        });
      },
    );
    app.get(
      '/devices/:id',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['devices'],
          params: idParams,
          response: { 200: storedDeviceSchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const stored = await devices.get(req.params.id);
        return { ...stored.device, createdAt: stored.createdAt };
      },
    );
  },
  { name: 'coldtrace-devices', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
