/**
 * The one SQL abstraction of the records store. The same SQL (PostgreSQL dialect, `$1` parameters)
 * runs on `pg` (a PostgreSQL server) and on PGlite (embedded); drivers live in pg-driver.ts and
 * pglite-driver.ts.
 */
export type SqlParam = string | number | boolean | null | Date;

export interface SqlQueryable {
  /** One statement with `$n` parameters; returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlQueryable {
  readonly driver: 'pg' | 'pglite';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Timestamps come back as Date from both drivers; text or numbers are tolerated too. */
export function toMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

export function toMsOrUndefined(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : toMs(value);
}

export function toIso(value: unknown): string {
  return new Date(toMs(value)).toISOString();
}

export function toIsoOrUndefined(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}

/** jsonb comes back parsed from both drivers; a string is parsed here in case a driver does not. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
