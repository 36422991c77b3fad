import { ConfigError, loadConfig } from '../services/config/config.js';

/**
 * The `coldtrace` command. Subcommands load their modules lazily so that `coldtrace --help` and a
 * configuration error answer at once.
 */
const USAGE = `usage: coldtrace <command>

  start [gateway|rules|api]     run every role in one process (default), or one role
  keys create --role ROLE [--name NAME]
                                issue an API key (admin, logistics, receiver, qa, viewer)
  keys revoke ID                revoke an API key at once
  users create --login NAME --name "PRINTED NAME" --email ADDRESS --role ROLE [--org O] [--site S]
                                a personal account (the first admin); prints a one-time password
  users reset LOGIN             new one-time password (or --invite); the person's sessions end
  audit verify                  check the audit trail: hashes, keyed MACs, anchors, records (exit 1 when not intact)

Configuration comes from COLDTRACE_* environment variables (README, Configuration).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const { runStart } = await import('./start.js');
      return runStart(config, rest);
    }
    case 'keys': {
      const { runKeysCommand } = await import('./keys.js');
      return runKeysCommand(rest, config);
    }
    case 'users': {
      const { runUsersCommand } = await import('./users.js');
      return runUsersCommand(rest, config);
    }
    case 'audit': {
      const { runAuditCommand } = await import('./audit.js');
      return runAuditCommand(rest, config);
    }
    default:
      console.error(`coldtrace: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`coldtrace: ${error.message}`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    const e = error as { code?: string; message?: string };
    console.error(`coldtrace: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
    process.exitCode = 1;
  },
);
