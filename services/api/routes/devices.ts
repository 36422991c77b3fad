import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deviceSchema } from '../../domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../../store/device-secrets.js';
import { Access, actorOf } from '../auth.js';
import {
  errorBodySchema,
  idParams,
  registeredDeviceSchema,
  rotatedSecretSchema,
  rotateSecretBodySchema,
  storedDeviceSchema,
} from '../schemas.js';

/** What a device connects with: shown once, at registration and at each rotation. */
function mqttBlock(deviceId: string, secret: string) {
  return { username: deviceId, password: secret, topicPrefix: `coldtrace/v1/devices/${deviceId}/` };
}

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
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ ...stored.device, createdAt: stored.createdAt, mqtt: mqttBlock(stored.device.id, secret) });
      },
    );
    app.post(
      '/devices/:id/secret',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['devices'],
          summary: 'issue a new MQTT secret (shown once); the old one stops working for new connections',
          params: idParams,
          body: rotateSecretBodySchema,
          response: { 200: rotatedSecretSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        const secret = newDeviceSecret();
        // only the hash is stored; the gateway's verified-secret cache is keyed by it, so the old
        // secret is refused on the next CONNECT (audited as rotate_secret)
        await devices.rotateSecret(
          id,
          await hashDeviceSecret(secret),
          actorOf(req),
          req.body?.reason ?? 'secret rotated over the API',
        );
        return reply
          .header('cache-control', 'no-store')
          .send({ id, rotatedAt: new Date(app.deps.now()).toISOString(), mqtt: mqttBlock(id, secret) });
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
