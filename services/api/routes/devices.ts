import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deviceSchema } from '../../domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../../store/device-secrets.js';
import { StoreErrors } from '../../store/sql/errors.js';
import { Access, actorOf } from '../auth.js';
import {
  errorBodySchema,
  idParams,
  registeredDeviceSchema,
  revokedDeviceSchema,
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
          summary: 'register a logger or storage sensor (its MQTT secret is shown once)',
          body: deviceSchema,
          response: { 201: registeredDeviceSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        const secret = newDeviceSecret();
        const broker = app.deps.brokerCredentials;
        let stored: Awaited<ReturnType<typeof devices.create>>;
        if (broker) {
          // the broker first: if it refuses, nothing is registered and the call can simply be repeated
          await devices.get(req.body.id).then(
            () => {
              throw new StoreErrors.deviceExists(req.body.id);
            },
            (error: { code?: string }) => {
              if (error.code !== 'CT_DEVICE_NOT_FOUND') throw error;
            },
          );
          await broker.deviceRegistered(req.body.id, secret);
          try {
            stored = await devices.create(req.body, await hashDeviceSecret(secret), actorOf(req));
          } catch (error) {
            await broker.deviceRevoked(req.body.id).catch(() => {});
            throw error;
          }
        } else {
          stored = await devices.create(req.body, await hashDeviceSecret(secret), actorOf(req));
        }
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
          response: {
            200: rotatedSecretSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            503: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        const secret = newDeviceSecret();
        await app.deps.records.deviceRevocation.assertActive(id);
        // the broker first: the old secret is refused there before the registry forgets it
        await app.deps.brokerCredentials?.secretRotated(id, secret);
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
    app.post(
      '/devices/:id/revoke',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['devices'],
          summary: "end a lost, stolen or retired device's login; its record stays",
          params: idParams,
          body: rotateSecretBodySchema,
          response: { 200: revokedDeviceSchema, 404: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req) => {
        const { id } = req.params;
        const revokedAt = await app.deps.records.deviceRevocation.revoke(
          id,
          actorOf(req),
          req.body?.reason ?? 'device revoked over the API',
        );
        // the registry first (the embedded gateway refuses at once); the broker's login is removed
        // now, or at the API's next start by reconcile when the broker is unreachable
        await app.deps.brokerCredentials?.deviceRevoked(id);
        return { id, revokedAt };
      },
    );
    app.get(
      '/devices/:id',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['devices'],
          summary: 'read a device',
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
