import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDb, SqlParam, SqlQueryable } from './sql-db.js';

/**
 * Embedded PostgreSQL (PGlite). `dataDir` undefined gives an in-memory database (tests); a folder
 * path persists it (creating a new one takes about 4 s). PGlite has one connection, so its
 * transactions are serialised by PGlite itself.
 */
export async function openPgliteDb(dataDir?: string): Promise<SqlDb> {
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
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
