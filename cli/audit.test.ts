import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPostgres } from '../test/support/postgres.js';
import { testPostgres } from '../test/support/postgres.js';

const run = promisify(execFile);
const bin = path.resolve('node_modules/.bin/tsx');
const cli = path.resolve('cli/coldtrace.ts');

/** The real command, as an operator runs it, against a real PostgreSQL schema. */
async function coldtrace(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(bin, [cli, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('coldtrace keys and coldtrace audit verify', () => {
  let pg: TestPostgres;
  let env: Record<string, string>;
  beforeAll(async () => {
    pg = await testPostgres('cli');
    env = {
      COLDTRACE_DATABASE_URL: pg.url,
      COLDTRACE_LOG_LEVEL: 'silent',
      COLDTRACE_AUDIT_KEY: 'cli-test-audit-key-0123456789abcdef',
    };
  });
  afterAll(() => pg.drop());

  // six real command runs (tsx start-up each): give them time on a loaded machine
  it('issues and revokes keys, and catches an audit row changed behind the application', {
    timeout: 120_000,
  }, async () => {
    const created = await coldtrace(env, 'keys', 'create', '--role', 'receiver', '--name', 'dock 1');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ role: 'receiver', name: 'dock 1' });
    expect(key.key).toMatch(/^ctk_/);
    expect((await coldtrace(env, 'keys', 'create', '--role', 'boss')).code).toBe(2);
    expect((await coldtrace(env, 'keys', 'revoke', key.id, '--reason', 'left')).code).toBe(0);

    const good = await coldtrace(env, 'audit', 'verify');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, rows: 2 });

    const pgMod = await import('pg');
    const client = new pgMod.default.Client({
      connectionString: pg.url.replace(/\?.*$/, ''),
      options: `-c search_path=${pg.schema}`,
    });
    await client.connect();
    await client.query(`ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only;
      UPDATE audit_trail SET actor_name = 'someone else' WHERE seq = 1;
      ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only;`);
    await client.end();
    const bad = await coldtrace(env, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('audit audit_trail 1: edited');
  });
});
