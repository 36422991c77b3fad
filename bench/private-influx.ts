import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
