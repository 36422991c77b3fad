import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../../services/store/sql/migrate.js';
import { pgliteSqlDb } from '../../services/store/sql/pglite-driver.js';
import type { SqlDb } from '../../services/store/sql/sql-db.js';

const TEMPLATE_DIR = path.resolve('.data/test-pglite');
const pgliteVersion = (
  JSON.parse(readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const TEMPLATE = path.join(TEMPLATE_DIR, `bare-pglite-${pgliteVersion}.tar`);

/**
 * An in-memory PGlite for tests, started from a dump of a fresh database kept in .data (creating
 * one from scratch runs initdb: seconds, many more on a loaded machine). `migrated` (default
 * true) applies the migrations.
 */
export async function testPglite(opts: { migrated?: boolean } = {}): Promise<SqlDb> {
  let dump: Blob | undefined;
  try {
    dump = new Blob([await readFile(TEMPLATE)]);
  } catch {
    const fresh = await PGlite.create();
    const blob = await fresh.dumpDataDir('none');
    await fresh.close();
    await mkdir(TEMPLATE_DIR, { recursive: true });
    const tmp = `${TEMPLATE}.${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
    await rename(tmp, TEMPLATE);
    dump = blob;
  }
  const db = pgliteSqlDb(await PGlite.create({ loadDataDir: dump }));
  if (opts.migrated !== false) await migrate(db);
  return db;
}
