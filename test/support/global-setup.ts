import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    influxBaseUrl: string;
  }
}

/**
 * Starts (or reuses) one private InfluxDB for the whole run with the project's own script; each test
 * file then makes a database of its own (test/support/postgres.ts).
 */
export default function setup(project: TestProject) {
  let url = process.env.COLDTRACE_TEST_INFLUX_URL;
  if (!url) {
    const dir = path.resolve('.data/test-influxdb');
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
}
