import { randomBytes } from 'node:crypto';
import { InfluxDB } from 'influx';
import { inject } from 'vitest';

export interface TestInflux {
  /** base URL of the private server, no database */
  baseUrl: string;
  database: string;
  /** URL in the form of COLDTRACE_INFLUX_URL: base plus database */
  url: string;
  client: InfluxDB;
  drop(): Promise<void>;
}

/** A database of its own on the run's private InfluxDB (started by global-setup). */
export async function testInflux(prefix = 't'): Promise<TestInflux> {
  const baseUrl = inject('influxBaseUrl');
  const database = `${prefix}_${randomBytes(5).toString('hex')}`;
  const u = new URL(baseUrl);
  const client = new InfluxDB({
    host: u.hostname,
    port: Number(u.port),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    database,
  });
  await client.createDatabase(database);
  return {
    baseUrl,
    database,
    url: `${baseUrl.replace(/\/$/, '')}/${database}`,
    client,
    drop: () => client.dropDatabase(database),
  };
}
