import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPglite } from '../../../test/support/pglite.js';
import { testPostgres } from '../../../test/support/postgres.js';
import { loadMigrations, migrate } from './migrate.js';
import { openPgDb } from './pg-driver.js';
import type { SqlDb } from './sql-db.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function pgDb(): Promise<SqlDb> {
  const schema = await testPostgres('mig');
  const db = openPgDb(schema.url);
  cleanups.push(
    () => schema.drop(),
    () => db.close(),
  );
  return db;
}
async function pgliteDb(): Promise<SqlDb> {
  const db = await testPglite({ migrated: false });
  cleanups.push(() => db.close());
  return db;
}

describe.each([
  ['postgres', pgDb],
  ['pglite', pgliteDb],
])('migrations on %s', (_name, open) => {
  it('applies every file once, in order, and records it', async () => {
    const db = await open();
    const first = await migrate(db);
    expect(first[0]).toBe('0001_records.sql');
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(first);
  });

  it('rolls a failing migration back and does not record it', async () => {
    const db = await open();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await writeFile(path.join(dir, '0001_ok.sql'), 'CREATE TABLE a (x int);');
    await writeFile(path.join(dir, '0002_bad.sql'), 'CREATE TABLE b (x int); SELECT nope FROM nowhere;');
    await expect(migrate(db, dir)).rejects.toThrow();
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    expect(rows.map((r) => r.name)).toEqual(['0001_ok.sql']);
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'b'")).toEqual([]);
  });
});

it('refuses a badly named migration file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
  await writeFile(path.join(dir, '1_x.sql'), 'SELECT 1;');
  await expect(loadMigrations(dir)).rejects.toThrow(/NNNN_lower_case_name/);
});
