import { codedError } from '../services/domain/coded-error.js';
import { t } from '../services/domain/messages/catalog.js';

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

/** The English text sent with a reject: the catalogue's (services/domain/messages/operations.ts). */
export function rejectMessage(code: RejectCode): string {
  return t('en', `error.${code}`);
}

/** Errors the gateway raises to its operator, declared once. */
export const MqttPortInUseError = codedError('CT_MQTT_PORT_IN_USE', 500, ['host', 'port']);

export const SpoolCorruptError = codedError('CT_SPOOL_CORRUPT', 500, ['detail']);

export const SpoolLockedError = codedError('CT_SPOOL_LOCKED', 500, ['dir', 'pid']);

export const SpoolFullError = codedError('CT_SPOOL_FULL', 503, ['bytes']);

export const PublishForbiddenError = codedError('CT_PUBLISH_FORBIDDEN', 403, ['id', 'topic']);
