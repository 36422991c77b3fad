import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ColdtraceApi } from './api-client.js';
import { issueDemoPeople, peopleTable } from './demo-people.js';
import { simErrors } from './errors.js';

const peopleArgs = z.object({ api: z.string().url(), key: z.string().min(1), json: z.boolean() });

/** `coldtrace-sim people [--api URL --key KEY --json]`: the demo's people and their passwords. */
export async function peopleCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      api: {
        type: 'string',
        default: env.COLDTRACE_API_URL ?? `http://127.0.0.1:${env.COLDTRACE_HTTP_PORT ?? 8080}`,
      },
      key: { type: 'string', default: env.COLDTRACE_API_KEY ?? env.COLDTRACE_ADMIN_KEY },
      json: { type: 'boolean', default: false },
    },
  });
  const parsed = peopleArgs.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw simErrors.usage(
      `people: --${String(issue.path[0])}: ${issue.message} (an admin API key is needed)`,
    );
  }
  const issued = await issueDemoPeople(new ColdtraceApi(parsed.data.api, parsed.data.key));
  if (parsed.data.json) for (const p of issued) console.log(JSON.stringify(p));
  else console.log(peopleTable(issued));
  return 0;
}
