import { z } from 'zod';
import {
  deviceSchema,
  idSchema,
  profileSchema,
  receiptSchema,
  shipmentSchema,
  storageModeSchema,
  storageUnitSchema,
  verdictSchema,
} from '../domain/contract.js';
import { SHIPMENT_STATUSES } from '../store/sql/shipments-repo.js';

/** Response bodies of the HTTP API (OpenAPI is generated from these and the contract's schemas). */
export const idParams = z.object({ id: idSchema });

export const errorBodySchema = z.object({
  statusCode: z.number(),
  code: z.string().describe('stable error code, e.g. CT_SHIPMENT_NOT_FOUND'),
  message: z.string(),
  localizedMessage: z.string(),
  issues: z.array(z.object({ in: z.string(), path: z.string(), message: z.string() })).optional(),
  requestId: z.string(),
});

export const storedProfileSchema = profileSchema.extend({
  version: z.number().int().describe('profile version; a shipment pins the version it was created under'),
  createdAt: z.string(),
});

export const storedDeviceSchema = deviceSchema.extend({ createdAt: z.string() });
const mqttCredentialsSchema = z.object({
  username: z.string(),
  password: z.string().describe('the device secret: shown once, only its hash is kept'),
  topicPrefix: z.string(),
});
export const registeredDeviceSchema = storedDeviceSchema.extend({ mqtt: mqttCredentialsSchema });

/** POST /devices/:id/secret: why (kept in the audit trail); the body may be left out */
export const rotateSecretBodySchema = z
  .object({
    reason: z.string().min(1).max(500).optional().describe('why the secret is replaced (audit trail)'),
  })
  .nullish();
export const rotatedSecretSchema = z.object({
  id: z.string(),
  rotatedAt: z.string(),
  mqtt: mqttCredentialsSchema,
});

export const revokedDeviceSchema = z.object({ id: z.string(), revokedAt: z.string() });

export const storedShipmentSchema = shipmentSchema.extend({
  profileVersion: z.number().int(),
  status: z.enum(SHIPMENT_STATUSES),
  dispatchedAt: z.string().optional(),
  receivedAt: z.string().optional(),
  createdAt: z.string(),
});

export const receiptResultSchema = z.object({
  shipment: storedShipmentSchema,
  receipt: receiptSchema.extend({ receivedAt: z.string() }),
  verdict: verdictSchema,
  readingsDigest: z.string().describe('sha256 of the exact readings the final verdict was based on'),
  readingsCount: z.number().int(),
  eventsDigest: z
    .string()
    .optional()
    .describe(
      "sha256 of the loggers' events the final verdict was based on (absent on receipts before migration 1500)",
    ),
  eventsCount: z.number().int().optional(),
});

export const storageUnitResponseSchema = storageUnitSchema;

export const storedItemResponseSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  product: z.string(),
  storageLimitDays: z.number(),
  storedAt: z.string(),
  limitAt: z.string(),
  removedAt: z.string().optional(),
  /** issue 16: the product's id (the item's) and the step recorded */
  productId: z.string().optional(),
  eventId: z.string().optional(),
  state: z.string().optional(),
});

export const readingJsonSchema = z.object({
  deviceId: z.string(),
  ts: z.string(),
  seq: z.number().optional(),
  tempC: z.number(),
  ln2LevelPct: z.number().optional(),
  batteryPct: z.number().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});

export const isoQueryTime = z.iso.datetime({ offset: true });

/** a logger's latest reading of the last six hours; nulls when it sent none */
export const latestReadingSchema = z.object({
  deviceId: z.string(),
  tsMs: z.number().nullable(),
  tempC: z.number().nullable(),
});

/** GET /storage-units: a unit with its sensors' latest readings */
export const storageUnitWithLatestSchema = storageUnitSchema.extend({ latest: z.array(latestReadingSchema) });

/** GET /shipments/:id/context: what the handover page and the board show beside the shipment */
export const shipmentContextSchema = z.object({
  shipmentId: z.string(),
  storageMode: storageModeSchema,
  range: z
    .object({ minC: z.number().nullable(), maxC: z.number().nullable() })
    .describe("the band of the shipment's profile version; null on an open side"),
  maxTransportMinutes: z.number(),
  maxGapMinutes: z.number(),
  dispatchedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  latest: z.array(latestReadingSchema),
});

/** GET /shipments/:id/audit: one entry of the shipment's audit chain (10.3, 10.4) */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  hash: z.string(),
});
