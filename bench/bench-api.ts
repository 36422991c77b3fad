import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApi } from '../services/api/app.js';
import { loadConfig } from '../services/config/config.js';
import { createLogger } from '../services/config/log.js';
import { openReadingsStore } from '../services/store/readings/readings-store.js';
import { openSqlDb } from '../services/store/sql/open-db.js';
import { recordsStoreOver } from '../services/store/sql/records-store.js';

/** A benchmark's own InfluxDB (scripts/influxdb.sh) in a temporary folder; `stop` removes it all. */
export function startPrivateInflux(
  name: string,
  say: (msg: string) => void,
): { baseUrl: string; stop(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `coldtrace-bench-${name}-`));
  const influxDir = path.join(dir, 'influxdb');
  say(`starting a private InfluxDB in ${influxDir}`);
  const baseUrl = execFileSync('bash', ['scripts/influxdb.sh', 'start', influxDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop()!;
  return {
    baseUrl,
    stop() {
      execFileSync('bash', ['scripts/influxdb.sh', 'stop', influxDir], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export const round1 = (ms: number) => Math.round(ms * 10) / 10;

const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

/** The API over real HTTP on a bench's own InfluxDB, records in PGlite, and a POST that must succeed. */
export async function startBenchApi(name: string, say: (msg: string) => void) {
  const influx = startPrivateInflux(name, say);
  try {
    const influxUrl = `${influx.baseUrl}/bench`;
    const config = loadConfig({ COLDTRACE_INFLUX_URL: influxUrl, COLDTRACE_ADMIN_KEY: BENCH_ADMIN_KEY });
    const logger = createLogger('warn', `bench-${name}`);
    const records = recordsStoreOver(await openSqlDb({}));
    await records.apiKeys.ensureBootstrapAdmin(BENCH_ADMIN_KEY);
    const readings = await openReadingsStore({ url: influxUrl, logger });
    const app = await buildApi({
      config,
      logger,
      records,
      readings,
      rateLimitPerMinute: false,
      webPages: false,
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' };
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${address}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    };
    return {
      config,
      records,
      readings,
      address,
      headers,
      post,
      /** the API and the stores; the InfluxDB stays until stopInflux */
      async close() {
        await app.close();
        await readings.close();
        await records.close();
      },
      stopInflux: () => influx.stop(),
    };
  } catch (error) {
    influx.stop();
    throw error;
  }
}
