import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type Gateway, startGateway } from '../gateway/index.js';
import { buildApi } from '../services/api/app.js';
import { ApiErrors } from '../services/api/errors.js';
import { type BrokerDeviceCredentials, MosquittoDynsecCredentials } from '../services/broker-auth/index.js';
import type { Config } from '../services/config/config.js';
import { createLogger, type Logger } from '../services/config/log.js';
import { type Notifier, startNotifier } from '../services/notify/index.js';
import {
  RulesErrors,
  type RulesWorker,
  startRulesWorker,
  startSummaryKeeper,
} from '../services/rules/index.js';
import { awaitRulesLeadership } from '../services/rules/leadership.js';
import { tightenDataDir } from '../services/store/data-files.js';
import { openReadingsStore, type ReadingsStore } from '../services/store/readings/readings-store.js';
import { openRecordsStore, type RecordsStore } from '../services/store/sql/records-store.js';
import { ensurePrivateInflux } from './private-influx.js';
import { followBrokerForRules } from './rules-feed.js';

export const ROLES = ['gateway', 'rules', 'api'] as const;
/** a rules process that lost its lock stops at once (EX_TEMPFAIL): its supervisor restarts it as a standby */
const EXIT_LEADERSHIP_LOST = 75;
export type Role = (typeof ROLES)[number];

export interface RunningColdtrace {
  config: Config;
  roles: Role[];
  influxUrl: string;
  readings: ReadingsStore;
  records: RecordsStore;
  gateway?: Gateway;
  api?: FastifyInstance;
  /** base URL of the API when the api role runs */
  httpUrl?: string;
  /** port of the embedded broker when the gateway role runs it */
  mqttPort?: number;
  /** port of the embedded broker's MQTT-over-TLS listener when TLS is configured */
  mqttsPort?: number;
  metrics: Registry;
  /** the rules worker when the rules role runs (tests flush it before asserting on alerts) */
  rules?: RulesWorker;
  close(): Promise<void>;
}

/**
 * The composition root: builds the stores once and starts the asked-for roles on them. Every role
 * in one process is the embedded default; one role per process is the scaled-out way.
 */
