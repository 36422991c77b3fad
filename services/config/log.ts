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
