import { InfluxAuthAmbiguousError, InfluxUrlInvalidError } from './errors.js';

export interface InfluxTarget {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  /** a v1 user (InfluxDB 1.x with auth-enabled, or a 2.x v1-authorization): from the URL's user info */
  username?: string;
  password?: string;
  /** an API token (InfluxDB 2.x / 3.x): COLDTRACE_INFLUX_TOKEN, sent as `Authorization: Token ...` */
  token?: string;
  /** base URL without the database, e.g. http://127.0.0.1:8086 */
  baseUrl: string;
}

/**
 * Splits `http://[user:password@]host:8086/<database>` (COLDTRACE_INFLUX_URL) into what the clients
 * need; `token` is COLDTRACE_INFLUX_TOKEN. A user and a token together are refused: which one the
 * server should judge would be a guess.
 */
export function parseInfluxUrl(url: string, token?: string): InfluxTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InfluxUrlInvalidError(url);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, ''));
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !/^[A-Za-z0-9_.-]+$/.test(database)) {
    throw new InfluxUrlInvalidError(url.replace(/\/\/[^@/]*@/, '//***@'));
  }
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  if (token !== undefined && u.username) throw new InfluxAuthAmbiguousError();
  return {
    protocol,
    host: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 8086,
    database,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    ...(token !== undefined && { token }),
    baseUrl: `${protocol}://${u.host}`,
  };
}

/**
 * The credentials every request to InfluxDB carries (writes, queries, ping), one rule for all:
 * - a token: `Authorization: Token <token>`, the scheme InfluxDB 2.x and 3.x take on their
 *   v1-compatible `/write` and `/query` (1.6.7 answers it 401);
 * - a v1 user: HTTP Basic, which 1.x with `auth-enabled = true` and 2.x's v1 authorizations take;
 * - neither: no header at all (never a default user the operator did not give).
 */
export function influxAuthHeaders(target: InfluxTarget): Record<string, string> {
  if (target.token !== undefined) return { authorization: `Token ${target.token}` };
  if (target.username !== undefined) {
    const basic = Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64');
    return { authorization: `Basic ${basic}` };
  }
  return {};
}
