import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  findingSchema,
  idSchema,
  productItemSchema,
  shipmentItemSchema,
  storageUnitSchema,
  storedItemSchema,
} from '../../domain/contract.js';
import { warningBandProblem } from '../../domain/pre-alarm.js';
import { REMOVAL_PURPOSES } from '../../domain/product-journey.js';
import { inScope } from '../../domain/scope.js';
import { resolveRange } from '../../domain/storage-modes.js';
import { StoreErrors } from '../../store/sql/errors.js';
import { Access, actorOf } from '../auth.js';
import { ApiErrors, invalidRequest, type RequestIssue } from '../errors.js';
import { productToStore } from '../journey/product-intake.js';
import { stepSignatureSchema, stepSigner } from '../journey/step-signing.js';
import { requestLocale } from '../locale.js';
import { latestReadingsOf } from '../pages/latest-readings.js';
import { refuseOutsideScope, scopeOf, unitBelonging } from '../people/scope.js';
import {
  errorBodySchema,
  idParams,
  storageUnitWithLatestSchema,
  storedItemResponseSchema,
} from '../schemas.js';
import { localDate, storageReport } from '../storage/storage-report.js';
import { longStorageStatusOf, storageStatusOf } from '../storage/storage-status.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';
import { freshLoader, loadShipmentRecord } from '../verdict/shipment-record.js';
import { refuseOutOfOrder } from './products.js';

const DAY_MS = 86_400_000;
/** the status judges the last day of the unit's record unless asked for more, up to 90 days */
const MAX_STATUS_DAYS = 90;
/** up to this many days the status reads every point; beyond, quiet hours come as hourly summaries */
const RAW_STATUS_DAYS = 2;

const statusSchema = z.object({
  unitId: z.string(),
  status: z.enum(['ok', 'alarm']),
  window: z.object({ from: z.string(), to: z.string() }),
  findings: z.array(findingSchema),
  items: z.array(
    z.object({
      id: z.string(),
      product: z.string(),
      storedAt: z.string(),
      limitAt: z.string(),
      state: z.enum(['ok', 'due_soon', 'overdue']),
    }),
  ),
  evaluatedAt: z.string(),
  source: z
    .object({
      hours: z.number().int().describe('hours of the record with points, per sensor, summed'),
      summarized: z.number().int().describe('of them judged from their hourly summary'),
      rawHours: z.number().int().describe('of them judged from their points'),
      summariesMade: z.number().int().describe('hourly summaries made (and kept) for this answer'),
    })
    .optional()
    .describe('how a status of more than two days read the record (raw data stays the record)'),
});

/** the report covers the last 30 days unless asked, and at most 16 years (records are kept 15) */
const REPORT_DEFAULT_DAYS = 30;
const REPORT_MAX_DAYS = 16 * 366;

const reportSchema = z.object({
  unitId: z.string(),
  timeZone: z.string().describe('the zone the days are cut in'),
  from: z.string(),
  to: z.string(),
  range: z.object({ minC: z.number().nullable(), maxC: z.number().nullable() }),
  days: z.array(
    z.object({
      date: z.string(),
      deviceId: z.string(),
      readings: z.number().int(),
      minC: z.number().nullable(),
      maxC: z.number().nullable(),
      meanC: z.number().nullable(),
      hours: z.number().int(),
      hoursOutOfRange: z.number().int(),
    }),
  ),
  sensors: z.array(
    z.object({
      deviceId: z.string(),
      readings: z.number().int(),
      minC: z.number().nullable(),
      maxC: z.number().nullable(),
      hoursOutOfRange: z.number().int(),
      daysWithReadings: z.number().int(),
    }),
  ),
  source: z.object({
    sensorDays: z.number().int(),
    fromSummaries: z.number().int(),
    fromRaw: z.number().int(),
    summariesMade: z.number().int(),
  }),
});

