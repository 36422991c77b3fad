import type { Finding } from './contract.js';

/** Every kind of alert the rules worker raises: the words of the alert lifecycle, mails and API. */
export const ALERT_KINDS = [
  'TEMP_EXCURSION',
  'RECORD_GAP',
  'TRANSPORT_TIME_WARNING',
  'TRANSPORT_TIME_EXCEEDED',
  'COOLANT_LOW',
  'CALIBRATION_EXPIRED',
  'STORAGE_OUT_OF_RANGE',
  'STORAGE_LIMIT_DUE',
  'STORAGE_LIMIT_PASSED',
  'DEVICE_OFFLINE',
  'SENSOR_FAULT',
  'EXPOSURE',
  'DELAYED',
  'PRODUCT_EXPIRED',
  // issue 16 (7.8): a product's use-time clock at its 80 % warning point, and past its limit
  'USE_TIME_WARNING',
  'USE_TIME_EXCEEDED',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Severity = Finding['severity'];
export const ALERT_STATES = ['open', 'acknowledged', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
