import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { newUserSchema } from '../services/api/people/schemas.js';
import type { Config } from '../services/config/config.js';
import { passwordProblem } from '../services/store/people/passwords.js';
import { ROLES } from '../services/store/sql/api-keys-repo.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';
import { cliActor } from './keys.js';

const USAGE = `usage: coldtrace users create --login NAME --name "PRINTED NAME" --email ADDRESS --role ROLE
                              [--role ROLE ...] [--org ORGANISATION] [--site SITE] [--locale zh-CN|en]
                              [--invite]
       coldtrace users reset LOGIN [--reason TEXT] [--invite]
       coldtrace users list
roles: ${ROLES.join(', ')}

create and reset print, once, a temporary password the person must change at their first
sign-in; with --invite an invitation token instead (POST /api/v1/users/activate, valid 7 days).
Both are written to the audit trail with the operator as 'cli'.`;

/** A temporary password that meets the policy (12+ characters, not the login name). */
export function temporaryPassword(login: string): string {
  for (;;) {
    const candidate = randomBytes(15).toString('base64url');
    if (!passwordProblem(candidate, login)) return candidate;
  }
}

const options = {
  login: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', multiple: true },
  org: { type: 'string' },
  site: { type: 'string' },
  locale: { type: 'string' },
  invite: { type: 'boolean' },
  reason: { type: 'string' },
} as const;

function sayOnce(kind: 'password' | 'invitation', login: string): void {
  console.error(
    kind === 'password'
      ? `temporary password for '${login}' (shown once; to be changed at the first sign-in):`
      : `invitation for '${login}' (shown once; valid 7 days, POST /api/v1/users/activate):`,
  );
}

/**
 * `coldtrace users ...`: the first administrator of a fresh installation and password resets from
 * the terminal, where no signed-in administrator exists yet (issue 14). The secret is printed once.
 */
export async function runUsersCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'reset' && sub !== 'list') {
    console.error(USAGE);
    return 2;
  }
  const argv = parsedArgs(rest);
  if (!argv) return 2;
  const { values, positionals } = argv;
  let input: ReturnType<typeof newUserSchema.parse> | undefined;
  if (sub === 'create') {
    const parsed = newUserSchema.safeParse({
      login: values.login,
      printedName: values.name,
      email: values.email,
      roles: values.role,
      ...(values.locale !== undefined && { locale: values.locale }),
      scope: {
        ...(values.org !== undefined && { organisation: values.org }),
        ...(values.site !== undefined && { site: values.site }),
      },
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `--${cliName(String(i.path[0]))}: ${i.message}`);
      console.error(`coldtrace users create: ${problems.join('; ')}\n\n${USAGE}`);
      return 2;
    }
    input = parsed.data;
  }
  if (sub === 'reset' && !positionals[0]) {
    console.error(USAGE);
    return 2;
  }
  const store = await openRecordsStore(config);
  try {
    if (input) {
      const password = values.invite ? undefined : temporaryPassword(input.login);
      const { user, invitation } = await store.users.create(
        { ...input, initialPassword: password },
        cliActor(),
      );
      sayOnce(password ? 'password' : 'invitation', user.login);
      console.log(JSON.stringify({ user, ...(password ? { password } : { invitation }) }));
    } else if (sub === 'reset') {
      const found = await store.users.byLogin(positionals[0]!);
      if (!found) {
        console.error(`coldtrace users: no account with the login name '${positionals[0]}'`);
        return 1;
      }
      const password = values.invite ? undefined : temporaryPassword(found.login);
      const { user, invitation } = await store.users.resetPassword(found.id, cliActor(), {
        temporaryPassword: password,
        reason: values.reason ?? 'reset from the command line',
      });
      sayOnce(password ? 'password' : 'invitation', user.login);
      console.log(JSON.stringify({ user, ...(password ? { password } : { invitation }) }));
    } else {
      for (const user of await store.users.list()) console.log(JSON.stringify(user));
    }
    return 0;
  } finally {
    await store.close();
  }
}

function parsedArgs(args: string[]) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (err) {
    console.error(`coldtrace users: ${(err as Error).message}\n\n${USAGE}`);
    return undefined;
  }
}

const cliName = (field: string) =>
  ({ printedName: 'name', roles: 'role', scope: 'org/--site' })[field] ?? field;
