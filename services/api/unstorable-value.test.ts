import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPglite } from '../../test/support/pglite.js';
import { testPostgres } from '../../test/support/postgres.js';
import { openSqlDb } from '../store/sql/open-db.js';
import type { SqlDb, SqlParam } from '../store/sql/sql-db.js';
import { unstorableValue } from './unstorable-value.js';

/** The errors the real drivers raise for values they cannot hold, and what the client is told. */
describe.each(['postgres', 'pglite'] as const)('unstorableValue on %s errors', (driver) => {
  let db: SqlDb;
  let drop: (() => Promise<void>) | undefined;
  const failureOf = async (sql: string, params: SqlParam[] = []) => {
    try {
      await db.query(sql, params);
    } catch (err) {
      return err;
    }
    throw new Error(`no error from ${sql}`);
  };

  beforeAll(async () => {
    if (driver === 'postgres') {
      const pg = await testPostgres('unstorable');
      db = await openSqlDb({ databaseUrl: pg.url, migrate: false });
      drop = () => pg.drop();
    } else {
      db = await testPglite({ migrated: false });
    }
  });
  afterAll(async () => {
    await db.close();
    await drop?.();
  });

  it('maps data exceptions (SQLSTATE 22xxx) to what to fix', async () => {
    expect(unstorableValue(await failureOf('SELECT $1::text', ['a\u0000b']))).toMatch(/character/);
    expect(unstorableValue(await failureOf(`SELECT '{"a":"\\u0000"}'::jsonb`))).toMatch(/character/);
    expect(unstorableValue(await failureOf('SELECT $1::int', ['99999999999']))).toMatch(/number/);
    expect(
      unstorableValue(await failureOf("SELECT '999999-01-01T00:00:00Z'::timestamptz + interval '1e9 days'")),
    ).toMatch(/date or time/);
  });

  it('leaves every other failure a server error (a syntax error, a unique violation)', async () => {
    expect(unstorableValue(await failureOf('SELEC 1'))).toBeUndefined();
    await db.query('CREATE TABLE uv (id text PRIMARY KEY)');
    await db.query("INSERT INTO uv VALUES ('a')");
    expect(unstorableValue(await failureOf("INSERT INTO uv VALUES ('a')"))).toBeUndefined();
    expect(unstorableValue(new Error('boom'))).toBeUndefined();
  });
});

it('a date beyond any Date computed from the request is out of range, other RangeErrors are not', () => {
  let err: unknown;
  try {
    new Date(8.64e15 + 1).toISOString();
  } catch (e) {
    err = e;
  }
  expect(unstorableValue(err)).toMatch(/out of range/);
  expect(unstorableValue(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
});
