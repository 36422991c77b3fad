import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../services/api/app.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import type { Reading, Verdict } from '../../services/domain/contract.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import type { Role } from '../../services/store/sql/api-keys-repo.js';
import { openSqlDb } from '../../services/store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../../services/store/sql/records-store.js';
import type { StoredShipment } from '../../services/store/sql/shipments-repo.js';
import { testInflux } from './influx.js';
import { testPglite } from './pglite.js';
import { testPostgres } from './postgres.js';

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
