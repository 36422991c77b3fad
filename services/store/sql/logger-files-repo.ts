import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { isUniqueViolation } from './rows.js';
import { fromJson, type SqlDb, toIso } from './sql-db.js';

/** A logger file as kept: what it is, whose, and its original bytes' SHA-256. */
export interface LoggerFileRecord {
  id: string;
  shipmentId: string;
  deviceId: string;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  format: 'csv' | 'json';
  readingsCount: number;
  firstReadingAt: string;
  lastReadingAt: string;
  timeZone: string;
  columns?: Record<string, string>;
  uploadedBy: string;
  uploadedAt: string;
}

export type NewLoggerFile = Omit<LoggerFileRecord, 'uploadedBy' | 'uploadedAt'> & { content: Buffer };

interface Row {
  id: string;
  shipment_id: string;
  device_id: string;
  file_name: string;
  media_type: string;
  sha256: string;
  size_bytes: number;
  format: 'csv' | 'json';
  readings_count: number;
  first_reading_at: Date;
  last_reading_at: Date;
  time_zone: string;
  columns: unknown;
  uploaded_by: string;
  uploaded_at: Date;
}

const COLUMNS = `id, shipment_id, device_id, file_name, media_type, sha256, size_bytes, format, readings_count,
  first_reading_at, last_reading_at, time_zone, columns, uploaded_by, uploaded_at`;

function toRecord(r: Row): LoggerFileRecord {
  const rec: LoggerFileRecord = {
    id: r.id,
    shipmentId: r.shipment_id,
    deviceId: r.device_id,
    fileName: r.file_name,
    mediaType: r.media_type,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    format: r.format,
    readingsCount: Number(r.readings_count),
    firstReadingAt: toIso(r.first_reading_at),
    lastReadingAt: toIso(r.last_reading_at),
    timeZone: r.time_zone,
    uploadedBy: r.uploaded_by,
    uploadedAt: toIso(r.uploaded_at),
  };
  if (r.columns !== null && r.columns !== undefined) rec.columns = fromJson(r.columns);
  return rec;
}

/** Logger files of shipments: the verbatim original and what was read from it, audited. */
export class LoggerFilesRepo {
  constructor(private readonly db: SqlDb) {}

  /** Keeps a file; undefined when the same bytes were already kept for the shipment (the existing id is returned). */
  async add(
    file: NewLoggerFile,
    actor: Actor,
  ): Promise<{ record: LoggerFileRecord } | { existingId: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<Row>(
          `INSERT INTO logger_files (id, shipment_id, device_id, file_name, media_type, sha256, size_bytes,
             content_base64, format, readings_count, first_reading_at, last_reading_at, time_zone, columns, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${COLUMNS}`,
          [
            file.id,
            file.shipmentId,
            file.deviceId,
            file.fileName,
            file.mediaType,
            file.sha256,
            file.sizeBytes,
            file.content.toString('base64'),
            file.format,
            file.readingsCount,
            file.firstReadingAt,
            file.lastReadingAt,
            file.timeZone,
            file.columns === undefined ? null : JSON.stringify(file.columns),
            actor.id,
          ],
        );
        const record = toRecord(rows[0]!);
        await appendAudit(tx, {
          actor,
          action: 'create',
          entity: 'logger_file',
          entityId: file.id,
          newValue: { ...record, uploadedAt: undefined },
        });
        return { record };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const same = await this.db.query<{ id: string }>(
        'SELECT id FROM logger_files WHERE shipment_id = $1 AND sha256 = $2',
        [file.shipmentId, file.sha256],
      );
      if (!same[0]) throw err;
      return { existingId: same[0].id };
    }
  }

  async list(shipmentId: string): Promise<LoggerFileRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM logger_files WHERE shipment_id = $1 ORDER BY uploaded_at, id`,
      [shipmentId],
    );
    return rows.map(toRecord);
  }

  /** The original bytes, verbatim, with the record. */
  async original(
    shipmentId: string,
    id: string,
  ): Promise<{ record: LoggerFileRecord; content: Buffer } | undefined> {
    const rows = await this.db.query<Row & { content_base64: string }>(
      `SELECT ${COLUMNS}, content_base64 FROM logger_files WHERE shipment_id = $1 AND id = $2`,
      [shipmentId, id],
    );
    const r = rows[0];
    return r ? { record: toRecord(r), content: Buffer.from(r.content_base64, 'base64') } : undefined;
  }
}
