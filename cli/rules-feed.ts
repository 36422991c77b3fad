import mqtt, { type MqttClient } from 'mqtt';
import { DEFAULT_LIMITS, decodePayload, parseDeviceTopic, TOPIC_PREFIX } from '../gateway/index.js';
import { type Logger, redactUrl } from '../services/config/log.js';
import type { RulesWorker } from '../services/rules/index.js';

/**
 * Scaled out, the rules role runs apart from the gateways: it follows the external broker itself with
 * one ordinary (not shared) persistent subscription, so that every reading of a logger reaches the
 * one worker that holds that logger's state. Payloads go through the gateway's own decoders, so
 * the worker judges exactly what a gateway accepts.
 */
export async function followBrokerForRules(
  url: string,
  rules: RulesWorker,
  logger: Logger,
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, {
    clientId: 'coldtrace-rules',
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 86_400 },
    reconnectPeriod: 1_000,
  });
  await client.subscribeAsync(
    ['readings', 'events', 'status'].map((kind) => `${TOPIC_PREFIX}+/${kind}`),
    { qos: 1 },
  );
  client.on('message', (topic, payload) => {
    const parsed = parseDeviceTopic(topic);
    if (!parsed) return;
    const receivedAtMs = Date.now();
    const decoded = decodePayload(
      parsed.kind,
      payload,
      { deviceId: parsed.deviceId, receivedAtMs, maxItems: DEFAULT_LIMITS.maxItemsPerMessage },
      DEFAULT_LIMITS.maxPayloadBytes,
    );
    if (decoded.readings.length > 0 || decoded.events.length > 0)
      rules.ingest(decoded.readings, decoded.events);
    if (decoded.status === 'offline') rules.deviceOffline(parsed.deviceId, receivedAtMs);
  });
  client.on('error', (error) => logger.warn({ err: error }, 'rules: broker connection error'));
  logger.info({ url: redactUrl(url) }, 'rules: following the external broker');
  return client;
}
