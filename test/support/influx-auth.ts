import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileAsync } from './process.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/influxdb.sh');

export interface AuthInflux {
  /** base URL, no database, no user */
  baseUrl: string;
  admin: { user: string; password: string };
  /** runs one InfluxQL statement as the admin (POST /query) */
  adminQuery(q: string, db?: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A private InfluxDB 1.x of its own with `auth-enabled = true` (scripts/influxdb.sh with
 * INFLUXD_AUTH_ENABLED=true) in a temporary folder, with its first admin user created; stop() ends
 * that influxd by its pid and removes the folder.
 */
export async function startAuthInflux(): Promise<AuthInflux> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coldtrace-influx-auth-'));
  const stop = async () => {
    await execFileAsync('bash', [SCRIPT, 'stop', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { stdout } = await execFileAsync('bash', [SCRIPT, 'start', dir], {
      env: { ...process.env, INFLUXD_AUTH_ENABLED: 'true' },
    });
    const baseUrl = stdout.trim().split('\n').pop() ?? '';
    const admin = { user: 'ct_admin', password: randomBytes(12).toString('hex') };
    const query = async (q: string, db?: string, auth?: string) => {
      const res = await fetch(`${baseUrl}/query${db ? `?db=${encodeURIComponent(db)}` : ''}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(auth && { authorization: `Basic ${Buffer.from(auth).toString('base64')}` }),
        },
        body: new URLSearchParams({ q }).toString(),
      });
      const body = await res.text();
      if (!res.ok || body.includes('"error"')) throw new Error(`InfluxDB ${res.status}: ${body}`);
      return JSON.parse(body) as unknown;
    };
    // with auth on and no user yet, 1.x takes one statement without credentials: the first admin
    await query(`CREATE USER "${admin.user}" WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES`);
    return {
      baseUrl,
      admin,
      adminQuery: (q, db) => query(q, db, `${admin.user}:${admin.password}`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface TokenPeer {
  url: string;
  /** the Authorization header of every request it was sent, in order */
  seen: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A small HTTP peer standing in for InfluxDB 2.x / 3.x's token check in front of a real 1.x: it
 * answers 401 to anything but `Authorization: Token <token>` and forwards the rest, path and body
 * unchanged, to `upstream` signed as the upstream's v1 user (1.6.7 refuses the Token scheme).
 */
export async function startTokenPeer(
  upstream: string,
  token: string,
  upstreamUser: { user: string; password: string },
): Promise<TokenPeer> {
  const seen: TokenPeer['seen'] = [];
  const target = new URL(upstream);
  const basic = `Basic ${Buffer.from(`${upstreamUser.user}:${upstreamUser.password}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== `Token ${token}`) {
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":"unauthorized","message":"unauthorized access"}');
      return;
    }
    const headers = { ...req.headers, host: target.host, authorization: basic };
    const out = http.request(
      { host: target.hostname, port: Number(target.port), method: req.method, path: req.url, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
