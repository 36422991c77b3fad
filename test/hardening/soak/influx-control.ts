import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/influxdb.sh');

/**
 * A private InfluxDB 1.x that can be stopped and started again on the same ports and data (an
 * outage): first started by the project's script, then run from the config file it wrote.
 */
export interface InfluxControl {
  /** base URL, no database */
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function ping(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ping`)).status === 204;
  } catch {
    return false;
  }
}

export async function startInfluxControl(dir: string): Promise<InfluxControl> {
  const { stdout } = await run('bash', [SCRIPT, 'start', dir]);
  const url = stdout.trim().split('\n').pop() ?? '';
  const conf = path.join(dir, 'influxdb.conf');
  let pid = Number((await readFile(path.join(dir, 'influxd.pid'), 'utf8')).trim());
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      child = undefined;
    } else if (pid) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {}
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      pid = 0;
    }
  };
  return {
    url,
    dir,
    stop,
    async start() {
      child = spawn('influxd', ['-config', conf], { stdio: 'ignore' });
      for (let i = 0; i < 300 && !(await ping(url)); i++) await new Promise((r) => setTimeout(r, 100));
      if (!(await ping(url))) throw new Error(`influxd did not come back at ${url}`);
    },
    close: stop,
  };
}
