import { z } from 'zod';

/**
 * The public contract v1 (DESIGN.md). These schemas are its source of truth: MQTT payloads and HTTP
 * bodies are parsed with them, OpenAPI is generated from them, and types are inferred from them.
 * Extend, never rename.
 */

export const STORAGE_MODES = [
  'ln2_vapor',
  'dry_ice',
  'ultra_low',
  'refrigerated',
  'controlled_room',
] as const;
export const storageModeSchema = z.enum(STORAGE_MODES);
export type StorageMode = z.infer<typeof storageModeSchema>;

export const CONTAINER_TYPES = [
  'ln2_dry_shipper',
  'dry_ice_box',
  'passive_2_8_box',
  'active_2_8_container',
  'room_temp_box',
] as const;
export const containerTypeSchema = z.enum(CONTAINER_TYPES);
export type ContainerType = z.infer<typeof containerTypeSchema>;

export const EVENT_TYPES = [
  'lid_open',
  'lid_closed',
  'door_open',
  'door_closed',
  'light',
  'shock',
  'tilt',
  'power_loss',
  'start',
  'stop',
] as const;
export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

/** An identifier people type and scan: letters, digits and - _ . : (no slashes: it goes in MQTT topics). */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'use letters, digits and . _ : - only, starting with a letter or digit',
  );

/** The range a device time may lie in, whichever form it is sent in: 2000-01-01 .. 2100-01-01. */
const TS_MIN_MS = 946_684_800_000;
const TS_MAX_MS = 4_102_444_800_000;
const TS_RANGE_MESSAGE = 'must be between 2000-01-01 and 2100-01-01';

/** RFC 3339 with an offset, or epoch milliseconds; normalised to epoch milliseconds (UTC). */
export const timestampSchema = z
  .union([
    // the same range as epoch ms, so a decoded ts always re-validates as a number
    // RFC 3339 5.6 allows a lowercase "t" and "z"
    z
      .string()
      .transform((v) => v.replace(/^(\d{4}-\d{2}-\d{2})t/, '$1T').replace(/z$/, 'Z'))
      .pipe(
        z.iso.datetime({ offset: true }).refine((v) => {
          const ms = Date.parse(v);
          return ms >= TS_MIN_MS && ms <= TS_MAX_MS;
        }, TS_RANGE_MESSAGE),
      ),
    z.number().int().min(TS_MIN_MS, TS_RANGE_MESSAGE).max(TS_MAX_MS, TS_RANGE_MESSAGE),
  ])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const isoTimeSchema = z.iso.datetime({ offset: true });

const pct = z.number().min(0).max(100);

