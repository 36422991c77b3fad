import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { DeviceAuthenticator } from './device-directory.js';
import { MqttPortInUseError, PublishForbiddenError } from './errors.js';
import type { Ingestor } from './ingest.js';
import { FailureBackoff, type GatewayLimits, guardPacketSize, WindowCounter } from './limits.js';
import type { GatewayMetrics } from './metrics.js';
import { mayPublish, maySubscribe, rejectsTopic, TOPIC_PREFIX } from './topics.js';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  tls?: { port: number; key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
  ws?: { port: number };
  ingestor: Ingestor;
  authenticator: DeviceAuthenticator;
  limits: GatewayLimits;
  metrics: GatewayMetrics;
  logger: Logger;
}

export interface EmbeddedBroker {
  aedes: Aedes;
  port: number;
  tlsPort?: number;
  wsPort?: number;
  publishReject(deviceId: string, body: Buffer): void;
  close(): Promise<void>;
}

const authError = (message: string, returnCode: 2 | 4 | 5): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

/**
 * The embedded aedes broker: devices authenticate with their id and secret, publish only under their
 * own id, and subscribe only to their own rejects. The durable write happens inside
 * authorizePublish, because aedes sends PUBACK as soon as authorizePublish calls back.
 */
export async function startEmbeddedBroker(o: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const deviceOf = new WeakMap<Client, string>();
  /** the stored secret hash each session authenticated against: a rotation ends the session */
  const hashOf = new WeakMap<Client, string>();
  const log = o.logger.child({ component: 'mqtt' });
  const connectsByIp = new WindowCounter(o.limits.connectsPerIpPerMinute);
  const connectsByClient = new WindowCounter(o.limits.connectsPerClientPerMinute);
  // counted per device id and address: a guesser elsewhere never touches a device's own attempts
  const backoffByDeviceIp = new FailureBackoff(o.limits.failedAuthPerDevicePerMinute);
  const failuresByIp = new WindowCounter(o.limits.failedAuthPerIpPerMinute);

  const aedes = await Aedes.createBroker({
    maxTopicLevels: o.limits.maxTopicLevels,
    authenticate(client, username, password, done) {
      const deviceId = username ?? '';
      const clientId = client.id;
      const now = Date.now();
      const ip = remoteAddress(client);
      // counted before any secret is checked, refused with CONNACK 5 rather than a silent close
      if (!connectsByIp.hit(ip, now) || !connectsByClient.hit(`${clientId}|${deviceId}|${ip}`, now)) {
        o.metrics.unauthorised.inc({ reason: 'connect_rate' });
        log.warn({ ip, clientId, deviceId }, 'mqtt: too many connection attempts; refused');
        return done(authError('too many connection attempts; try later', 5), false);
      }
      if (!deviceId || !password) {
        o.metrics.unauthorised.inc({ reason: 'no_credentials' });
        return done(authError('device id (username) and secret (password) are required', 4), false);
      }
      const pair = `${deviceId}|${ip}`;
      const mayScrypt = !backoffByDeviceIp.waiting(pair, now);
      Promise.all([
        o.authenticator.check(deviceId, password.toString('utf8'), mayScrypt),
        // a client id that is another registered device's id is that device's (its sessions, its will)
        clientId !== deviceId && clientId.length <= 200
          ? o.authenticator.isRegistered(clientId)
          : Promise.resolve(false),
      ]).then(
        ([checked, clientIdTaken]) => {
          const at = Date.now();
          if (checked.result === 'unknown' && failuresByIp.over(ip, at)) {
            o.metrics.unauthorised.inc({ reason: 'auth_rate' });
            return done(authError('too many failed attempts; try later', 5), false);
          }
          if (checked.result === 'unchecked') {
            o.metrics.unauthorised.inc({ reason: 'auth_backoff' });
            return done(authError('too many failed attempts for this device; try later', 5), false);
          }
          if (checked.result !== 'ok') {
            failuresByIp.hit(ip, at);
            if (checked.result === 'bad') backoffByDeviceIp.fail(pair, at);
            o.metrics.unauthorised.inc({ reason: 'bad_credentials' });
            log.warn({ deviceId, ip }, 'mqtt: authentication failed');
            return done(authError('bad device id or secret', 4), false);
          }
          backoffByDeviceIp.succeed(pair);
          if (clientIdTaken) {
            // [MQTT-3.2.2-3]-style refusal: CONNACK 2, identifier rejected
            o.metrics.unauthorised.inc({ reason: 'client_id_taken' });
            log.warn({ deviceId, clientId, ip }, "mqtt: client id is another device's id; refused");
            return done(authError("client id is another device's id", 2), false);
          }
          // Sessions are per device: the same client id under two devices is two sessions, so one
          // device can never take over (and fire the will of) another's [MQTT-3.1.4-2].
          if (clientId !== deviceId) client.id = `${deviceId}/${clientId}`;
          deviceOf.set(client, deviceId);
          hashOf.set(client, checked.hash);
          done(null, true);
        },
        (error: unknown) => {
          log.error({ err: error, deviceId }, 'mqtt: device directory failed');
          done(authError('device directory unavailable', 5), false);
        },
      );
    },
    authorizePublish(client, packet, callback) {
      if (!client) return callback(null);
      const deviceId = deviceOf.get(client);
      if (!deviceId || !mayPublish(deviceId, packet.topic)) {
        // Error -> aedes closes the connection; nothing is spooled or stored.
        o.metrics.unauthorised.inc({ reason: 'publish_acl' });
        log.warn(
          { deviceId, topic: packet.topic.slice(0, 200) },
          'mqtt: publish outside own topics; disconnected',
        );
        return callback(new PublishForbiddenError(deviceId ?? '?', packet.topic.slice(0, 200)));
      }
      // devices read nothing but their rejects: no retained copies kept in the broker
      packet.retain = false;
      const kind = packet.topic.slice(TOPIC_PREFIX.length + deviceId.length + 1);
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      o.ingestor.ingest(deviceId, packet.topic, kind, payload, callback);
    },
    authorizeSubscribe(client, sub, callback) {
      const deviceId = deviceOf.get(client);
      if (deviceId && maySubscribe(deviceId, sub.topic)) return callback(null, sub);
      o.metrics.unauthorised.inc({ reason: 'subscribe_acl' });
      callback(null, null); // SUBACK failure (0x80) for this filter
    },
    authorizeForward(client, packet) {
      const deviceId = deviceOf.get(client);
      return deviceId && packet.topic === rejectsTopic(deviceId) ? packet : null;
    },
  });

  const handle = aedes.handle;
  aedes.handle = (conn, req) => {
    const client = handle(conn, req);
    guardPacketSize(client, o.limits.maxPacketBytes);
    return client;
  };
  aedes.on('clientReady', (client) => {
    if (deviceOf.has(client)) o.metrics.connectedDevices.inc();
  });
  aedes.on('clientDisconnect', (client) => {
    if (deviceOf.has(client)) o.metrics.connectedDevices.dec();
  });
  aedes.on('clientError', (client, error) => {
    log.debug({ deviceId: deviceOf.get(client), err: error }, 'mqtt: client error');
  });

  // A rotated (or revoked) secret ends the sessions that authenticated with the old one: every
  // sessionRecheckMs, one look-up of the connected devices' current hashes.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    const sessions = Object.values((aedes as unknown as { clients: Record<string, Client> }).clients).filter(
      (c) => deviceOf.has(c),
    );
    const ids = [...new Set(sessions.map((c) => deviceOf.get(c)!))];
    o.authenticator
      .currentHashes(ids)
      .then((current) => {
        for (const c of sessions) {
          const deviceId = deviceOf.get(c)!;
          if (current.get(deviceId) === hashOf.get(c)) continue;
          o.metrics.unauthorised.inc({ reason: 'secret_rotated' });
          log.warn({ deviceId, clientId: c.id }, 'mqtt: device secret changed; session closed');
          c.close();
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, 'mqtt: session check failed; next time'))
      .finally(() => {
        sweeping = false;
      });
  }, o.limits.sessionRecheckMs);
  sweep.unref();

  const servers: net.Server[] = [];
  // no Nagle: a PUBACK held back for delayed ACKs adds tens of ms to every publish
  const tcp = net.createServer((socket) => aedes.handle(socket.setNoDelay(true)));
  let port = 0;
  let tlsPort: number | undefined;
  let wsPort: number | undefined;
  try {
    port = await listen(tcp, o.host, o.port);
    servers.push(tcp);
    if (o.tls) {
      const server = tls.createServer({ key: o.tls.key, cert: o.tls.cert, ca: o.tls.ca }, (socket) =>
        aedes.handle(socket.setNoDelay(true)),
      );
      tlsPort = await listen(server, o.host, o.tls.port);
      servers.push(server);
    }
    if (o.ws) {
      const server = http.createServer((_req, res) => res.writeHead(426).end('MQTT over WebSocket only\n'));
      const wss = new WebSocketServer({ server });
      wss.on('connection', (socket, req) => aedes.handle(createWebSocketStream(socket), req));
      wsPort = await listen(server, o.host, o.ws.port);
      servers.push(server);
    }
  } catch (error) {
    // the broker's own timers would keep a failed start's process alive
    clearInterval(sweep);
    await closeAll(aedes, servers);
    throw error;
  }
  log.info({ port, tlsPort, wsPort, host: o.host }, 'mqtt: embedded broker listening');

  return {
    aedes,
    port,
    tlsPort,
    wsPort,
    publishReject(deviceId, body) {
      aedes.publish(
        { cmd: 'publish', topic: rejectsTopic(deviceId), payload: body, qos: 1, retain: false, dup: false },
        (error) => {
          if (error) log.warn({ err: error, deviceId }, 'mqtt: could not publish reject');
        },
      );
    },
    close: () => {
      clearInterval(sweep);
      return closeAll(aedes, servers);
    },
  };
}

function remoteAddress(client: Client): string {
  const conn = client.conn as { remoteAddress?: string };
  return conn.remoteAddress ?? client.req?.socket?.remoteAddress ?? 'unknown';
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new MqttPortInUseError(host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function closeAll(aedes: Aedes, servers: net.Server[]): Promise<void> {
  for (const s of servers) s.close();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  await Promise.all(
    servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
  );
}
