import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DATA_DIR_MODE, DATA_FILE_MODE } from '../data-files.js';
import type { SqlDb, SqlQueryable } from '../sql/sql-db.js';

/**
 * The audit chain's key (issue 12; 21 CFR 11.10(e)): each row carries an HMAC-SHA256 made with a
 * key that is not in the database, so whoever can write to the records store can still edit rows
 * and recompute the plain hashes, but not the MACs. The key is COLDTRACE_AUDIT_KEY, or a random
 * one kept in `<dataDir>/audit/audit-key` (0600, folder 0700), made on first start.
 */
export interface AuditKey {
  /** HMAC-SHA256 of the parts (joined unambiguously), hex */
  mac(...parts: string[]): string;
  /** where the key came from, for logs (never the key) */
  source: 'setting' | 'file';
}

export function auditKeyOf(secret: Buffer | string, source: AuditKey['source'] = 'setting'): AuditKey {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  return {
    source,
    mac: (...parts) => createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex'),
  };
}

export const auditDirOf = (dataDir: string) => path.resolve(dataDir, 'audit');

/**
 * The key from the setting, else from the data folder's key file, made when missing unless
 * `create` is false (verifying a backup must not invent a key: undefined then).
 */
export async function loadAuditKey(
  config: { dataDir: string; audit?: { key?: string } },
  opts: { create?: boolean } = {},
): Promise<AuditKey | undefined> {
  if (config.audit?.key) return auditKeyOf(config.audit.key, 'setting');
  const dir = auditDirOf(config.dataDir);
  const file = path.join(dir, 'audit-key');
  try {
    return auditKeyOf(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (opts.create === false) return undefined;
  await mkdir(dir, { recursive: true, mode: DATA_DIR_MODE });
  const bytes = randomBytes(32);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${bytes.toString('hex')}\n`, { mode: DATA_FILE_MODE, flag: 'wx' });
  try {
    // link, not rename: two processes starting at once both end up with the first key written
    await link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(tmp);
  }
  return auditKeyOf(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), 'file');
}

const KEY = Symbol('coldtrace.auditKey');
type Keyed = { [KEY]?: AuditKey };

/** The key a query runner carries (set by withAuditKey), if any. */
export function auditKeyCarried(q: SqlQueryable): AuditKey | undefined {
  return (q as SqlQueryable & Keyed)[KEY];
}

/**
 * The same database whose connections and transactions carry the audit key, so that every
 * appendAudit inside them writes the row's MAC. The drivers' objects are plain closures: copying
 * them is safe.
 */
export function withAuditKey(db: SqlDb, key: AuditKey): SqlDb {
  const keyed = <T extends SqlQueryable>(q: T): T => Object.assign({ ...q }, { [KEY]: key });
  return Object.assign(
    { ...db },
    {
      [KEY]: key,
      transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => db.transaction((tx) => fn(keyed(tx))),
      close: () => db.close(),
    },
  );
}

/**
 * Compares the key with the one this database's chain was keyed with (its fingerprint, stored on
 * first use): 'different' means this process would write MACs that verification reports.
 */
export async function checkAuditKey(
  db: SqlQueryable,
  key: AuditKey,
): Promise<'first' | 'same' | 'different'> {
  const fingerprint = key.mac('coldtrace audit key fingerprint');
  const inserted = await db.query(
    'INSERT INTO audit_key_check (fingerprint) VALUES ($1) ON CONFLICT (only_row) DO NOTHING RETURNING fingerprint',
    [fingerprint],
  );
  if (inserted.length > 0) return 'first';
  const rows = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM audit_key_check');
  return rows[0]?.fingerprint === fingerprint ? 'same' : 'different';
}