/** One reading as a device sends it. `ts` is the device's time of measurement, never arrival time. */
export const readingPayloadSchema = z.strictObject({
  ts: timestampSchema,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  temp_c: z.number().min(-273.15).max(1000),
  ln2_level_pct: pct.optional(),
  battery_pct: pct.optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
export type ReadingPayload = z.input<typeof readingPayloadSchema>;

/** A reading inside coldtrace: device id attached, time as epoch ms (UTC). */
export interface Reading {
  deviceId: string;
  tsMs: number;
  /** absent when the device does not count (SenML, logger files): continuity is then judged by time alone */
  seq?: number;
  tempC: number;
  ln2LevelPct?: number;
  batteryPct?: number;
  lat?: number;
  lon?: number;
  /** server receive time, epoch ms */
  receivedAtMs?: number;
}

export const eventPayloadSchema = z.strictObject({
  ts: timestampSchema,
  type: eventTypeSchema,
  value: z.union([z.number(), z.string().max(200), z.boolean()]).optional(),
});

export interface DeviceEvent {
  deviceId: string;
  tsMs: number;
  type: EventType;
  value?: number | string | boolean;
  receivedAtMs?: number;
}

export const deviceStatusSchema = z.enum(['online', 'offline']);

/** Tolerance policy; the default is zero tolerance (any out-of-range reading is a deviation). */
export const toleranceSchema = z
  .strictObject({
    /** an excursion shorter than this is not (yet) a finding */
    alarmDelayMinutes: z.number().min(0).default(0),
    /** longest single excursion tolerated */
    maxSingleExcursionMinutes: z.number().min(0).optional(),
    /** cumulative minutes out of range tolerated over the window */
    maxCumulativeExcursionMinutes: z.number().min(0).optional(),
    /** limits never tolerated, whatever the budget */
    hardMinC: z.number().optional(),
    hardMaxC: z.number().optional(),
    /** extra alarm rules, e.g. WHO PQS E006 indicator rules */
    rules: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(64),
          kind: z.enum(['single', 'cumulative']),
          direction: z.enum(['above', 'below']),
          thresholdC: z.number(),
          minutes: z.number().positive(),
        }),
      )
      .max(20)
      .optional(),
  })
  .superRefine((tol, ctx) => {
    // one limit must never silently override another (issue #13 case 4, docs/rules.md R4)
    const clash = (a: string, b: string, why: string) =>
      ctx.addIssue({ code: 'custom', path: [a], message: `${a} and ${b} contradict each other: ${why}` });
    const single = tol.maxSingleExcursionMinutes;
    const cumulative = tol.maxCumulativeExcursionMinutes;
    const delay = tol.alarmDelayMinutes ?? 0;
    if (single !== undefined && delay > single)
      clash(
        'alarmDelayMinutes',
        'maxSingleExcursionMinutes',
        'the delay would excuse excursions the single budget refuses',
      );
    if (cumulative !== undefined && delay > cumulative)
      clash(
        'alarmDelayMinutes',
        'maxCumulativeExcursionMinutes',
        'the delay is longer than the whole cumulative budget',
      );
    if (single !== undefined && cumulative !== undefined && single > cumulative)
      clash(
        'maxSingleExcursionMinutes',
        'maxCumulativeExcursionMinutes',
        'a single excursion may not exceed the cumulative budget',
      );
    if (tol.hardMinC !== undefined && tol.hardMaxC !== undefined && tol.hardMinC >= tol.hardMaxC)
      clash('hardMinC', 'hardMaxC', 'the hard minimum must be below the hard maximum');
  });
export type Tolerance = z.infer<typeof toleranceSchema>;

/** 7.14: how a frozen product is thawed (issue 16). */
export const THAW_METHODS = ['water_bath', 'dry_thawer', 'room_air', 'other'] as const;
export const thawRequirementsSchema = z
  .strictObject({
    /** 7.14, 8.2.4: the bath or block temperature range during the thaw, limits inclusive */
    tempMinC: z.number().min(-50).max(100),
    tempMaxC: z.number().min(-50).max(100),
    method: z.enum(THAW_METHODS),
    /** longest thaw the manufacturer allows (optional) */
    maxMinutes: z.number().positive().max(1440).optional(),
  })
  .refine((t) => t.tempMinC <= t.tempMaxC, {
    message: 'tempMinC must not be above tempMaxC',
    path: ['tempMinC'],
  });

/** 7.8: what to do when a time limit of use has passed; the standard's example is "do not use". */
export const OVERTIME_HANDLINGS = ['do_not_use', 'record_deviation'] as const;

/** A product's cold-chain requirements (7.7, 7.8, 7.15). */
export const profileSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(200),
  storageMode: storageModeSchema,
  tempMinC: z.number().min(-273.15).max(100).optional(),
  tempMaxC: z.number().min(-273.15).max(100).optional(),
  /** pre-alarm (issue #17): a warning band inside the range; a reading outside it but in range warns */
  warnMinC: z.number().min(-273.15).max(100).optional(),
  warnMaxC: z.number().min(-273.15).max(100).optional(),
  maxTransportMinutes: z.number().int().positive(),
  containerTypes: z.array(containerTypeSchema).min(1),
  maxGapMinutes: z.number().positive(),
  arrivalGraceMinutes: z.number().min(0).optional(),
  tolerance: toleranceSchema.optional(),
  coolantMinPct: pct.optional(),
  storageLimitDays: z.number().positive().max(36_525).optional(), // at most 100 years
  /** 7.8: use time after thawing (thaw finished -> infusion) */
  postThawUseMinutes: z.number().int().positive().optional(),
  /** 7.14, 8.2.4: thaw range and method (issue 16) */
  thaw: thawRequirementsSchema.optional(),
  /** 7.8 preparation time before infusion: taken out of storage for use -> infusion (issue 16) */
  preparationMinutes: z.number().int().positive().max(100_000).optional(),
  /** 7.8, 8.2.5: use time after dilution or mixing (diluted -> infusion) */
  postDilutionUseMinutes: z.number().int().positive().max(100_000).optional(),
  /** 7.8 overtime handling; absent: do_not_use */
  overtimeHandling: z.enum(OVERTIME_HANDLINGS).optional(),
});
export type Profile = z.infer<typeof profileSchema>;

