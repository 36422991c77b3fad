import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Reading } from '../../domain/contract.js';
import { Access } from '../auth.js';
import { ApiErrors } from '../errors.js';
import { readingsCsv } from '../exports/readings-csv.js';
import { requestLocale } from '../locale.js';
import { receiptSignatureViews } from '../people/signing.js';
import { errorBodySchema, idParams, isoQueryTime, readingJsonSchema } from '../schemas.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';
import { compareWithReceipt, recordCheckSchema } from '../verdict/record-check.js';
import { digestReadings, freshLoader, loadShipmentRecord } from '../verdict/shipment-record.js';

const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

const toJson = (r: Reading) => ({
  deviceId: r.deviceId,
  ts: new Date(r.tsMs).toISOString(),
  seq: r.seq,
  tempC: r.tempC,
  ...(r.ln2LevelPct !== undefined && { ln2LevelPct: r.ln2LevelPct }),
  ...(r.batteryPct !== undefined && { batteryPct: r.batteryPct }),
  ...(r.lat !== undefined && { lat: r.lat }),
  ...(r.lon !== undefined && { lon: r.lon }),
});

const shipmentReadingsSchema = z.object({
  shipmentId: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  readingsDigest: z.string(),
  recordCheck: recordCheckSchema.optional(),
  readings: z.array(readingJsonSchema),
});

/** The temperature record: a shipment's (CSV or JSON) and a device's over a time range. */
export const readingsRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, readings, config } = app.deps;
    app.get(
      '/shipments/:id/readings',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['readings'],
          summary: "the shipment's temperature record (JSON or CSV)",
          description:
            "The loggers' readings over the transport window. CSV gives each time in UTC and in the site zone with its offset (the header names the zone); a received shipment's electronic signatures come first as `#` lines (name, meaning, time in the site zone: 11.50(b)), in the language of Accept-Language / `?lang=`.",
          params: idParams,
          querystring: z.object({
            format: z.enum(['csv', 'json']).default('json'),
            lang: z.string().max(10).optional(),
          }),
          response: { 200: shipmentReadingsSchema.or(z.string()), 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const stored = await records.shipments.get(req.params.id);
        const nowMs = app.deps.now();
        const locale = requestLocale(req, config.site.locale);
        const [{ record, fromMs, toMs }, receipt] = await Promise.all([
          app.verdicts.recordOf(stored, nowMs),
          stored.receivedAt ? records.shipments.receiptOf(stored.shipment.id) : undefined,
        ]);
        // Annex 11 §8.2: a received shipment's record is compared with what the receipt signed for
        const recordCheck = receipt && compareWithReceipt(receipt, record, nowMs, locale);
        if (req.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${stored.shipment.id}-readings.csv"`)
            .serializer((s: unknown) => String(s))
            .send(
              readingsCsv(record.readings, config.site.timeZone, {
                signatures: await receiptSignatureViews(records, stored.shipment.id),
                locale,
                notices:
                  recordCheck?.status === 'changed' ? [`${recordCheck.code}: ${recordCheck.message}`] : [],
              }),
            );
        }
        return {
          shipmentId: stored.shipment.id,
          window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
          readingsDigest: digestReadings(record.readings),
          ...(recordCheck && { recordCheck }),
          readings: record.readings.map(toJson),
        };
      },
    );
    app.get(
      '/devices/:id/readings',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['readings'],
          summary: "a device's readings over a time range",
          params: idParams,
          querystring: z.object({ from: isoQueryTime, to: isoQueryTime }),
          response: {
            200: z.object({ deviceId: z.string(), readings: z.array(readingJsonSchema) }),
            400: errorBodySchema,
          },
        },
      },
      async (req) => {
        refuseTimesOutOfBounds(
          [
            { field: 'query.from', in: 'querystring', path: 'from', iso: req.query.from },
            { field: 'query.to', in: 'querystring', path: 'to', iso: req.query.to },
          ],
          app.deps.now(),
        );
        const fromMs = Date.parse(req.query.from);
        const toMs = Date.parse(req.query.to);
        if (!(fromMs < toMs) || toMs - fromMs > MAX_RANGE_DAYS * DAY_MS)
          throw new ApiErrors.rangeInvalid(MAX_RANGE_DAYS);
        await records.devices.get(req.params.id);
        const record = await loadShipmentRecord(freshLoader(readings), [req.params.id], fromMs, toMs);
        return { deviceId: req.params.id, readings: record.readings.map(toJson) };
      },
    );
  },
  { name: 'coldtrace-readings', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
