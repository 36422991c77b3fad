import createError from '@fastify/error';
import type { FastifyError } from 'fastify';

/**
 * Errors the HTTP layer raises, declared once (code, message, HTTP status). Errors of the records
 * store (services/store/sql/errors.ts) and the readings store pass through with their own codes.
 * The text a person reads comes from services/domain/messages/errors.ts by code.
 */
export const ApiErrors = {
  validation: createError<'CT_VALIDATION', 400, [string]>('CT_VALIDATION', 'request is not valid: %s', 400),
  unauthorized: createError<'CT_UNAUTHORIZED', 401, []>(
    'CT_UNAUTHORIZED',
    'missing or invalid API key: send "Authorization: Bearer <api key>"',
    401,
  ),
  forbidden: createError<'CT_FORBIDDEN', 403, [string, string]>(
    'CT_FORBIDDEN',
    "role '%s' may not do this; it needs one of: %s",
    403,
  ),
  routeNotFound: createError<'CT_ROUTE_NOT_FOUND', 404, [string]>('CT_ROUTE_NOT_FOUND', 'no route %s', 404),
  rateLimited: createError<'CT_RATE_LIMITED', 429, []>(
    'CT_RATE_LIMITED',
    'too many requests; try again shortly',
    429,
  ),
  authLocked: createError<'CT_AUTH_LOCKED', 429, [number]>(
    'CT_AUTH_LOCKED',
    'too many failed API key attempts from this address; try again in %s s',
    429,
  ),
  bodyTooLarge: createError<'CT_BODY_TOO_LARGE', 413, []>(
    'CT_BODY_TOO_LARGE',
    'request body is too large',
    413,
  ),
  internal: createError<'CT_INTERNAL', 500, [string]>('CT_INTERNAL', 'internal error (request %s)', 500),
  dispatchInFuture: createError<'CT_DISPATCH_IN_FUTURE', 400, []>(
    'CT_DISPATCH_IN_FUTURE',
    'the dispatch time may not be in the future',
    400,
  ),
  receiptTimeInvalid: createError<'CT_RECEIPT_TIME_INVALID', 400, []>(
    'CT_RECEIPT_TIME_INVALID',
    'the receipt time must be after the dispatch and not in the future',
    400,
  ),
  secondVerifierSame: createError<'CT_SECOND_VERIFIER_SAME', 400, []>(
    'CT_SECOND_VERIFIER_SAME',
    'the second verifier must be someone other than the receiver (10.6)',
    400,
  ),
  readingsUnavailable: createError<'CT_READINGS_UNAVAILABLE', 503, []>(
    'CT_READINGS_UNAVAILABLE',
    'the temperature record (InfluxDB) cannot be reached; try again shortly',
    503,
  ),
  rangeInvalid: createError<'CT_RANGE_INVALID', 400, [number]>(
    'CT_RANGE_INVALID',
    'from must be before to and the range at most %s days',
    400,
  ),
  receiptNotFound: createError<'CT_RECEIPT_NOT_FOUND', 404, [string]>(
    'CT_RECEIPT_NOT_FOUND',
    "shipment '%s' has no receipt yet",
    404,
  ),
  timeOutOfRange: createError<'CT_TIME_OUT_OF_RANGE', 400, [string, string, string]>(
    'CT_TIME_OUT_OF_RANGE',
    "time '%s' must lie between '%s' and '%s'",
    400,
  ),
  /** GET /messages/:locale for a language the catalogue does not have (was the pages' own code) */
  pageLocaleUnknown: createError<'CT_PAGE_LOCALE_UNKNOWN', 404, [string]>(
    'CT_PAGE_LOCALE_UNKNOWN',
    "no messages for locale '%s': use zh-CN or en",
    404,
  ),
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
