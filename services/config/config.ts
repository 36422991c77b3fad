import { z } from 'zod';

/**
 * The one configuration object, built once from the environment at start-up. Variable names are
 * part of the public contract (DESIGN.md, Configuration).
 */
const port = z.coerce.number().int().min(0).max(65535);
const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .url()
    .refine((v) => schemes.some((s) => v.startsWith(`${s}://`)), {
      message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`,
    });

const emailList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().email('each address must be an email address')).min(1));

export const configSchema = z.object({
  COLDTRACE_DATA_DIR: z.string().min(1).default('./.data'),
  COLDTRACE_HTTP_PORT: port.default(8080),
  COLDTRACE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  COLDTRACE_MQTT_PORT: port.default(1883),
  COLDTRACE_MQTT_HOST: z.string().min(1).default('127.0.0.1'),
  COLDTRACE_MQTT_URL: urlWithScheme(['mqtt', 'mqtts']).optional(),
  COLDTRACE_INFLUX_URL: urlWithScheme(['http', 'https']).optional(),
  /** an InfluxDB 2.x / 3.x API token, sent as `Authorization: Token ...` (services/store/README.md) */
  COLDTRACE_INFLUX_TOKEN: z.string().min(1).max(1000).optional(),
  COLDTRACE_DATABASE_URL: urlWithScheme(['postgres', 'postgresql']).optional(),
  COLDTRACE_SMTP_URL: urlWithScheme(['smtp', 'smtps']).optional(),
  COLDTRACE_MAIL_FROM: z.string().email().default('coldtrace@localhost'),
  COLDTRACE_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  COLDTRACE_SITE_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }),
  COLDTRACE_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  COLDTRACE_PUBLIC_URL: z.string().url().optional(),
  COLDTRACE_SITE_ALERT_EMAIL: emailList.optional(),
  COLDTRACE_ESCALATION_EMAIL: emailList.optional(),
  COLDTRACE_ESCALATION_MINUTES: z.coerce.number().positive().default(30),
  COLDTRACE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PEM files; set both to serve HTTPS instead of HTTP and MQTT over TLS beside plain MQTT */
  COLDTRACE_TLS_CERT_FILE: z.string().min(1).optional(),
  COLDTRACE_TLS_KEY_FILE: z.string().min(1).optional(),
  COLDTRACE_MQTTS_PORT: port.default(8883),
  /** the external Mosquitto's dynamic-security admin (mqtt://admin:secret@host:port): the API keeps device logins in step */
  COLDTRACE_MQTT_DYNSEC_URL: urlWithScheme(['mqtt', 'mqtts']).optional(),
  /** a reading or event dated more than this ahead of the server clock is refused (CT_TS_IN_FUTURE) */
  COLDTRACE_MAX_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(86_400).default(300),
  /** the audit chain's HMAC key (issue 12); unset: `<dataDir>/audit/audit-key`, made 0600 on first start */
  COLDTRACE_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** the audit chain's head is anchored outside the records store this often (issue 12) */
  COLDTRACE_AUDIT_ANCHOR_S: z.coerce.number().int().min(1).max(86_400).default(10),
  /** page sessions end after this many minutes without a request (issue 14) */
  COLDTRACE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  dataDir: string;
  http: { host: string; port: number; publicUrl: string };
  mqtt: { host: string; port: number; externalUrl?: string; dynsecUrl?: string };
  influxUrl?: string;
  /** COLDTRACE_INFLUX_TOKEN: InfluxDB 2.x / 3.x token authentication */
  influxToken?: string;
  databaseUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  adminKey?: string;
  site: { timeZone: string; locale: 'zh-CN' | 'en'; alertEmails: string[] };
  /** an alert nobody acknowledged within `afterMinutes` is sent again to `to` */
  escalation?: { to: string[]; afterMinutes: number };
  logLevel: RawConfig['COLDTRACE_LOG_LEVEL'];
  /** HTTPS for the API and an MQTT-over-TLS listener, when both PEM files are set */
  tls?: { certFile: string; keyFile: string; mqttsPort: number };
  /** what the gateway takes from devices */
  ingest: { maxClockSkewS: number };
  /** page sessions (issue 14) */
  sessions: { idleMinutes: number };
  /** issue 12: the audit chain's key (else the key file in the data folder) and anchor interval */
  audit: { key?: string; anchorIntervalS: number };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  readonly code = 'CT_CONFIG_INVALID';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })),
    );
  }
  const c = parsed.data;
  if (c.COLDTRACE_INFLUX_TOKEN !== undefined) {
    if (c.COLDTRACE_INFLUX_URL === undefined) {
      throw new ConfigError([
        {
          variable: 'COLDTRACE_INFLUX_TOKEN',
          message: 'a token is for an InfluxDB 2.x / 3.x server: set COLDTRACE_INFLUX_URL to it too',
        },
      ]);
    }
    if (new URL(c.COLDTRACE_INFLUX_URL).username) {
      throw new ConfigError([
        {
          variable: 'COLDTRACE_INFLUX_TOKEN',
          message: 'set either the token or a user in COLDTRACE_INFLUX_URL, not both',
        },
      ]);
    }
  }
  if ((c.COLDTRACE_TLS_CERT_FILE === undefined) !== (c.COLDTRACE_TLS_KEY_FILE === undefined)) {
    const missing = c.COLDTRACE_TLS_CERT_FILE ? 'COLDTRACE_TLS_KEY_FILE' : 'COLDTRACE_TLS_CERT_FILE';
    throw new ConfigError([
      { variable: missing, message: 'TLS needs both the certificate and the key file' },
    ]);
  }
  return {
    dataDir: c.COLDTRACE_DATA_DIR,
    http: {
      host: c.COLDTRACE_HTTP_HOST,
      port: c.COLDTRACE_HTTP_PORT,
      publicUrl: c.COLDTRACE_PUBLIC_URL ?? `http://${c.COLDTRACE_HTTP_HOST}:${c.COLDTRACE_HTTP_PORT}`,
    },
    mqtt: {
      host: c.COLDTRACE_MQTT_HOST,
      port: c.COLDTRACE_MQTT_PORT,
      externalUrl: c.COLDTRACE_MQTT_URL,
      dynsecUrl: c.COLDTRACE_MQTT_DYNSEC_URL,
    },
    influxUrl: c.COLDTRACE_INFLUX_URL,
    influxToken: c.COLDTRACE_INFLUX_TOKEN,
    databaseUrl: c.COLDTRACE_DATABASE_URL,
    smtpUrl: c.COLDTRACE_SMTP_URL,
    mailFrom: c.COLDTRACE_MAIL_FROM,
    adminKey: c.COLDTRACE_ADMIN_KEY,
    site: {
      timeZone: c.COLDTRACE_SITE_TIMEZONE,
      locale: c.COLDTRACE_LOCALE,
      alertEmails: c.COLDTRACE_SITE_ALERT_EMAIL ?? [],
    },
    escalation: c.COLDTRACE_ESCALATION_EMAIL
      ? { to: c.COLDTRACE_ESCALATION_EMAIL, afterMinutes: c.COLDTRACE_ESCALATION_MINUTES }
      : undefined,
    logLevel: c.COLDTRACE_LOG_LEVEL,
    tls:
      c.COLDTRACE_TLS_CERT_FILE && c.COLDTRACE_TLS_KEY_FILE
        ? {
            certFile: c.COLDTRACE_TLS_CERT_FILE,
            keyFile: c.COLDTRACE_TLS_KEY_FILE,
            mqttsPort: c.COLDTRACE_MQTTS_PORT,
          }
        : undefined,
    ingest: { maxClockSkewS: c.COLDTRACE_MAX_CLOCK_SKEW_S },
    sessions: { idleMinutes: c.COLDTRACE_SESSION_IDLE_MINUTES },
    audit: { key: c.COLDTRACE_AUDIT_KEY, anchorIntervalS: c.COLDTRACE_AUDIT_ANCHOR_S },
  };
}
