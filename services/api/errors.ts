import type { FastifyError } from 'fastify';
import { codedError } from '../domain/coded-error.js';

/**
 * Errors the HTTP layer raises, declared once (code, message, HTTP status). Errors of the records
 * store (services/store/sql/errors.ts) and the readings store pass through with their own codes.
 * The text a person reads comes from services/domain/messages/errors.ts by code.
 */
export const ApiErrors = {
  /** at start-up: the HTTP port is taken by another process */
  httpPortInUse: codedError('CT_HTTP_PORT_IN_USE', 500, ['host', 'port']),
  validation: codedError('CT_VALIDATION', 400, ['detail']),
  unauthorized: codedError('CT_UNAUTHORIZED', 401),
  forbidden: codedError('CT_FORBIDDEN', 403, ['role', 'roles']),
  routeNotFound: codedError('CT_ROUTE_NOT_FOUND', 404, ['route']),
  rateLimited: codedError('CT_RATE_LIMITED', 429),
  authLocked: codedError('CT_AUTH_LOCKED', 429, ['seconds']),
  bodyTooLarge: codedError('CT_BODY_TOO_LARGE', 413),
  internal: codedError('CT_INTERNAL', 500, ['requestId']),
  dispatchInFuture: codedError('CT_DISPATCH_IN_FUTURE', 400),
  receiptTimeInvalid: codedError('CT_RECEIPT_TIME_INVALID', 400),
  secondVerifierSame: codedError('CT_SECOND_VERIFIER_SAME', 400),
  readingsUnavailable: codedError('CT_READINGS_UNAVAILABLE', 503),
  rangeInvalid: codedError('CT_RANGE_INVALID', 400, ['maxDays']),
  warningBandInvalid: codedError('CT_WARNING_BAND_INVALID', 400, ['detail']),
  receiptNotFound: codedError('CT_RECEIPT_NOT_FOUND', 404, ['id']),
  timeOutOfRange: codedError('CT_TIME_OUT_OF_RANGE', 400, ['field', 'min', 'max']),
  /** GET /messages/:locale for a language the catalogue does not have (was the pages' own code) */
  pageLocaleUnknown: codedError('CT_PAGE_LOCALE_UNKNOWN', 404, ['locale']),
};

/** One field to fix (CT_VALIDATION `issues`). */
export interface RequestIssue {
  in: string;
  path: string;
  message: string;
}

/** CT_VALIDATION carrying the fields to fix; the error handler answers them as `issues`. */
export function invalidRequest(issues: RequestIssue[]): FastifyError & { issues: RequestIssue[] } {
  const text = issues.map((i) => `${i.in}${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ');
  return Object.assign(new ApiErrors.validation(text), { issues });
}

/** An error carrying `issues` (invalidRequest). */
export function issuesOf(err: unknown): RequestIssue[] | undefined {
  if (typeof err !== 'object' || err === null || !('issues' in err) || !Array.isArray(err.issues))
    return undefined;
  return err.issues as RequestIssue[];
}
