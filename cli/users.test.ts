import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecordsStore } from '../services/store/sql/records-store.js';
import type { TestPostgres } from '../test/support/postgres.js';
import { testPostgres } from '../test/support/postgres.js';

const run = promisify(execFile);
const bin = path.resolve('node_modules/.bin/tsx');
const cli = path.resolve('cli/coldtrace.ts');

/** The real command, as an operator runs it. */
async function coldtrace(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(bin, [cli, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Env = Record<string, string>;

/**
 * The first administrator and a reset from the terminal: the one-time password printed works once
 * and must be changed, the old one stops working at reset, and both acts name 'cli' in the audit.
 */
async function lifeCycle(env: Env, config: Parameters<typeof openRecordsStore>[0]) {
  const created = await coldtrace(
    env,
    'users',
    'create',
    '--login',
    'first.admin',
    '--name',
    '王芳 Wang Fang',
    '--email',
    'wang@example.org',
    '--role',
    'admin',
    '--role',
    'qa',
    '--site',
    'site-a',
  );
  expect(created.stderr).toContain("temporary password for 'first.admin' (shown once");
  expect(created.code).toBe(0);
  const out = JSON.parse(created.stdout);
  expect(out.user).toMatchObject({
    login: 'first.admin',
    printedName: '王芳 Wang Fang',
    roles: ['admin', 'qa'],
    scope: { site: 'site-a' },
    mustChangePassword: true,
  });
  expect(out.password).toMatch(/^.{12,}$/);

  // the same login twice is refused; a bad role is a usage error
  const twice = await coldtrace(
    env,
    ...['users', 'create', '--login', 'first.admin', '--name', 'X', '--email', 'x@example.org'],
    ...['--role', 'admin'],
  );
  expect(twice.code).toBe(1);
  expect(twice.stderr).toContain('CT_LOGIN_TAKEN');
  const badRole = await coldtrace(
    env,
    ...['users', 'create', '--login', 'b.bad', '--name', 'B', '--email', 'b@example.org', '--role', 'boss'],
  );
  expect(badRole.code).toBe(2);
  expect(badRole.stderr).toContain('--role');

  const invited = await coldtrace(
    env,
    ...['users', 'create', '--login', 'li.qa', '--name', 'Li', '--email', 'li@example.org', '--role', 'qa'],
    ...['--org', 'CellCo', '--invite', '--locale', 'en'],
  );
  expect(invited.code).toBe(0);
  const inv = JSON.parse(invited.stdout);
  expect(inv.invitation).toMatch(/^cti_/);
  expect(inv.password).toBeUndefined();
  expect(inv.user).toMatchObject({ passwordSet: false, scope: { organisation: 'CellCo' }, locale: 'en' });

  const reset = await coldtrace(env, 'users', 'reset', 'first.admin', '--reason', 'forgot it');
  expect(reset.code).toBe(0);
  const newPassword = JSON.parse(reset.stdout).password as string;
  expect(newPassword).not.toBe(out.password);
  expect((await coldtrace(env, 'users', 'reset', 'nobody')).code).toBe(1);

  const listed = await coldtrace(env, 'users', 'list');
  expect(
    listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).login),
  ).toEqual(['first.admin', 'li.qa']);

  const store = await openRecordsStore(config);
  try {
    const old = await store.users.verifyCredentials('first.admin', out.password, '127.0.0.9');
    expect(old.ok).toBe(false);
    const now = await store.users.verifyCredentials('first.admin', newPassword, '127.0.0.9');
    expect(now.ok).toBe(true);
    if (now.ok) expect(now.user.mustChangePassword).toBe(true);
    const trail = await store.auditOf('user', out.user.id);
    expect(trail.map((r) => [r.actorId, r.action, r.reason])).toEqual([
      ['cli', 'create', null],
      ['cli', 'reset_password', 'forgot it'],
    ]);
    expect(trail[0]!.actorName).toMatch(/^cli \(/);
    // the secret itself is never in the audit trail
    for (const r of trail) expect(`${r.newValue}${r.oldValue}`).not.toContain(newPassword);
    expect((await store.verifyAudit()).ok).toBe(true);
  } finally {
    await store.close();
  }
}

describe('coldtrace users create|reset|list', () => {
  let pg: TestPostgres;
  let dataDir: string;
  beforeAll(async () => {
    pg = await testPostgres('cliusers');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-cli-users-'));
  });
  afterAll(async () => {
    await pg.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  // eight real command runs (tsx start-up each): time for a loaded machine
  it('over PostgreSQL', { timeout: 240_000 }, async () => {
    await lifeCycle(
      // the same data folder as the store below: its audit key signs the CLI's audit rows (issue 12)
      { COLDTRACE_DATABASE_URL: pg.url, COLDTRACE_DATA_DIR: dataDir, COLDTRACE_LOG_LEVEL: 'silent' },
      {
        databaseUrl: pg.url,
        dataDir,
      },
    );
  });

  it('over PGlite in the data folder', { timeout: 240_000 }, async () => {
    const env: Env = { COLDTRACE_DATA_DIR: dataDir, COLDTRACE_LOG_LEVEL: 'silent' };
    delete process.env.COLDTRACE_DATABASE_URL;
    await lifeCycle(env, { dataDir });
  });
});
