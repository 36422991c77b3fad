/**
 * The MQTT topic tree of the public contract v1 (DESIGN.md, MQTT):
 *   coldtrace/v1/devices/{deviceId}/readings | events | status   device -> gateway
 *   coldtrace/v1/devices/{deviceId}/rejects                       gateway -> device
 */
export const TOPIC_PREFIX = 'coldtrace/v1/devices/';
export const INBOUND_KINDS = ['readings', 'events', 'status'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

export interface ParsedTopic {
  deviceId: string;
  /** the last level; not necessarily a known kind */
  kind: string;
}

/** Splits a device topic; undefined when it is not under coldtrace/v1/devices/{id}/{kind}. */
export function parseDeviceTopic(topic: string): ParsedTopic | undefined {
  if (!topic.startsWith(TOPIC_PREFIX)) return undefined;
  const slash = topic.indexOf('/', TOPIC_PREFIX.length);
  if (slash <= TOPIC_PREFIX.length) return undefined;
  const kind = topic.slice(slash + 1);
  if (kind.length === 0 || kind.includes('/')) return undefined;
  return { deviceId: topic.slice(TOPIC_PREFIX.length, slash), kind };
}

export function isInboundKind(kind: string): kind is InboundKind {
  return kind === 'readings' || kind === 'events' || kind === 'status';
}

export const rejectsTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/rejects`;
export const statusTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/status`;

/**
 * ACL: a device publishes only under its own id ([MQTT-3.3.2] leaves authorisation to the server).
 * Unknown kinds under its own id are allowed through to be answered with CT_TOPIC_UNKNOWN.
 */
export function mayPublish(deviceId: string, topic: string): boolean {
  const own = `${TOPIC_PREFIX}${deviceId}/`;
  return topic.startsWith(own) && topic.length > own.length && topic !== `${own}rejects`;
}

/** ACL: a device subscribes only to its own rejects topic (no wildcards). */
export function maySubscribe(deviceId: string, topicFilter: string): boolean {
  return topicFilter === rejectsTopic(deviceId);
}
