import { InfluxUrlInvalidError } from './errors.js';

export interface InfluxTarget {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  username?: string;
  password?: string;
  /** base URL without the database, e.g. http://127.0.0.1:8086 */
  baseUrl: string;
}

/** Splits `http://host:8086/<database>` (COLDTRACE_INFLUX_URL) into what the clients need. */
export function parseInfluxUrl(url: string): InfluxTarget {
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
  return {
    protocol,
    host: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 8086,
    database,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    baseUrl: `${protocol}://${u.host}`,
  };
}
