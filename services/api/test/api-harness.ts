import type { FastifyInstance } from 'fastify';
import { testInflux } from '../../../test/helpers/influx.js';
import { testPostgres } from '../../../test/helpers/postgres.js';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/log.js';
import type { Reading, Verdict } from '../../domain/contract.js';
import { openReadingsStore, type ReadingsStore } from '../../store/readings/readings-store.js';
import type { Role } from '../../store/sql/api-keys-repo.js';
import { openSqlDb } from '../../store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../../store/sql/records-store.js';
import type { StoredShipment } from '../../store/sql/shipments-repo.js';
import { testPglite } from '../../store/sql/test-pglite.js';
import { buildApi } from '../app.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface Harness {
  app: FastifyInstance;
  records: RecordsStore;
  readings: ReadingsStore;
  keys: Record<Role, string>;
  deviations: { shipment: StoredShipment; verdict: Verdict }[];
  close(): Promise<void>;
}

/** The API on real InfluxDB and a real records store (PostgreSQL schema or in-memory PGlite). */
export async function startHarness(driver: 'postgres' | 'pglite'): Promise<Harness> {
  const influx = await testInflux('api');
  const pg = driver === 'postgres' ? await testPostgres('api') : undefined;
  const config = loadConfig({
    COLDTRACE_ADMIN_KEY: ADMIN_KEY,
    COLDTRACE_INFLUX_URL: influx.url,
    COLDTRACE_LOG_LEVEL: 'silent',
    ...(pg && { COLDTRACE_DATABASE_URL: pg.url }),
  });
  const logger = createLogger('silent', 'api-test');
  const records = recordsStoreOver(
    config.databaseUrl ? await openSqlDb({ databaseUrl: config.databaseUrl }) : await testPglite(),
  );
  await records.apiKeys.ensureBootstrapAdmin(ADMIN_KEY);
  const readings = await openReadingsStore({ url: influx.url, logger });
  const deviations: Harness['deviations'] = [];
  const app = await buildApi({
    config,
    logger,
    records,
    readings,
    onReceiptDeviation: (shipment, verdict) => {
      deviations.push({ shipment, verdict });
    },
  });
  const actor = { id: 'test', name: 'test setup' };
  const keys = { admin: ADMIN_KEY } as Record<Role, string>;
  for (const role of ['logistics', 'receiver', 'qa', 'viewer'] as const) {
    keys[role] = (await records.apiKeys.issue(`${role} key`, role, actor)).key;
  }
  return {
    app,
    records,
    readings,
    keys,
    deviations,
    async close() {
      await app.close();
      await readings.close();
      await records.close();
      await influx.drop();
      await pg?.drop();
    },
  };
}

/** One reading a minute at tempC (or tempAt(ms)) from fromMs to toMs. */
export function minuteReadings(
  deviceId: string,
  fromMs: number,
  toMs: number,
  tempAt: (ms: number) => number,
): Reading[] {
  const out: Reading[] = [];
  let seq = 0;
  for (let ms = fromMs; ms <= toMs; ms += 60_000) {
    out.push({ deviceId, tsMs: ms, seq: seq++, tempC: tempAt(ms), receivedAtMs: ms + 500 });
  }
  return out;
}
