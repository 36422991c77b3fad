import createError from '@fastify/error';

/** Errors of the InfluxDB readings store, declared once with stable codes. */
export const InfluxUrlInvalidError = createError<'CT_INFLUX_URL_INVALID', 500, [string]>(
  'CT_INFLUX_URL_INVALID',
  "COLDTRACE_INFLUX_URL '%s' must look like http://host:8086/<database>",
  500,
);

/** COLDTRACE_INFLUX_TOKEN beside a user in COLDTRACE_INFLUX_URL: one way to sign in, not two. */
export const InfluxAuthAmbiguousError = createError<'CT_INFLUX_AUTH_AMBIGUOUS', 500, []>(
  'CT_INFLUX_AUTH_AMBIGUOUS',
  'set either COLDTRACE_INFLUX_TOKEN (InfluxDB 2.x / 3.x) or a user in COLDTRACE_INFLUX_URL (1.x, 2.x v1 authorization), not both',
  500,
);

/** InfluxDB answered a write with a status; 4xx means the lines themselves are refused. */
export const InfluxWriteRejectedError = createError<'CT_INFLUX_WRITE_REJECTED', 500, [number, string]>(
  'CT_INFLUX_WRITE_REJECTED',
  'InfluxDB refused the write (HTTP %s): %s',
  500,
);

/** InfluxDB could not be reached, or answered 5xx: worth retrying. */
export const InfluxUnavailableError = createError<'CT_INFLUX_UNAVAILABLE', 503, [string]>(
  'CT_INFLUX_UNAVAILABLE',
  'InfluxDB is unavailable: %s',
  503,
);

export function isRetryableWriteError(error: unknown): boolean {
  return (error as { code?: unknown })?.code !== 'CT_INFLUX_WRITE_REJECTED';
}