/** Fridges, freezers, LN2 tanks and the items stored in them (7.7 storage mode and time limit). */
export const storageRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, readings, config } = app.deps;
    const itemParams = z.object({ id: idSchema, itemId: idSchema });
    /** v1: an item not (or no longer) in this unit is 404 CT_ITEM_NOT_FOUND */
    const inUnit = async (itemId: string, unitId: string) => {
      const p = await records.products.find(itemId);
      if (p?.unitId !== unitId) throw new StoreErrors.itemNotFound(itemId);
    };
    /** The item as v1 answers it, from the product's record (its unit now, its first storage). */
    const itemResponse = async (itemId: string) => {
      const p = await records.products.get(itemId);
      const removed = (await records.products.events(itemId)).findLast((e) => e.kind === 'removed');
      return {
        id: p.id,
        unitId: p.unitId ?? removed?.unitId ?? '',
        product: p.product.name,
        storageLimitDays: p.storageLimitDays ?? 0,
        storedAt: p.firstStoredAt,
        limitAt: p.limitAt ?? p.firstStoredAt,
        ...(removed && { removedAt: removed.at }),
        productId: p.id,
        state: p.state,
      };
    };
    app.post(
      '/storage-units',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['storage'],
          summary: 'register a fridge, freezer or LN2 tank',
          body: storageUnitSchema,
          response: { 201: storageUnitSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        refuseOutsideScope(scopeOf(req), unitBelonging(req.body));
        const u = req.body;
        const problem = warningBandProblem(resolveRange(u.storageMode, u.tempMinC, u.tempMaxC), u);
        if (problem) throw new ApiErrors.warningBandInvalid(problem);
        return reply.code(201).send(await records.storage.createUnit(req.body, actorOf(req)));
      },
    );
    app.get(
      '/storage-units',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          summary: 'list storage units',
          description:
            "The storage units the caller's scope sees, each with its sensors' latest readings of the last six hours (the live board).",
          response: { 200: z.array(storageUnitWithLatestSchema) },
        },
      },
      async (req) => {
        const scope = scopeOf(req);
        const units = (await records.storage.listUnits()).filter((u) => inScope(scope, unitBelonging(u)));
        const nowMs = app.deps.now();
        return Promise.all(
          units.map(async (unit) => ({
            ...unit,
            latest: await latestReadingsOf(readings, unit.deviceIds, nowMs),
          })),
        );
      },
    );
    app.get(
      '/storage-units/:id',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          summary: 'read a storage unit',
          params: idParams,
          response: { 200: storageUnitSchema, 404: errorBodySchema },
        },
      },
      async (req) => records.storage.getUnit(req.params.id),
    );
    const signature = { signature: stepSignatureSchema.optional() };
    app.post(
      '/storage-units/:id/items',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          summary: 'put an item into a storage unit',
          description:
            'Puts a product into the unit (7.7): `product` as an object with at least name and batch (issue 16), or `shipmentId` of a received shipment (its product, batch and profile version), or the v1 form `product` as text. The storage limit runs from this first storage, across moves.',
          params: idParams,
          body: z.union([
            storedItemSchema.extend(signature),
            productItemSchema.extend(signature),
            shipmentItemSchema.extend(signature),
          ]),
          response: {
            201: storedItemResponseSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const nowMs = app.deps.now();
        refuseTimesOutOfBounds(
          [{ field: 'item.storedAt', in: 'body', path: 'storedAt', iso: req.body.storedAt }],
          nowMs,
        );
        const unit = await records.storage.getUnit(req.params.id);
        const { signature: sig, ...body } = req.body;
        const toStore = await productToStore(records, body, nowMs);
        const sign = await stepSigner(records, req, sig, {
          roles: Access.storageKeepers,
          belonging: unitBelonging(unit),
          nowMs,
        });
        const { item, event } = await records.products.store(unit.id, toStore, nowMs, actorOf(req), sign);
        return reply.code(201).send({ ...item, productId: item.id, eventId: event.id });
      },
    );
    app.post(
      '/storage-units/:id/items/:itemId/move',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          summary: 'move an item to another storage unit',
          description:
            'Moves the item to another unit of the same site (issue 16). Its storage limit keeps running from the first storage (7.7).',
          params: itemParams,
          body: z.strictObject({
            toUnitId: idSchema,
            at: z.iso.datetime({ offset: true }).optional(),
            reason: z.string().max(1000).optional(),
            ...signature,
          }),
          response: {
            200: storedItemResponseSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req) => {
        const nowMs = app.deps.now();
        refuseTimesOutOfBounds([{ field: 'product.at', in: 'body', path: 'at', iso: req.body.at }], nowMs);
        const atMs = req.body.at ? Date.parse(req.body.at) : nowMs;
        const unit = await records.storage.getUnit(req.params.id);
        const target = await records.storage.getUnit(req.body.toUnitId);
        // a unit outside the caller's scope is answered as an unknown one
        if (!inScope(scopeOf(req), unitBelonging(target)))
          throw new StoreErrors.storageUnitNotFound(target.id);
        const sign = await stepSigner(records, req, req.body.signature, {
          roles: Access.storageKeepers,
          belonging: unitBelonging(unit),
          nowMs,
        });
        await inUnit(req.params.itemId, unit.id);
        await records.products.append(
          req.params.itemId,
          ({ product, events }) => {
            if (product.unitId !== unit.id) throw new StoreErrors.itemNotFound(req.params.itemId);
            refuseOutOfOrder(events, atMs);
            return { kind: 'moved', atMs, unitId: unit.id, toUnitId: target.id, reason: req.body.reason };
          },
          nowMs,
          actorOf(req),
          sign,
        );
        return itemResponse(req.params.itemId);
      },
    );
    app.post(
      '/storage-units/:id/items/:itemId/remove',
      {
        config: { roles: Access.storageKeepers },
        schema: {
          tags: ['storage'],
          summary: 'take an item out of a storage unit',
          description:
            'Takes the item out (issue 16): `purpose` use (its use-time clock starts, 7.8), transfer or discard; a `reason` text alone is kept as in v1.',
          params: itemParams,
          body: z
            .strictObject({
              reason: z.string().max(1000).optional(),
              purpose: z.enum(REMOVAL_PURPOSES).optional(),
              at: z.iso.datetime({ offset: true }).optional(),
              ...signature,
            })
            .nullish(),
          response: {
            200: storedItemResponseSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req) => {
        const nowMs = app.deps.now();
        refuseTimesOutOfBounds([{ field: 'product.at', in: 'body', path: 'at', iso: req.body?.at }], nowMs);
        const atMs = req.body?.at ? Date.parse(req.body.at) : nowMs;
        const unit = await records.storage.getUnit(req.params.id);
        const reason = req.body?.reason;
        const purpose = req.body?.purpose ?? REMOVAL_PURPOSES.find((p) => p === reason?.trim().toLowerCase());
        const sign = await stepSigner(records, req, req.body?.signature, {
          roles: Access.storageKeepers,
          belonging: unitBelonging(unit),
          nowMs,
        });
        await inUnit(req.params.itemId, unit.id);
        await records.products.append(
          req.params.itemId,
          ({ product, events }) => {
            if (product.unitId !== unit.id) throw new StoreErrors.itemNotFound(req.params.itemId);
            refuseOutOfOrder(events, atMs);
            return { kind: 'removed', atMs, unitId: unit.id, purpose, reason };
          },
          nowMs,
          actorOf(req),
          sign,
        );
        return itemResponse(req.params.itemId);
      },
    );
    app.get(
      '/storage-units/:id/status',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          summary: "a storage unit's state, findings and items with their limits",
          description: `7.7 storage mode and limits: the unit judged over the last \`days\` (1 to ${MAX_STATUS_DAYS}, default 1) by the rules the verdicts use. Beyond ${RAW_STATUS_DAYS} days, quiet whole hours are judged from hourly summaries the project keeps beside the raw readings (checked against InfluxDB's own count of the hour's points, so a late reading makes one stale); every hour with anything to find is read raw.`,
          params: idParams,
          querystring: z.object({
            lang: z.string().optional(),
            days: z.coerce.number().int().min(1).max(MAX_STATUS_DAYS).default(1),
          }),
          response: { 200: statusSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const nowMs = app.deps.now();
        const unit = await records.storage.getUnit(req.params.id);
        const [items, devices] = await Promise.all([
          records.storage.itemsIn(unit.id),
          records.devices.many(unit.deviceIds),
        ]);
        const lookbackMs = req.query.days * DAY_MS;
        const opts = {
          locale: requestLocale(req, config.site.locale),
          timeZone: config.site.timeZone,
          lookbackMs,
        };
        // 7.7: the domain's evaluateStorage, the same rules the verdicts use
        if (req.query.days > RAW_STATUS_DAYS)
          return longStorageStatusOf(unit, devices, items, readings, nowMs, {
            ...opts,
            logger: app.deps.logger,
          });
        const record = await loadShipmentRecord(
          freshLoader(readings),
          unit.deviceIds,
          nowMs - lookbackMs,
          nowMs,
        );
        return storageStatusOf(unit, devices, items, record, nowMs, opts);
      },
    );
    const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
    app.get(
      '/storage-units/:id/report',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['storage'],
          summary: "a storage unit's daily temperature report, up to 16 years",
          description: `10.4 records, 7.7 storage conditions: per sensor and local day (the site's zone, named in \`timeZone\`; UTC where the site's offset is not whole hours) from \`from\` to \`to\` (YYYY-MM-DD, default the last ${REPORT_DEFAULT_DAYS} days, at most ${REPORT_MAX_DAYS} days): readings, lowest, highest and time-weighted mean temperature, hours with readings and hours out of range. Made from the hourly summaries the project keeps beside the raw readings; each sensor-day is checked against InfluxDB's count of its raw points and read raw again when they differ. A report, not a verdict: the findings are in the status and the verdicts.`,
          params: idParams,
          querystring: z.object({ from: dateSchema.optional(), to: dateSchema.optional() }),
          response: { 200: reportSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (req) => {
        const unit = await records.storage.getUnit(req.params.id);
        const today = localDate(app.deps.now(), config.site.timeZone);
        const to = req.query.to ?? today;
        const toDayMs = Date.parse(`${to}T00:00:00Z`);
        const from =
          req.query.from ?? new Date(toDayMs - (REPORT_DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
        const fromDayMs = Date.parse(`${from}T00:00:00Z`);
        const issues: RequestIssue[] = [];
        for (const [name, ms, text] of [
          ['from', fromDayMs, from],
          ['to', toDayMs, to],
        ] as const) {
          if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text)
            issues.push({ in: 'querystring', path: name, message: 'not a calendar date' });
        }
        if (issues.length === 0 && fromDayMs > toDayMs)
          issues.push({ in: 'querystring', path: 'from', message: 'after to' });
        if (issues.length === 0 && (toDayMs - fromDayMs) / DAY_MS + 1 > REPORT_MAX_DAYS)
          issues.push({
            in: 'querystring',
            path: 'from',
            message: `more than ${REPORT_MAX_DAYS} days before to`,
          });
        if (issues.length > 0) throw invalidRequest(issues);
        // days far in the past or the future: the bounds every other time of a request has
        refuseTimesOutOfBounds(
          [
            { field: 'query.from', in: 'querystring', path: 'from', iso: `${from}T00:00:00Z` },
            { field: 'query.to', in: 'querystring', path: 'to', iso: `${to}T00:00:00Z` },
          ],
          app.deps.now(),
        );
        return storageReport(readings, unit, from, to, config.site.timeZone, app.deps.logger);
      },
    );
  },
  { name: 'coldtrace-storage', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
