import { type Locale, t } from '../../domain/messages/catalog.js';
import type { AuditProblem, AuditVerification } from './audit-verify.js';

/** A verification as `GET /api/v1/audit/verify` answers it and `coldtrace audit verify` prints it. */
export interface AuditVerificationView extends Omit<AuditVerification, 'problems'> {
  message: string;
  problems: (AuditProblem & { message: string })[];
}

export function auditVerificationView(v: AuditVerification, locale: Locale): AuditVerificationView {
  const problems = v.problems.map((p) => ({
    ...p,
    message: t(locale, `audit.problem.${p.kind}`, { table: p.table, id: p.rowId }),
  }));
  const message = v.ok
    ? t(locale, 'audit.verify.ok', { rows: v.rows, seq: v.head?.seq ?? 0, anchors: v.anchors })
    : t(locale, 'audit.verify.failed', { count: v.problems.length });
  return {
    ...v,
    message: v.keyed ? message : `${message} ${t(locale, 'audit.verify.unkeyed')}`,
    problems,
  };
}
