import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { redactUrl } from '../services/config/log.js';
import type { Ingestor } from './ingest.js';
import { parseDeviceTopic, rejectsTopic } from './topics.js';

/** MQTT 5 shared subscription group: the gateway processes in it share the devices' load. */
export const SHARE_GROUP = 'coldtrace-ingest';
export const SHARED_TOPICS = ['readings', 'events', 'status'].map(
  (kind) => `$share/${SHARE_GROUP}/coldtrace/v1/devices/+/${kind}`,
);

export interface ExternalConsumerOptions {
  url: string;
  /** stable across restarts so the broker keeps the persistent session; one per process */
  clientId: string;
  /** connections per process in the group (mqtt.js handles one publish at a time per connection) */
  connections: number;
  ingestor: Ingestor;
  logger: Logger;
}

export interface ExternalConsumer {
  clients: MqttClient[];
  publishReject(deviceId: string, body: Buffer): void;
  close(): Promise<void>;
}

/**
 * External-broker mode: the devices talk to Mosquitto (or EMQX, HiveMQ), which authenticates them;
 * the gateway consumes with a shared subscription, a persistent session (clean: false) and QoS 1,
 * and acknowledges each message only after it is in the spool (customHandleAcks).
 */
export async function startExternalConsumer(o: ExternalConsumerOptions): Promise<ExternalConsumer> {
  const log = o.logger.child({ component: 'mqtt-consumer' });
  const clients: MqttClient[] = [];
  const whenSubscribed = new Map<MqttClient, () => void>();
  for (let i = 0; i < o.connections; i++) {
    const clientId = o.connections === 1 ? o.clientId : `${o.clientId}-${i}`;
    const client = mqtt.connect(o.url, {
      clientId,
      protocolVersion: 5,
      clean: false,
      // MQTT 5 ends a session at disconnect unless it has an expiry: keep it a week
      properties: { sessionExpiryInterval: 7 * 24 * 3600 },
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      customHandleAcks(topic, message, _packet, done) {
        const parsed = parseDeviceTopic(topic);
        if (!parsed) return done(0);
        o.ingestor.ingest(parsed.deviceId, topic, parsed.kind, message, (error) => {
          if (!error) return done(0);
          // no PUBACK: drop the connection so the broker redelivers once we are back
          log.error(
            { err: error, clientId },
            'mqtt consumer: spool write failed; reconnecting unacknowledged',
          );
          done(error);
          client.end(true, undefined, () => client.reconnect());
        });
      },
    });
    // QoS 0 publishes skip customHandleAcks: nothing to acknowledge, but still to keep
    client.on('message', (topic, message, packet) => {
      if (packet.qos !== 0) return;
      const parsed = parseDeviceTopic(topic);
      if (parsed) o.ingestor.ingest(parsed.deviceId, topic, parsed.kind, message, () => {});
    });
    client.on('error', (error) => log.warn({ err: error, clientId }, 'mqtt consumer: error'));
    client.on('connect', (connack) => {
      log.info({ clientId, sessionPresent: connack.sessionPresent }, 'mqtt consumer: connected');
      client.subscribe(SHARED_TOPICS, { qos: 1 }, (error) => {
        if (error) log.error({ err: error, clientId }, 'mqtt consumer: subscribe failed');
        else whenSubscribed.get(client)?.();
      });
    });
    clients.push(client);
  }
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`could not reach the MQTT broker at ${redactUrl(o.url)}`)),
            15_000,
          );
          // resolve once subscribed, so nothing published after start is missed
          whenSubscribed.set(c, () => {
            clearTimeout(timer);
            whenSubscribed.delete(c);
            resolve();
          });
        }),
    ),
  ).catch(async (error) => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw error;
  });

  let next = 0;
  return {
    clients,
    publishReject(deviceId, body) {
      const client = clients[next++ % clients.length]!;
      client.publish(rejectsTopic(deviceId), body, { qos: 1 }, (error) => {
        if (error) log.warn({ err: error, deviceId }, 'mqtt consumer: could not publish reject');
      });
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
