import type { SqlQueryable } from './sql-db.js';

/** True when the error is PostgreSQL's unique violation (both drivers report code 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export async function exists(db: SqlQueryable, sql: string, params: (string | number)[]): Promise<boolean> {
  return (await db.query(sql, params)).length > 0;
}
