import { z } from 'zod';
import type { Finding } from './contract.js';

/** Every kind of alert the rules worker raises: the words of the alert lifecycle, mails and API. */
export const ALERT_KINDS = [
  'TEMP_EXCURSION',
  'TEMP_WARNING',
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

/** An alert as the API gives it (GET /alerts, the pages, integrations): one home for its shape. */
export const alertSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  findingCode: z.string(),
  clause: z.string(),
  severity: z.enum(['info', 'minor', 'major', 'critical']),
  state: z.enum(ALERT_STATES),
  deviceId: z.string().optional(),
  shipmentId: z.string().optional(),
  storageUnitId: z.string().optional(),
  itemId: z.string().optional(),
  happenedAt: z.string(),
  endedAt: z.string().optional(),
  detectedAt: z.string(),
  late: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  acknowledgedBy: z.string().optional(),
  ackReason: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  closedAt: z.string().optional(),
});
