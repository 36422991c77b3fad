import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../services/config/config.js';
import type { ReadingsStore } from '../services/store/readings/readings-store.js';
import { DeadLetterFile } from './dead-letter.js';
import { DeviceAuthenticator, type DeviceDirectory } from './device-directory.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js';
import { type ExternalConsumer, startExternalConsumer } from './external-consumer.js';
import { Ingestor, type OnAccepted, type OnStatus } from './ingest.js';
import { DEFAULT_LIMITS, type GatewayLimits } from './limits.js';
import { createGatewayMetrics } from './metrics.js';
import { loadRecordKey } from './record-key.js';
import { replayUndrained } from './replay.js';
import { Drain } from './spool/drain.js';
import { Spool } from './spool/spool.js';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  readings: ReadingsStore;
  devices: DeviceDirectory;
  /** accepted readings and events, once durable (the rules worker in embedded mode) */
  onAccepted?: OnAccepted;
  /** device status changes, once durable (the rules worker's device-offline alert in embedded mode) */
  onStatus?: OnStatus;
  registry?: Registry;
  limits?: Partial<GatewayLimits>;
  /** extra listeners of the embedded broker */
  tls?: { port: number; key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
  ws?: { port: number };
  /** external-broker mode: client id (stable per process) and connections per process */
  external?: { clientId?: string; connections?: number };
  spool?: { maxBytes?: number; alertBytes?: number; segmentBytes?: number };
  drain?: { batchLines?: number; concurrency?: number; minBackoffMs?: number; maxBackoffMs?: number };
}

export interface Gateway {
  mode: 'embedded' | 'external';
  /** bound port of the embedded broker (0 in external mode) */
  mqttPort: number;
  tlsPort?: number;
  wsPort?: number;
  metrics: Registry;
  spoolDir: string;
  deadLetterPath: string;
  /** Resolves once everything accepted so far is in InfluxDB. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the ingest role: the embedded broker (or a consumer of an external one), the durable spool
 * and its drain into InfluxDB. Spool and dead-letter live under `<dataDir>/ingest`; each gateway
 * process needs a data folder of its own.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const logger = opts.logger.child({ role: 'gateway' });
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const metrics = createGatewayMetrics(opts.registry);
  const ingestDir = path.resolve(opts.config.dataDir, 'ingest');
  const spoolDir = path.join(ingestDir, 'spool');

  const spool = await Spool.open({ dir: spoolDir, logger, ...opts.spool });
  const deadLetter = await DeadLetterFile.open(ingestDir);
  const recordKey = await loadRecordKey(ingestDir);
  // before the drain and the broker: what a crash left acknowledged but unseen reaches the live
  // consumers first (the rules worker would otherwise learn of it only at its next rebuild)
  if (opts.onAccepted && spool.depthBytes > 0) await replayUndrained(spool, opts.onAccepted, logger);
  const drain = new Drain({
    spool,
    logger,
    write: (lines) => opts.readings.writeLinesNs(lines),
    ...opts.drain,
    onWritten: (_lines, latencyMs) => metrics.influxWriteSeconds.observe(latencyMs / 1000),
    onWriteError: (_error, retryable) =>
      metrics.influxErrors.inc({ kind: retryable ? 'unavailable' : 'refused' }),
    onRefused: (batch, error) =>
      deadLetter.append(
        [
          {
            atMs: Date.now(),
            topic: '',
            code: 'CT_INFLUX_REFUSED',
            detail: String((error as Error).message),
            payload: batch.data,
          },
        ],
        () => {},
      ),
  });
  const gauges = setInterval(() => {
    metrics.spoolDepthBytes.set(spool.depthBytes);
    metrics.spoolAgeSeconds.set(spool.ageMs(Date.now()) / 1000);
  }, 1_000);
  gauges.unref();

  let publishReject: (deviceId: string, body: Buffer) => void = () => {};
  const ingestor = new Ingestor({
    spool,
    deadLetter,
    metrics,
    logger,
    onAccepted: opts.onAccepted,
    onStatus: opts.onStatus,
    publishReject: (deviceId, body) => publishReject(deviceId, body),
    maxPayloadBytes: limits.maxPayloadBytes,
    maxItemsPerMessage: limits.maxItemsPerMessage,
    maxClockSkewMs: opts.config.ingest.maxClockSkewS * 1000,
    recordKey,
  });
  drain.start();

  let broker: EmbeddedBroker | undefined;
  let consumer: ExternalConsumer | undefined;
  const externalUrl = opts.config.mqtt.externalUrl;
  try {
    if (externalUrl) {
      consumer = await startExternalConsumer({
        url: externalUrl,
        clientId: opts.external?.clientId ?? defaultClientId(ingestDir),
        connections: opts.external?.connections ?? 2,
        ingestor,
        logger,
      });
      publishReject = consumer.publishReject;
    } else {
      broker = await startEmbeddedBroker({
        host: opts.config.mqtt.host,
        port: opts.config.mqtt.port,
        tls: opts.tls,
        ws: opts.ws,
        ingestor,
        authenticator: new DeviceAuthenticator(opts.devices),
        limits,
        metrics,
        logger,
      });
      publishReject = broker.publishReject;
    }
  } catch (error) {
    clearInterval(gauges);
    await drain.stop();
    await spool.close();
    await deadLetter.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    mode: externalUrl ? 'external' : 'embedded',
    mqttPort: broker?.port ?? 0,
    tlsPort: broker?.tlsPort,
    wsPort: broker?.wsPort,
    metrics: metrics.registry,
    spoolDir,
    deadLetterPath: deadLetter.path,
    flushed: () => drain.whenIdle(),
    close() {
      closing ??= (async () => {
        // stop taking data first, then give the drain a moment to empty the spool
        await broker?.close();
        await consumer?.close();
        await Promise.race([drain.whenIdle(), new Promise((r) => setTimeout(r, 2_000))]);
        await drain.stop();
        clearInterval(gauges);
        await spool.close();
        await deadLetter.close();
        logger.info({ spoolDepthBytes: spool.depthBytes }, 'gateway: closed');
      })();
      return closing;
    },
  };
}

/** A client id stable across restarts of the same gateway (same host, same data folder). */
function defaultClientId(ingestDir: string): string {
  const digest = createHash('sha256').update(ingestDir).digest('hex').slice(0, 8);
  return `coldtrace-ingest-${os.hostname().slice(0, 20)}-${digest}`;
}
