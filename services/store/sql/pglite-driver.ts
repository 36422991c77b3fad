import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDb, SqlParam, SqlQueryable } from './sql-db.js';

/**
 * Embedded PostgreSQL (PGlite). `dataDir` undefined gives an in-memory database (tests); a folder
 * path persists it (creating a new one takes about 4 s). `loadDataDir` starts from a dump
 * (PGlite.dumpDataDir), which skips initdb: tests use it to start in well under a second.
 * PGlite has one connection, so its transactions are serialised by PGlite itself.
 */
export async function openPgliteDb(
  dataDir?: string,
  opts: { loadDataDir?: Blob | File } = {},
): Promise<SqlDb> {
  const db = await PGlite.create({
    ...(dataDir && { dataDir }),
    ...(opts.loadDataDir && { loadDataDir: opts.loadDataDir }),
  });
  return pgliteSqlDb(db);
}

export function pgliteSqlDb(db: PGlite): SqlDb {
  const on = (client: PGlite | Transaction): SqlQueryable => ({
    async query<T>(sql: string, params: readonly SqlParam[] = []) {
      const result = await client.query<T>(sql, params as SqlParam[]);
      return result.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  });
  return {
    driver: 'pglite',
    ...on(db),
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => db.transaction((tx) => fn(on(tx))),
    close: () => db.close(),
  };
}
