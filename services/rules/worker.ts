import type { DeviceEvent, Reading } from '../domain/contract.js';
import { parseLocale } from '../domain/messages/catalog.js';
import type { SiteContext } from '../notify/index.js';
import { AlertApplier, type FailingWatch } from './alert-applier.js';
import { AlertWriter } from './alert-writer.js';
import { raiseCaseReminders } from './case-reminders.js';
import { raiseClockAlerts } from './clock-alerts.js';
import { escalationPolicy, type RulesWorkerOptions } from './options.js';
import { Router } from './router.js';
import { assignmentKey, loadTargets, type Target, type Targets } from './targets.js';
import { ShipmentWatch, UnitWatch, type Watch } from './watch.js';

/** assignments are re-read in full at least this often, changed or not */
const FULL_REFRESH_MS = 60_000;

export interface RulesWorker {
  /** Accepted readings and events (plug into the gateway's onAccepted); returns at once. */
  ingest(readings: Reading[], events: DeviceEvent[]): void;
  /** The device's connection was lost (its MQTT will / status `offline`). */
  deviceOffline(deviceId: string, atMs: number): void;
  /** Runs the timers and re-reads assignments now (the periodic tick does the same). */
  tick(): Promise<void>;
  /**
   * Resolves when everything handed in so far has been evaluated and written, except the steps of
   * watches that keep failing (see failing()).
   */
  flush(): Promise<void>;
  /** shipments and storage units whose steps keep failing, retried with backoff */
  failing(): FailingWatch[];
  close(): Promise<void>;
}

export type { FailingWatch };

/**
 * The live rules worker: per shipment in transit and per storage unit, the domain's monitors judge
 * readings as they arrive; their transitions become alerts (one per episode) and mails through the
 * outbox. State is rebuilt from the records store and InfluxDB on start, so a restart neither loses
 * an alert nor sends one twice (alerts are unique per episode key).
 *
 * In parts: the router (router.ts) says which watch gets a reading, the watches (watch.ts) judge,
 * the alert applier (alert-applier.ts) writes what they find on each watch's own queue, so one
 * failing shipment or unit never holds back the others. This file composes them and keeps the
 * shared steps (re-reading assignments, timers, device offline) in one serial chain.
 */
