import type { Config } from '../services/config/config.js';
import { auditVerificationView } from '../services/store/audit/audit-view.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';

const USAGE = 'usage: coldtrace audit verify';

/**
 * `coldtrace audit verify` (10.3, 10.14; issue 12): the audit trail's hashes, keyed MACs and
 * anchors, and the GxP records against their audit rows, from the records store as configured (a
 * running installation or a restored backup). Prints the same JSON as GET /api/v1/audit/verify on
 * stdout and one line per problem on stderr. Exit 0 when intact; 1 when anything was changed,
 * re-chained, cut off or removed. A missing key is never made here: the MACs are then not checked.
 */
export async function runAuditCommand(args: string[], config: Config): Promise<number> {
  if (args[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const store = await openRecordsStore(config, { createAuditKey: false });
  try {
    const view = auditVerificationView(await store.verifyAudit(), config.site.locale);
    for (const p of view.problems) {
      console.error(`audit ${p.table} ${p.rowId}: ${p.kind} (${p.detail}) ${p.message}`);
    }
    console.log(JSON.stringify(view));
    console.error(`coldtrace audit: ${view.message}`);
    return view.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
