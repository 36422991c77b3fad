import { checkTime, type TimeField } from '../domain/time-bounds.js';
import { ApiErrors, type RequestIssue } from './errors.js';

/** One time the request carries: its field, where it came from, and its text (absent: not sent). */
export interface RequestTime {
  field: TimeField;
  in: 'body' | 'querystring';
  path: string;
  iso: string | undefined;
}

/**
 * Refuses a request whose times lie outside the domain's bounds (services/domain/time-bounds.ts)
 * with 400 CT_TIME_OUT_OF_RANGE, naming each field and the bound to fix it to, before any store
 * sees them.
 */
export function refuseTimesOutOfBounds(times: RequestTime[], nowMs: number): void {
  const issues: RequestIssue[] = [];
  let first: { field: string; minIso: string; maxIso: string } | undefined;
  for (const time of times) {
    if (time.iso === undefined) continue;
    const out = checkTime(time.field, Date.parse(time.iso), nowMs);
    if (!out) continue;
    first ??= { field: time.path, minIso: out.minIso, maxIso: out.maxIso };
    issues.push({
      in: time.in,
      path: time.path,
      message: `must lie between ${out.minIso} and ${out.maxIso}`,
    });
  }
  if (!first) return;
  throw Object.assign(new ApiErrors.timeOutOfRange(first.field, first.minIso, first.maxIso), { issues });
}
