import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Reading } from '../../domain/contract.js';
import { Access, actorOf } from '../auth.js';
import { LoggerFileErrors } from '../logger-files/errors.js';
import { parseLoggerFile } from '../logger-files/parse-logger-file.js';
import { errorBodySchema, idParams } from '../schemas.js';

const MEDIA_TYPES = ['text/csv', 'application/json', 'text/plain', 'application/octet-stream'];

const recordSchema = z.object({
  id: z.string(),
  shipmentId: z.string(),
  deviceId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  format: z.enum(['csv', 'json']),
  readingsCount: z.number(),
  firstReadingAt: z.string(),
  lastReadingAt: z.string(),
  timeZone: z.string(),
  columns: z.record(z.string(), z.string()).optional(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

const uploadQuery = z.object({
  deviceId: z.string().min(1).max(200).optional(),
  fileName: z.string().min(1).max(200).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  timeColumn: z.string().min(1).max(100).optional(),
  tempColumn: z.string().min(1).max(100).optional(),
});

/**
 * Logger files at the door: a logger's CSV or JSON export, read whole and checked before anything
 * is kept; its readings go into the temperature record (InfluxDB, the store the verdict reads) and
 * the original bytes with their SHA-256 into the records store. Not wrapped in fastify-plugin: the
 * raw-body parsers stay in this scope.
 */
export async function loggerFilesRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { records, readings } = app.deps;
  const now = app.deps.now ?? Date.now;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(MEDIA_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(
    '/shipments/:id/logger-files',
    {
      config: { roles: Access.storageKeepers },
      schema: {
        tags: ['readings'],
        summary: "add a logger's file (CSV or JSON) to the shipment's record",
        description:
          "A logger's file handed over at the door (CSV: time, temperature, optional seq / level / device columns; or a JSON export). Body: the file as it is (text/csv or application/json). The whole file is checked first: a bad file is refused naming line and column and nothing is stored. Once the receipt is recorded its verdict is final and a file is refused (409 CT_LOGGER_FILE_AFTER_RECEIPT). A good file's readings are in InfluxDB (the record the verdict reads) before the answer: the 201 is the acknowledgement, so there is no spool in between; a failed write answers 503 and keeps nothing, to be sent again. The live rules worker picks the file up from the records store within its refresh (2 s) and judges its readings as it judges MQTT readings: an excursion in a file handed over while the shipment is in transit raises its alert and mail to QA (marked late), before the receipt's verdict.",
        params: idParams,
        querystring: uploadQuery,
        response: { 201: recordSchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (req, reply) => {
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const stored = await records.shipments.get(req.params.id);
      // 8.1.7: the receipt judged the record as it stood; a later file would sit in it unjudged
      if (stored.receivedAt) throw new LoggerFileErrors.afterReceipt(stored.shipment.id);
      const loggers = stored.shipment.deviceIds;
      const mediaType = (req.headers['content-type'] ?? 'text/csv').split(';')[0]!.trim();
      const parsed = parseLoggerFile(content, mediaType, req.query);

      for (const named of parsed.devicesNamed) {
        if (!loggers.includes(named.deviceId))
          throw new LoggerFileErrors.device(
            `${named.where}: ${named.deviceId} is not among ${loggers.join(', ')}`,
          );
        if (req.query.deviceId !== undefined && named.deviceId !== req.query.deviceId)
          throw new LoggerFileErrors.device(
            `${named.where}: ${named.deviceId}, the upload says ${req.query.deviceId}`,
          );
      }
      if (parsed.devicesNamed.length > 1) {
        const [a, b] = parsed.devicesNamed;
        throw new LoggerFileErrors.device(
          `${b!.where}: ${b!.deviceId} after ${a!.deviceId}; one file, one logger`,
        );
      }
      const deviceId =
        req.query.deviceId ??
        parsed.devicesNamed[0]?.deviceId ??
        (loggers.length === 1 ? loggers[0] : undefined);
      if (deviceId === undefined)
        throw new LoggerFileErrors.ambiguous(
          `the file names no logger; send deviceId= one of ${loggers.join(', ')}`,
        );
      if (!loggers.includes(deviceId))
        throw new LoggerFileErrors.device(`deviceId ${deviceId} is not among ${loggers.join(', ')}`);

      const sha256 = createHash('sha256').update(content).digest('hex');
      const prior = (await records.loggerFiles.list(stored.shipment.id)).find((f) => f.sha256 === sha256);
      if (prior) throw new LoggerFileErrors.exists(prior.id);

      const receivedAtMs = now();
      const sorted = [...parsed.readings].sort((a, b) => a.tsMs - b.tsMs);
      const toStore: Reading[] = sorted.map((r) => ({ deviceId, ...r, receivedAtMs }));
      // the readings first: InfluxDB keeps one point per device and time, so a retry after a
      // failure stores nothing twice; the file's record follows only once the readings are in
      await readings.writeReadings(toStore);
      const added = await records.loggerFiles.add(
        {
          id: `LF-${randomUUID()}`,
          shipmentId: stored.shipment.id,
          deviceId,
          fileName: req.query.fileName ?? `${deviceId}.${parsed.format}`,
          mediaType,
          sha256,
          sizeBytes: content.length,
          content,
          format: parsed.format,
          readingsCount: sorted.length,
          firstReadingAt: new Date(sorted[0]!.tsMs).toISOString(),
          lastReadingAt: new Date(sorted.at(-1)!.tsMs).toISOString(),
          timeZone: parsed.timeZone,
          ...(parsed.columns && { columns: parsed.columns }),
        },
        actorOf(req),
      );
      if ('existingId' in added) throw new LoggerFileErrors.exists(added.existingId);
      req.log.info(
        { shipmentId: stored.shipment.id, deviceId, readings: sorted.length, sha256 },
        'logger file kept',
      );
      return reply.code(201).send(added.record);
    },
  );

  app.get(
    '/shipments/:id/logger-files',
    {
      config: { roles: Access.shipmentReaders },
      schema: {
        tags: ['readings'],
        summary: 'list the logger files added to a shipment',
        params: idParams,
        response: { 200: z.object({ files: z.array(recordSchema) }), 404: errorBodySchema },
      },
    },
    async (req) => {
      const stored = await records.shipments.get(req.params.id);
      return { files: await records.loggerFiles.list(stored.shipment.id) };
    },
  );

  app.get(
    '/shipments/:id/logger-files/:fileId/original',
    {
      config: { roles: Access.shipmentReaders },
      schema: {
        tags: ['readings'],
        summary: 'download a logger file as it was uploaded',
        description: 'The file as it was handed over, byte for byte (its SHA-256 is in the record).',
        params: idParams.extend({ fileId: z.string().min(1).max(200) }),
      },
    },
    async (req, reply) => {
      const found = await records.loggerFiles.original(req.params.id, req.params.fileId);
      if (!found) throw new LoggerFileErrors.notFound(req.params.fileId);
      return reply
        .type(found.record.mediaType)
        .header('x-content-sha256', found.record.sha256)
        .header('content-disposition', `attachment; filename="${found.record.fileName.replace(/"/g, '')}"`)
        .send(found.content);
    },
  );
}
