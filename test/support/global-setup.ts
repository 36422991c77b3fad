import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    influxBaseUrl: string;
  }
}

function alreadyRunning(dir: string): boolean {
  try {
    execFileSync('bash', ['scripts/influxdb.sh', 'url', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (or reuses) one private InfluxDB for the whole run with the project's own script; each test
 * file then makes a database of its own (test/support/influx.ts). The InfluxDB this run started is
 * stopped when the run ends (the returned teardown); one that was already running is left alone.
 */
export default function setup(project: TestProject): (() => void) | undefined {
  let url = process.env.COLDTRACE_TEST_INFLUX_URL;
  let teardown: (() => void) | undefined;
  if (!url) {
    const dir = path.resolve('.data/test-influxdb');
    if (!alreadyRunning(dir)) {
      teardown = () => {
        execFileSync('bash', ['scripts/influxdb.sh', 'stop', dir], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
      };
    }
    url = execFileSync('bash', ['scripts/influxdb.sh', 'start', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop();
  }
  if (!url) throw new Error('scripts/influxdb.sh printed no URL');
  project.provide('influxBaseUrl', url);
  return teardown;
}
