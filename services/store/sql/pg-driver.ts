import pg from 'pg';
import type { SqlDb, SqlParam, SqlQueryable } from './sql-db.js';

/**
 * PostgreSQL over `pg`. The URL may carry `options=-c search_path=...` (the test helper gives a
 * fresh schema that way); it is applied to every pooled connection.
 */
export function openPgDb(url: string, opts: { maxConnections?: number } = {}): SqlDb {
  const { connectionString, options } = splitOptions(url);
  const pool = new pg.Pool({ connectionString, options, max: opts.maxConnections ?? 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const on = (client: pg.Pool | pg.PoolClient): SqlQueryable => ({
    async query<T>(sql: string, params: readonly SqlParam[] = []) {
      const result = await client.query(sql, params as SqlParam[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    driver: 'pg',
    ...on(pool),
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(on(client));
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `pg` reads `options` from the URL inconsistently across versions; pass it explicitly. */
function splitOptions(url: string): { connectionString: string; options?: string } {
  const u = new URL(url);
  const options = u.searchParams.get('options') ?? undefined;
  u.searchParams.delete('options');
  return { connectionString: u.toString(), options };
}
