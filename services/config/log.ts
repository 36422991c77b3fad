import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured logs, one event per line; ids (deviceId, shipmentId) go in fields, never in the text. */
export function createLogger(
  level: string = process.env.COLDTRACE_LOG_LEVEL ?? 'info',
  name = 'coldtrace',
): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'secret',
        'password',
        '*.secret',
        '*.password',
        'apiKey',
        '*.apiKey',
        'authorization',
        '*.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A URL fit for a log line or an error message: its password (a broker's or a store's) hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
