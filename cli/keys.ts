import os from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../services/config/config.js';
import type { Actor } from '../services/store/audit/audit-trail.js';
import { ROLES } from '../services/store/sql/api-keys-repo.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';

const USAGE = `usage: coldtrace keys create --role ROLE [--name NAME]
       coldtrace keys revoke ID [--reason TEXT]
       coldtrace keys list
roles: ${ROLES.join(', ')}`;

const createArgs = z.object({ role: z.enum(ROLES), name: z.string().min(1).max(200).optional() });

/** The operator at the terminal, as the audit trail records them. */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {}
  return { id: 'cli', name: `cli (${user}@${os.hostname()})` };
}

/** `coldtrace keys ...`: issue (the key is printed once), revoke and list API keys. */
export async function runKeysCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { role: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
  });
  if (sub !== 'create' && sub !== 'revoke' && sub !== 'list') {
    console.error(USAGE);
    return 2;
  }
  let parsed: z.infer<typeof createArgs> | undefined;
  if (sub === 'create') {
    const result = createArgs.safeParse(values);
    if (!result.success) {
      console.error(`coldtrace keys: --role must be one of ${ROLES.join(', ')}\n\n${USAGE}`);
      return 2;
    }
    parsed = result.data;
  }
  if (sub === 'revoke' && !positionals[0]) {
    console.error(USAGE);
    return 2;
  }
  const store = await openRecordsStore(config);
  try {
    if (parsed) {
      const { info, key } = await store.apiKeys.issue(
        parsed.name ?? `${parsed.role} key`,
        parsed.role,
        cliActor(),
      );
      console.error(`issued API key ${info.id} (${info.role}); it is shown once, keep it safe:`);
      console.log(JSON.stringify({ ...info, key }));
    } else if (sub === 'revoke') {
      const info = await store.apiKeys.revoke(positionals[0]!, cliActor(), values.reason);
      console.log(JSON.stringify(info));
    } else {
      for (const info of await store.apiKeys.list()) console.log(JSON.stringify(info));
    }
    return 0;
  } finally {
    await store.close();
  }
}
