import createError from '@fastify/error';

/**
 * Stable codes a device receives on `coldtrace/v1/devices/{id}/rejects` when a payload is refused.
 * The payload is still acknowledged (PUBACK) so the device does not resend it forever; it is kept
 * verbatim in the dead-letter file with the code.
 */
export const REJECT_CODES = [
  'CT_PAYLOAD_NOT_JSON',
  'CT_PAYLOAD_TOO_LARGE',
  'CT_PAYLOAD_EMPTY',
  'CT_READING_INVALID',
  'CT_EVENT_INVALID',
  'CT_STATUS_INVALID',
  'CT_SENML_INVALID',
  'CT_SENML_DEVICE_MISMATCH',
  'CT_TOPIC_UNKNOWN',
  'CT_BATCH_TOO_LARGE',
  'CT_SENML_CBOR_INVALID',
  'CT_SENML_UNIT',
  'CT_TS_IN_FUTURE',
  'CT_TS_TOO_OLD',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const REJECT_MESSAGES: Record<RejectCode, string> = {
  CT_PAYLOAD_NOT_JSON: 'payload is not valid UTF-8 JSON',
  CT_PAYLOAD_TOO_LARGE: 'payload is larger than the gateway accepts',
  CT_PAYLOAD_EMPTY: 'payload is empty',
  CT_READING_INVALID:
    'reading does not match the contract (ts, seq, temp_c, optional ln2_level_pct, battery_pct, lat, lon)',
  CT_EVENT_INVALID: 'event does not match the contract ({ts, type, value?})',
  CT_STATUS_INVALID: "status must be 'online' or 'offline'",
  CT_SENML_INVALID: 'SenML pack does not carry valid temperature records (unit Cel) with times',
  CT_SENML_DEVICE_MISMATCH: "SenML base name names a device other than the topic's",
  CT_TOPIC_UNKNOWN: 'topic is not one of readings, events, status',
  CT_BATCH_TOO_LARGE: 'too many readings in one message',
  CT_SENML_CBOR_INVALID: 'payload starts as a CBOR array but is not a SenML CBOR pack (RFC 8428 §6)',
  CT_SENML_UNIT: "SenML unit is not the one coldtrace takes: temperature is 'Cel' (RFC 8428 units registry)",
  CT_TS_IN_FUTURE:
    "ts is further ahead of the server's clock than COLDTRACE_MAX_CLOCK_SKEW_S allows; set the device clock",
  CT_TS_TOO_OLD: 'ts is older than the record can keep (15-year retention)',
};

/** Errors the gateway raises to its operator, declared once. */
export const MqttPortInUseError = createError<'CT_MQTT_PORT_IN_USE', 500, [string, number]>(
  'CT_MQTT_PORT_IN_USE',
  'COLDTRACE_MQTT_PORT: %s:%s is already in use; stop the other broker or choose another port',
  500,
);

export const SpoolCorruptError = createError<'CT_SPOOL_CORRUPT', 500, [string]>(
  'CT_SPOOL_CORRUPT',
  'ingest spool is unreadable: %s',
  500,
);

export const SpoolLockedError = createError<'CT_SPOOL_LOCKED', 500, [string, number]>(
  'CT_SPOOL_LOCKED',
  "ingest spool '%s' is in use by process %s; give each gateway process its own COLDTRACE_DATA_DIR",
  500,
);

export const SpoolFullError = createError<'CT_SPOOL_FULL', 503, [number]>(
  'CT_SPOOL_FULL',
  'ingest spool holds more than %s bytes not yet in InfluxDB; refusing new data',
  503,
);

export const PublishForbiddenError = createError<'CT_PUBLISH_FORBIDDEN', 403, [string, string]>(
  'CT_PUBLISH_FORBIDDEN',
  "device '%s' may not publish to '%s'",
  403,
);
