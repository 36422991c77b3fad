import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'influxdb.sh');

export const EMBEDDED_INFLUX_DATABASE = 'coldtrace';

export interface PrivateInflux {
  /** COLDTRACE_INFLUX_URL form: base URL plus database */
  url: string;
  /** true when this process started the server (and so stops it on close) */
  startedHere: boolean;
  stop(): Promise<void>;
}

/**
 * The embedded default for COLDTRACE_INFLUX_URL: a private influxd under the data folder, started
 * (or reused when already running) by the project's own script, which installs it when missing.
 */
export async function ensurePrivateInflux(dataDir: string): Promise<PrivateInflux> {
  const dir = path.resolve(dataDir, 'influxdb');
  const wasRunning = await run('bash', [SCRIPT, 'url', dir]).then(
    () => true,
    () => false,
  );
  const { stdout } = await run('bash', [SCRIPT, 'start', dir], { timeout: 300_000 });
  const base = stdout.trim().split('\n').pop();
  if (!base) throw new Error(`scripts/influxdb.sh printed no URL for ${dir}`);
  return {
    url: `${base}/${EMBEDDED_INFLUX_DATABASE}`,
    startedHere: !wasRunning,
    async stop() {
      if (!wasRunning) await run('bash', [SCRIPT, 'stop', dir]);
    },
  };
}
