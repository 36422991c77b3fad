/**
 * The safety net under the schemas: a value a request carried that PostgreSQL (SQLSTATE class 22,
 * data exception) or a JavaScript Date cannot hold is the client's to fix, so it is a 400
 * CT_VALIDATION saying which kind of value, never a 500. The database's own text is not shown.
 */
const BY_SQLSTATE: Record<string, string> = {
  '22001': 'a text is longer than can be stored; shorten it',
  '22003': 'a number is out of the range that can be stored; send a smaller value',
  '22007': 'a date or time cannot be stored; send RFC 3339 within years 2000..2100',
  '22008': 'a date or time is out of range (e.g. a storage limit too far ahead); send a smaller value',
  '22021': 'a text contains a character that cannot be stored (NUL or an unpaired surrogate); remove it',
  '22P05': 'a text contains a character that cannot be stored (NUL or an unpaired surrogate); remove it',
};
const GENERIC = 'a value cannot be stored; check the values sent';

/** What to fix when err is a data error caused by a request value, else undefined. */
export function unstorableValue(err: unknown): string | undefined {
  if (err instanceof RangeError && /Invalid time value/.test(err.message)) {
    // a date computed from the request (e.g. storedAt + storageLimitDays) beyond any Date
    return BY_SQLSTATE['22008'];
  }
  if (typeof err !== 'object' || err === null || !('code' in err) || typeof err.code !== 'string')
    return undefined;
  // only database errors (pg and PGlite both carry a severity) of class 22
  if (!('severity' in err) || !/^22[0-9A-Z]{3}$/.test(err.code)) return undefined;
  return BY_SQLSTATE[err.code] ?? GENERIC;
}
