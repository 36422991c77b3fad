import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import type { Device, Profile, Reading, Shipment } from '../../services/domain/contract.js';
import { type Notifier, startNotifier } from '../../services/notify/notifier.js';
import type { RulesWorkerOptions } from '../../services/rules/options.js';
import { type RulesWorker, startRulesWorker } from '../../services/rules/worker.js';
import type { Actor } from '../../services/store/audit/audit-trail.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import { openSqlDb } from '../../services/store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../../services/store/sql/records-store.js';
import { type TestInflux, testInflux } from './influx.js';
import { testPostgres } from './postgres.js';
import { TestSmtp } from './smtp.js';

/**
 * Real services for the rules worker's end-to-end tests: a fresh PostgreSQL schema, an InfluxDB
 * database, an SMTP server, the notifier, and a settable clock for the worker.
 */
export interface Harness {
  records: RecordsStore;
  readings: ReadingsStore;
  influx: TestInflux;
  smtp: TestSmtp;
  notifier: Notifier;
  clock: { nowMs: number };
  worker?: RulesWorker;
  startWorker(extra?: Partial<RulesWorkerOptions>): Promise<RulesWorker>;
  /** writes readings to InfluxDB (as the gateway does) and hands them to the worker */
  deliver(readings: Reading[]): Promise<void>;
  close(): Promise<void>;
}

export const ACTOR: Actor = { id: 'test', name: 'test' };
export const MIN = 60_000;

export async function startHarness(): Promise<Harness> {
  const logger = createLogger(process.env.RULES_TEST_LOG ?? 'silent');
  const pg = await testPostgres('rules');
  const db = await openSqlDb({ databaseUrl: pg.url });
  const records = recordsStoreOver(db);
  const influx = await testInflux('rules');
  const readings = await openReadingsStore({ url: influx.url, logger });
  const smtp = await TestSmtp.start();
  const config = loadConfig({
    COLDTRACE_SMTP_URL: smtp.url,
    COLDTRACE_PUBLIC_URL: 'https://coldtrace.example',
  });
  const notifier = startNotifier({
    config,
    logger,
    outbox: records.outbox,
    pollMs: 50,
    retry: { baseDelayMs: 100, maxDelayMs: 400 },
  });
  const clock = { nowMs: 0 };
  const h: Harness = {
    records,
    readings,
    influx,
    smtp,
    notifier,
    clock,
    async startWorker(extra = {}) {
      h.worker = await startRulesWorker({
        config,
        logger,
        records,
        readings,
        now: () => clock.nowMs,
        tickMs: 60_000, // the tests call tick() themselves
        refreshMs: 0,
        onMailQueued: () => notifier.kick(),
        escalation: undefined,
        siteAlertTo: ['site-qa@clinic.example'],
        ...extra,
      });
      return h.worker;
    },
    async deliver(list) {
      await readings.writeReadings(list);
      h.worker?.ingest(list, []);
      await h.worker?.flush();
    },
    async close() {
      await h.worker?.close();
      await notifier.close();
      await smtp.stop();
      await readings.close();
      await influx.drop();
      await db.close();
      await pg.drop();
    },
  };
  return h;
}

export const refrigerated = (id: string, alarmDelayMinutes: number): Profile => ({
  id,
  name: 'CAR-T 2-8',
  storageMode: 'refrigerated',
  tempMinC: 2,
  tempMaxC: 8,
  maxTransportMinutes: 600,
  containerTypes: ['passive_2_8_box'],
  maxGapMinutes: 5,
  tolerance: { alarmDelayMinutes },
});

export const logger = (id: string): Device => ({
  id,
  kind: 'shipper_logger',
  loggingIntervalS: 60,
  calibrationValidUntil: '2030-01-01T00:00:00Z',
});

export const shipmentOf = (
  id: string,
  profileId: string,
  deviceIds: string[],
  locale: 'en' | 'zh-CN' = 'en',
): Shipment => ({
  id,
  profileId,
  product: { name: 'CAR-T cells', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
  containerType: 'passive_2_8_box',
  deviceIds,
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example', locale },
  origin: 'Shanghai',
  destination: 'Beijing',
});

/** Registers a profile, loggers and a shipment and dispatches it at `dispatchedAtMs`. */
export async function dispatchedShipment(
  h: Harness,
  id: string,
  opts: { alarmDelayMinutes?: number; dispatchedAtMs: number; locale?: 'en' | 'zh-CN' },
): Promise<string> {
  const profileId = `P-${id}`;
  const deviceId = `L-${id}`;
  await h.records.profiles.save(refrigerated(profileId, opts.alarmDelayMinutes ?? 0), ACTOR);
  await h.records.devices.create(logger(deviceId), 'x', ACTOR);
  await h.records.shipments.create(shipmentOf(id, profileId, [deviceId], opts.locale), ACTOR);
  await h.records.shipments.dispatch(id, opts.dispatchedAtMs, ACTOR);
  return deviceId;
}

/** Readings one a minute from `fromMs` with the given temperatures. */
export function series(deviceId: string, fromMs: number, temps: number[], seq0 = 0): Reading[] {
  return temps.map((tempC, i) => ({
    deviceId,
    tsMs: fromMs + i * MIN,
    seq: seq0 + i,
    tempC,
    receivedAtMs: fromMs + i * MIN,
  }));
}