export const deviceSchema = z.strictObject({
  id: idSchema,
  /** thaw_device (issue 16): a water bath or dry thawer reporting its bath / block temperature */
  kind: z.enum(['shipper_logger', 'storage_sensor', 'thaw_device']),
  loggingIntervalS: z.number().int().positive().max(86_400),
  calibrationValidUntil: isoTimeSchema,
  /** the date the calibration was done; before it the logger is not calibrated either (10.12) */
  calibrationValidFrom: isoTimeSchema.optional(),
  model: z.string().max(100).optional(),
});
export type Device = z.infer<typeof deviceSchema>;

export const shipmentSchema = z.strictObject({
  id: idSchema,
  profileId: idSchema,
  product: z.strictObject({
    name: z.string().min(1).max(200),
    cellType: z.string().min(1).max(200),
    batch: z.string().min(1).max(100),
    quantity: z.number().int().positive(),
    state: z.enum(['fresh', 'frozen']).optional(),
    productionDate: isoTimeSchema.optional(),
    releaseDate: isoTimeSchema.optional(),
    cellCount: z.number().positive().optional(),
    volumeMl: z.number().positive().optional(),
  }),
  // 7.6: a donor type and code, never a name or a screening report
  donor: z
    .strictObject({ type: z.enum(['autologous', 'allogeneic']), code: z.string().max(64).optional() })
    .optional(),
  containerType: containerTypeSchema,
  deviceIds: z.array(idSchema).min(1).max(16),
  manufacturer: z.strictObject({
    name: z.string().min(1).max(200),
    qaEmail: z.string().email(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  }),
  origin: z.string().min(1).max(200),
  destination: z.string().min(1).max(200),
  /** issue 14: the manufacturer organisation the shipment belongs to; absent: manufacturer.name */
  manufacturerOrg: z.string().min(1).max(200).optional(),
  /** issue 14: the destination site it is bound for; absent: destination */
  destinationSite: z.string().min(1).max(200).optional(),
  expectedArrivalAt: isoTimeSchema.optional(),
  expiresAt: isoTimeSchema.optional(),
});
export type Shipment = z.infer<typeof shipmentSchema>;

export const dispatchSchema = z.strictObject({ at: isoTimeSchema.optional() });

export const RECEIPT_CHECKS = [
  'labelOk',
  'packagingOk',
  'appearanceOk',
  'documentsOk',
  'quantityOk',
] as const;
/** Receipt checks a client may leave out (added after v1's first release); absent means not recorded. */
export const OPTIONAL_RECEIPT_CHECKS = ['stateOk', 'coolantOk'] as const;
export const receiptChecksSchema = z.strictObject({
  labelOk: z.boolean(),
  packagingOk: z.boolean(),
  appearanceOk: z.boolean(),
  documentsOk: z.boolean(),
  quantityOk: z.boolean(),
  // 8.1.3: product state (fresh / frozen) as expected; optional so receipts from older clients stay valid
  stateOk: z.boolean().optional(),
  // 8.1.4: the receiver saw the LN2 level / dry-ice reserve normal at the door (evidence when loggers report no level)
  coolantOk: z.boolean().optional(),
});
export type ReceiptChecks = z.infer<typeof receiptChecksSchema>;

/** 8.1.7: what the receiving clinic records. */
export const receiptSchema = z.strictObject({
  receivedAt: isoTimeSchema.optional(),
  receiverName: z.string().min(1).max(200),
  verifierName: z.string().min(1).max(200).optional(),
  checks: receiptChecksSchema,
  notes: z.string().max(4000).optional(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const storageUnitSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(200),
  storageMode: storageModeSchema,
  tempMinC: z.number().optional(),
  tempMaxC: z.number().optional(),
  /** pre-alarm (issue #17): a warning band inside the range, as on a profile */
  warnMinC: z.number().optional(),
  warnMaxC: z.number().optional(),
  alarmDelayMinutes: z.number().min(0),
  deviceIds: z.array(idSchema).min(1).max(16),
  coolantMinPct: pct.optional(),
  site: z.string().min(1).max(200),
  /** readings further apart than this are a gap; default three logging intervals, at least 15 min */
  maxGapMinutes: z.number().positive().optional(),
});
export type StorageUnit = z.infer<typeof storageUnitSchema>;

export const storedItemSchema = z.strictObject({
  id: idSchema,
  product: z.string().min(1).max(200),
  storedAt: isoTimeSchema.optional(),
  storageLimitDays: z.number().positive().max(36_525), // at most 100 years
});
export type StoredItemInput = z.infer<typeof storedItemSchema>;

/** What a product label says (7.5, 10.4, 10.6; issue 16): enough to follow it, never a patient. */
export const productSchema = z.strictObject({
  name: z.string().min(1).max(200),
  batch: z.string().min(1).max(100),
  cellType: z.string().min(1).max(200).optional(),
  quantity: z.number().int().positive().optional(),
  /** the bags' or vials' own identifiers where the label has them */
  unitIds: z.array(idSchema).max(100).optional(),
  /** 10.4: the collection identifier where the manufacturer gives one */
  collectionId: z.string().min(1).max(100).optional(),
});
export type ProductInfo = z.infer<typeof productSchema>;

/** A product put into storage by what its label says; its time limits from `profileId` (latest version). */
export const productItemSchema = z.strictObject({
  id: idSchema,
  product: productSchema,
  profileId: idSchema.optional(),
  storedAt: isoTimeSchema.optional(),
  /** 7.7; absent: the profile's storageLimitDays */
  storageLimitDays: z.number().positive().max(36_525).optional(),
});
export type ProductItemInput = z.infer<typeof productItemSchema>;

/** A received shipment's product put into storage: name, batch, profile version come from the shipment. */
export const shipmentItemSchema = z.strictObject({
  id: idSchema,
  shipmentId: idSchema,
  /** the bag or vial of the shipment, where the label names each */
  unitId: idSchema.optional(),
  collectionId: z.string().min(1).max(100).optional(),
  storedAt: isoTimeSchema.optional(),
  storageLimitDays: z.number().positive().max(36_525).optional(),
});
export type ShipmentItemInput = z.infer<typeof shipmentItemSchema>;

export const FINDING_CODES = [
  'NO_DATA',
  'RECORD_GAP',
  'RECORD_INCOMPLETE',
  'TEMP_OUT_OF_RANGE',
  'TRANSPORT_TIME_EXCEEDED',
  'CONTAINER_MISMATCH',
  'DELAYED',
  'EXPOSURE',
  'COOLANT_LOW',
  'SENSOR_FAULT',
  'CALIBRATION_EXPIRED',
  'PRODUCT_EXPIRED',
  'RECEIPT_CHECK_FAILED',
  'RECORD_CONFLICT',
] as const;
export const findingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof findingCodeSchema>;

export const findingSchema = z.object({
  code: findingCodeSchema,
  clause: z.string(),
  severity: z.enum(['info', 'minor', 'major', 'critical']),
  message: z.string(),
  deviceId: z.string().optional(),
  from: isoTimeSchema.optional(),
  to: isoTimeSchema.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** ids of the rules the finding applies (docs/rules.md, rule-book.ts); absent on verdicts stored before */
  rules: z.array(z.string()).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const checkSchema = z.object({
  id: z.string(),
  clause: z.string(),
  status: z.enum(['pass', 'fail', 'not_applicable', 'pending']),
  label: z.string(),
  findingCodes: z.array(findingCodeSchema),
  /** ids of the rules the check applies (docs/rules.md, rule-book.ts); absent on verdicts stored before */
  rules: z.array(z.string()).optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const verdictSchema = z.object({
  shipmentId: z.string(),
  status: z.enum(['pass', 'deviation']),
  final: z.boolean(),
  window: z.object({ from: isoTimeSchema, to: isoTimeSchema }),
  findings: z.array(findingSchema),
  checks: z.array(checkSchema),
  stats: z.record(z.string(), z.unknown()),
  evaluatedAt: isoTimeSchema,
});
export type Verdict = z.infer<typeof verdictSchema>;
