import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { migrate } from './migrate.js';
import { openPgDb } from './pg-driver.js';
import { openPgliteDb } from './pglite-driver.js';
import { lockPgliteDir } from './pglite-lock.js';
import type { SqlDb } from './sql-db.js';

export interface SqlDbOptions {
  /** postgres:// URL; unset means embedded PGlite */
  databaseUrl?: string;
  /** embedded data folder; PGlite lives in `<dataDir>/records`. Unset with no URL: in memory. */
  dataDir?: string;
  /** apply pending migrations (default true) */
  migrate?: boolean;
}

/** PostgreSQL when a URL is given, else PGlite; migrated to the current schema. */
export async function openSqlDb(opts: SqlDbOptions): Promise<SqlDb> {
  let db: SqlDb;
  if (opts.databaseUrl) {
    db = openPgDb(opts.databaseUrl);
  } else if (opts.dataDir) {
    const dir = path.resolve(opts.dataDir, 'records');
    await mkdir(dir, { recursive: true });
    const release = await lockPgliteDir(dir);
    try {
      const inner = await openPgliteDb(dir);
      db = {
        ...inner,
        async close() {
          await inner.close();
          await release();
        },
      };
    } catch (err) {
      await release();
      throw err;
    }
  } else {
    db = await openPgliteDb();
  }
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
  }
  return db;
}
