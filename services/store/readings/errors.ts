import { codedError } from '../../domain/coded-error.js';

/** Errors of the InfluxDB readings store, declared once with stable codes. */
export const InfluxUrlInvalidError = codedError('CT_INFLUX_URL_INVALID', 500, ['url']);

/** COLDTRACE_INFLUX_TOKEN beside a user in COLDTRACE_INFLUX_URL: one way to sign in, not two. */
export const InfluxAuthAmbiguousError = codedError('CT_INFLUX_AUTH_AMBIGUOUS', 500);

/** InfluxDB answered a write with a status; 4xx means the lines themselves are refused. */
export const InfluxWriteRejectedError = codedError('CT_INFLUX_WRITE_REJECTED', 500, ['status', 'detail']);

/** InfluxDB could not be reached, or answered 5xx: worth retrying. */
export const InfluxUnavailableError = codedError('CT_INFLUX_UNAVAILABLE', 503, ['detail']);

export function isRetryableWriteError(error: unknown): boolean {
  return (error as { code?: unknown })?.code !== 'CT_INFLUX_WRITE_REJECTED';
}