export async function startRulesWorker(opts: RulesWorkerOptions): Promise<RulesWorker> {
  const escalation = opts.escalation ?? escalationPolicy(opts.config);
  const now = opts.now ?? Date.now;
  const log = opts.logger.child({ role: 'rules' });
  const site: SiteContext = {
    timeZone: opts.config.site.timeZone,
    locale: parseLocale(opts.config.site.locale),
    publicUrl: opts.config.http.publicUrl,
  };
  const writer = new AlertWriter({
    records: opts.records,
    logger: log,
    site,
    siteAlertTo: opts.siteAlertTo ?? opts.config.site.alertEmails ?? [],
    now,
    onMailQueued: opts.onMailQueued ?? (() => {}),
  });

  const { deviations } = opts.records;
  const transaction = opts.records.transaction.bind(opts.records);
  const caseReminders = {
    site,
    siteTo: opts.siteAlertTo ?? opts.config.site.alertEmails ?? [],
    escalationTo: escalation?.to ?? [],
    queued: new Set<string>(),
    logger: log,
    onMailQueued: opts.onMailQueued ?? (() => {}),
  };

  const applier = new AlertApplier(writer, log, now, opts.metrics);
  const router = new Router();
  const watches = new Map<string, Watch>(); // by assignment key
  const raised = new Set<string>(); // timer alerts already raised (the database is the guarantee)
  let targets: Targets = { shipments: new Map(), units: new Map(), products: new Map(), byDevice: new Map() };
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  let lastRefreshMs = Number.NEGATIVE_INFINITY;

  /** The shared steps go through one queue, in the order things happened. */
  const serial = (what: string, fn: () => Promise<void>) => {
    chain = chain
      .then(fn)
      .catch((err) => log.error({ err: (err as Error).message, what }, 'rules step failed'));
    return chain;
  };

  const localeOf = (t: Target) =>
    t.kind === 'shipment' ? (t.shipment.manufacturer.locale ?? site.locale) : site.locale;

  function startWatch(t: Target): Watch {
    const lateAfterMs = opts.lateAfterMs;
    const w =
      t.kind === 'shipment'
        ? new ShipmentWatch(t, localeOf(t), site.timeZone, lateAfterMs)
        : new UnitWatch(
            t,
            localeOf(t),
            site.timeZone,
            lateAfterMs,
            now() - (opts.unitLookbackMs ?? 86_400_000),
          );
    applier.load(w, opts.readings);
    return w;
  }

  /**
   * Logger files handed over at the door (POST /shipments/:id/logger-files) reach InfluxDB through
   * the API, not the gateway: the worker follows them in the records store, as it follows
   * assignments, and hands their readings to the same watches as MQTT readings (issue 19). A file
   * kept while the worker was down is in the record a new watch reads back on start.
   */
  let filesCursor = await opts.records.watch.loggerFilesCursor();
  async function followLoggerFiles(): Promise<void> {
    for (;;) {
      const files = await opts.records.watch.loggerFilesAfter(filesCursor);
      if (files.length === 0) return;
      for (const f of files) {
        const readings: Reading[] = [];
        for await (const r of opts.readings.readingsOf(f.deviceId, f.firstReadingAtMs, f.lastReadingAtMs))
          readings.push(r);
        log.info(
          { fileId: f.id, shipmentId: f.shipmentId, deviceId: f.deviceId, readings: readings.length },
          'logger file: readings to the live rules',
        );
        ingestNow(readings, []);
        filesCursor = f.cursor;
      }
    }
  }

  function ingestNow(readings: Reading[], events: DeviceEvent[]): void {
    const nowMs = now();
    const byWatch = router.route(readings, events, nowMs);
    for (const [w, batch] of byWatch) {
      if (w.loading) {
        w.buffer.readings.push(...batch.readings);
        w.buffer.events.push(...batch.events);
      } else void applier.apply(w, w.add(batch.readings, batch.events, nowMs));
    }
  }

  let fingerprint = '';
  let lastFullRefreshMs = Number.NEGATIVE_INFINITY;
  async function refresh(): Promise<void> {
    const print = await opts.records.watch.fingerprint();
    lastRefreshMs = now();
    if (print === fingerprint && Date.now() - lastFullRefreshMs < FULL_REFRESH_MS) return;
    fingerprint = print;
    lastFullRefreshMs = Date.now();
    const next = await loadTargets(opts.records.watch);
    const keep = new Set<string>();
    for (const t of [...next.shipments.values(), ...next.units.values()]) {
      const key = assignmentKey(t);
      keep.add(key);
      const w = watches.get(key);
      if (!w) {
        watches.set(key, startWatch(t));
        continue;
      }
      if (w.target.kind === 'unit' && t.kind === 'unit') {
        // items taken out of the unit: their storage-limit alerts end, silently
        const still = new Set(t.items.map((i) => i.id));
        for (const gone of w.target.items.filter((i) => !still.has(i.id))) {
          for (const state of ['due_soon', 'overdue']) {
            await writer.resolve(
              t,
              `${t.scopeKey}|item|${gone.id}|${state}`,
              now(),
              { closedBy: 'item_removed' },
              false,
            );
          }
        }
      }
      w.target = t;
    }
    for (const [key, w] of watches) {
      if (keep.has(key)) continue;
      watches.delete(key);
      applier.retire(w);
      // received (or removed): held alerts resolve with their mail, the others end with the window
      await writer.releaseAll(w.target);
      for (const a of await opts.records.alerts.unclosed(`${w.scopeKey}|`)) {
        await writer.resolve(w.target, a.episodeKey, now(), { closedBy: 'window_closed' }, false);
      }
    }
    for (const [w, waiting] of router.assign(next.byDevice, (t) => watches.get(assignmentKey(t)))) {
      if (w.loading) w.buffer.readings.push(...waiting);
      else void applier.apply(w, w.add(waiting, [], now()));
    }
    targets = next;
    lastRefreshMs = now();
  }

  /** Assignments first (a file may come with the dispatch it belongs to), then new logger files. */
  async function refreshAll(): Promise<void> {
    await refresh();
    await followLoggerFiles();
  }

  async function timers(nowMs: number): Promise<void> {
    for (const w of watches.values()) {
      if (w.loading) continue;
      void applier.applyTimers(w, w.tick(nowMs), nowMs);
    }
    await applier.settled();
    await raiseClockAlerts({ writer, alerts: opts.records.alerts, targets, raised, escalation }, nowMs);
    // issue 15: the manufacturer's answer time of open deviation cases
    if (deviations)
      await raiseCaseReminders({ ...caseReminders, records: { deviations, transaction } }, nowMs);
  }

  const tick = () =>
    serial('tick', async () => {
      if (closed) return;
      const nowMs = now();
      if (nowMs - lastRefreshMs >= (opts.refreshMs ?? 2_000)) await refreshAll();
      await applier.settled();
      await timers(nowMs);
    });

  // DEVICE_OFFLINE alerts of earlier versions (raised on every `offline`, also after receipt) end
  for (const a of await opts.records.alerts.unclosed('dev:')) {
    if (a.kind === 'DEVICE_OFFLINE')
      await writer.resolve(undefined, a.episodeKey, now(), { closedBy: 'superseded' }, false);
  }
  await serial('start', refreshAll);
  const interval = setInterval(() => void tick(), opts.tickMs ?? 1_000);
  interval.unref?.();
  log.info({ watches: watches.size }, 'rules worker started');

  return {
    ingest(readings, events) {
      if (closed) return;
      ingestNow(readings, events);
    },
    deviceOffline(deviceId, atMs) {
      // A device saying `offline` raises nothing by itself: a logger switched off at the end of its
      // trip, or after its receipt, is no alert; a watched device's silence past its own limit is
      // (the monitors' RECORD_GAP, critical on a loaded storage unit).
      if (closed) return;
      log.debug({ deviceId, atMs, watched: router.watchOf(deviceId) !== undefined }, 'device offline');
    },
    tick,
    async flush() {
      let seen: Promise<void> | undefined;
      while (seen !== chain) {
        seen = chain;
        await chain;
        await applier.settled();
      }
    },
    failing: () => applier.failing(),
    async close() {
      closed = true;
      clearInterval(interval);
      await chain;
      await applier.close();
    },
  };
}
