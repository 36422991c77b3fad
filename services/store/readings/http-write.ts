import http from 'node:http';
import https from 'node:https';
import { InfluxUnavailableError, InfluxWriteRejectedError } from './errors.js';
import { type InfluxTarget, influxAuthHeaders } from './influx-url.js';

/**
 * Posts line protocol that is already serialised (the gateway's spool holds it as bytes) to the v1
 * `/write` endpoint. node-influx's writePoints would re-serialise every point from objects; on the
 * ingest path the bytes go out as they are, over a few keep-alive connections (InfluxDB 1.x takes
 * markedly more points/s over 2-4 connections than over one).
 */
export interface LineWriter {
  /** `precision`: of the lines' timestamps, `ms` unless said (coldtrace's own lines are `ns`) */
  write(body: string | Buffer, precision?: 'ms' | 'ns'): Promise<void>;
  close(): void;
}

const AUTH_HINT = 'check COLDTRACE_INFLUX_TOKEN or the user in COLDTRACE_INFLUX_URL';

export function createLineWriter(
  target: InfluxTarget,
  opts: { maxSockets?: number; timeoutMs?: number } = {},
): LineWriter {
  const lib = target.protocol === 'https' ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 4 });
  const pathOf = (precision: 'ms' | 'ns') =>
    `/write?db=${encodeURIComponent(target.database)}&precision=${precision}`;
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    ...influxAuthHeaders(target),
  };
  const timeoutMs = opts.timeoutMs ?? 30_000;

  function write(body: string | Buffer, precision: 'ms' | 'ns' = 'ms'): Promise<void> {
    const path = pathOf(precision);
    return new Promise((resolve, reject) => {
      const req = lib.request(
        {
          host: target.host,
          port: target.port,
          method: 'POST',
          path,
          agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 204) {
            res.resume();
            resolve();
            return;
          }
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < 2000) text += chunk;
          });
          res.on('end', () => {
            const message = text.slice(0, 500).trim();
            // 404: the database is not there (yet); 401 / 403: the credentials are refused (a wrong or
            // expired token, a user without write rights). Both are retryable: the lines are fine
            // and stay in the spool until the operator fixes the server or the setting.
            if (status === 401 || status === 403) {
              reject(new InfluxUnavailableError(`credentials refused (HTTP ${status}): ${AUTH_HINT}`));
            } else if (status >= 400 && status < 500 && status !== 404)
              reject(new InfluxWriteRejectedError(status, message));
            else reject(new InfluxUnavailableError(`HTTP ${status} ${message}`));
          });
          res.on('error', (e) => reject(new InfluxUnavailableError(e.message)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(new InfluxUnavailableError(e.message)));
      req.end(body);
    });
  }

  return { write, close: () => agent.destroy() };
}