export async function startColdtrace(
  config: Config,
  opts: { roles?: Role[]; logger?: Logger; now?: () => number } = {},
): Promise<RunningColdtrace> {
  const roles = opts.roles ?? [...ROLES];
  const logger = opts.logger ?? createLogger(config.logLevel);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
      }
    }
  };
  try {
    // #12: the data folder is the owner's only (PGlite and older versions left files world-readable)
    await tightenDataDir(config.dataDir);
    // runs last on close: PGlite writes its files 0666 whatever the umask (the 0700 folders keep
    // others out meanwhile, and the periodic pass below tightens what it made since)
    closers.push(async () => {
      await tightenDataDir(config.dataDir);
    });
    let influxUrl = config.influxUrl;
    if (!influxUrl) {
      const influx = await ensurePrivateInflux(config.dataDir);
      influxUrl = influx.url;
      closers.push(() => influx.stop());
      logger.info({ influxUrl, startedHere: influx.startedHere }, 'private InfluxDB ready');
    }
    const readings = await openReadingsStore({ url: influxUrl, token: config.influxToken, logger });
    closers.push(() => readings.close());
    const records = await openRecordsStore(config);
    closers.push(() => records.close());
    // issue 12: the audit chain's head, anchored outside the records store (a last one at stop)
    const keyCheck = await records.auditKeyCheck();
    if (keyCheck === 'different') {
      logger.error(
        { event: 'audit_key_mismatch' },
        'the audit key differs from the one this records store was keyed with: set the same COLDTRACE_AUDIT_KEY on every process, or the rows written here will verify as re-chained',
      );
    }
    const { auditAnchor } = records;
    if (auditAnchor) {
      const stopAnchoring = auditAnchor.start(config.audit.anchorIntervalS * 1000, (err) =>
        logger.warn({ err, file: auditAnchor.file }, 'audit anchor not written'),
      );
      closers.push(stopAnchoring);
    }
    await tightenDataDir(config.dataDir);
    const tightening = setInterval(() => {
      tightenDataDir(config.dataDir).catch((err) => logger.warn({ err }, 'data folder permissions'));
    }, 60_000);
    tightening.unref();
    closers.push(async () => clearInterval(tightening));

    const tls = config.tls
      ? { key: await readFile(config.tls.keyFile), cert: await readFile(config.tls.certFile) }
      : undefined;

    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });

    let rules: RulesWorker | undefined;
    let notifier: Notifier | undefined;
    if (roles.includes('rules')) {
      if (!roles.includes('gateway') && config.databaseUrl) {
        // scaled out: one active rules process, the others wait on standby (services/rules/leadership.ts)
        const leadership = await awaitRulesLeadership({
          databaseUrl: config.databaseUrl,
          logger,
          onLost: () => process.exit(EXIT_LEADERSHIP_LOST),
        });
        closers.push(() => leadership.release());
      }
      const started = startNotifier({ config, logger, outbox: records.outbox });
      notifier = started;
      closers.push(() => started.close());
      const worker = await startRulesWorker({
        config,
        logger,
        records,
        readings,
        metrics,
        now: opts.now,
        siteAlertTo: config.site.alertEmails,
        onMailQueued: () => started.kick(),
      });
      rules = worker;
      closers.push(() => worker.close());
      // the storage sensors' hourly summaries, ahead of the long status and the report
      const keeper = startSummaryKeeper({ records, readings, logger, now: opts.now });
      closers.push(() => keeper.close());
      if (!roles.includes('gateway')) {
        // scaled out: the rules role follows the external broker itself
        if (!config.mqtt.externalUrl) {
          throw new RulesErrors.needsBroker();
        }
        const follower = await followBrokerForRules(config.mqtt.externalUrl, worker, logger);
        closers.push(() => follower.endAsync());
      }
    }

    let gateway: Gateway | undefined;
    if (roles.includes('gateway')) {
      gateway = await startGateway({
        config,
        logger,
        readings,
        devices: records.deviceDirectory,
        registry: metrics,
        tls: tls && config.tls ? { ...tls, port: config.tls.mqttsPort } : undefined,
        onAccepted: rules ? (r, e) => rules.ingest(r, e) : undefined,
        onStatus: rules
          ? (deviceId, status, atMs) => {
              if (status === 'offline') rules.deviceOffline(deviceId, atMs);
            }
          : undefined,
      });
      closers.push(() => gateway!.close());
      logger.info({ mode: gateway.mode, mqttPort: gateway.mqttPort }, 'gateway started');
    }

    let api: FastifyInstance | undefined;
    let httpUrl: string | undefined;
    if (roles.includes('api')) {
      const brokerCredentials = config.mqtt.dynsecUrl
        ? await keepBrokerCredentials(config, records, logger)
        : undefined;
      if (brokerCredentials) closers.push(() => brokerCredentials.close());
      api = await buildApi({
        brokerCredentials,
        config,
        logger,
        records,
        readings,
        influxUrl,
        now: opts.now,
        // 8.1.6: the manufacturer's mail was queued with the receipt; send it now, not at the next poll
        onReceiptDeviation: notifier ? () => notifier?.kick() : undefined,
        // a journey step recorded as a deviation opened its case and queued the manufacturer's mail
        onProductDeviation: notifier ? () => notifier?.kick() : undefined,
      });
      api.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
        reply.header('content-type', metrics.contentType);
        return metrics.metrics();
      });
      let port = config.http.port;
      try {
        if (tls) {
          // HTTPS: fastify's router behind a TLS server of our own (buildApi builds a plain one)
          await api.ready();
          const server = https.createServer(tls, (req, res) => api!.routing(req, res));
          port = await new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(config.http.port, config.http.host, () => {
              const a = server.address();
              resolve(typeof a === 'object' && a ? a.port : config.http.port);
            });
          });
          closers.push(
            () =>
              new Promise<void>((r) => {
                server.close(() => r());
                server.closeAllConnections();
              }),
          );
        } else {
          await api.listen({ host: config.http.host, port: config.http.port });
          const address = api.server.address();
          port = typeof address === 'object' && address ? address.port : config.http.port;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new ApiErrors.httpPortInUse(config.http.host, config.http.port);
        }
        throw error;
      }
      httpUrl = `${tls ? 'https' : 'http'}://${config.http.host}:${port}`;
      closers.push(() => api!.close());
      logger.info({ httpUrl }, 'api listening');
    }

    return {
      config,
      roles,
      influxUrl,
      readings,
      records,
      gateway,
      api,
      httpUrl,
      mqttPort: gateway?.mqttPort,
      mqttsPort: gateway?.tlsPort,
      metrics,
      rules,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Scaled out on Mosquitto: the API keeps the broker's device logins in step with the registry. At
 * start it gives the gateways' and rules' login (the user of COLDTRACE_MQTT_URL) its role and
 * removes broker logins of devices the registry does not hold as active.
 */
async function keepBrokerCredentials(
  config: Config,
  records: RecordsStore,
  logger: Logger,
): Promise<BrokerDeviceCredentials> {
  const credentials = await MosquittoDynsecCredentials.connect(config.mqtt.dynsecUrl!);
  try {
    const service = config.mqtt.externalUrl ? new URL(config.mqtt.externalUrl) : undefined;
    if (service?.username && service.password)
      await credentials.ensureServiceClient(
        decodeURIComponent(service.username),
        decodeURIComponent(service.password),
      );
    const { removed, missing } = await credentials.reconcile(await records.deviceRevocation.activeIds());
    logger.info({ removed, missing: missing.length }, 'broker device logins reconciled');
    if (missing.length > 0)
      logger.warn(
        { deviceIds: missing.slice(0, 20), count: missing.length },
        'registered devices without a broker login: rotate their secrets to give the broker one',
      );
  } catch (error) {
    await credentials.close();
    throw error;
  }
  return credentials;
}

/** `coldtrace start [role]`: runs until SIGINT or SIGTERM, then stops cleanly. */
export async function runStart(config: Config, args: string[]): Promise<number> {
  const unknown = args.filter((a) => !(ROLES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`coldtrace start: unknown role '${unknown[0]}' (roles: ${ROLES.join(', ')})`);
    return 2;
  }
  const roles = args.length > 0 ? (args as Role[]) : [...ROLES];
  // #12: every file this process creates (records, spool, mails, keys) is the owner's only
  process.umask(0o077);
  const logger = createLogger(config.logLevel);
  const running = await startColdtrace(config, { roles, logger });
  logger.info(
    { roles, httpUrl: running.httpUrl, mqttPort: running.mqttPort, dataDir: config.dataDir },
    'coldtrace started',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await running.close();
  return 0;
}
