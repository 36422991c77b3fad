import type { Config } from '../services/config/config.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';

const USAGE = 'usage: coldtrace audit verify';

/**
 * `coldtrace audit verify`: recomputes the audit trail's hash chain (10.3, 10.14). Exit 0 when
 * intact; 1 with each broken row listed when a row was changed, removed or forged.
 */
export async function runAuditCommand(args: string[], config: Config): Promise<number> {
  if (args[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const store = await openRecordsStore(config);
  try {
    const result = await store.verifyAudit();
    for (const p of result.problems) console.error(`audit row ${p.seq}: ${p.problem} (${p.detail})`);
    console.log(
      JSON.stringify({
        ok: result.ok,
        rows: result.rows,
        lastHash: result.lastHash,
        problems: result.problems.length,
      }),
    );
    if (!result.ok) console.error('coldtrace audit: the audit trail has been tampered with');
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
