import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, in a registry the caller may share with other roles. */
export interface GatewayMetrics {
  registry: Registry;
  messagesReceived: Counter<'kind'>;
  readingsAccepted: Counter;
  eventsAccepted: Counter;
  rejected: Counter<'code'>;
  unauthorised: Counter<'reason'>;
  spoolDepthBytes: Gauge;
  spoolAgeSeconds: Gauge;
  influxWriteSeconds: Histogram;
  influxErrors: Counter<'kind'>;
  connectedDevices: Gauge;
}

/**
 * Metrics of the gateway in `registry`. A gateway started again in the same process with the same
 * registry (a restart, tests) gets the metrics already there instead of a duplicate-name error.
 */
export function createGatewayMetrics(registry = new Registry()): GatewayMetrics {
  const r = [registry];
  const once = <T>(name: string, make: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? make();
  return {
    registry,
    messagesReceived: once(
      'coldtrace_ingest_messages_received_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_messages_received_total',
          help: 'MQTT publishes received from devices, by topic kind',
          labelNames: ['kind'],
          registers: r,
        }),
    ),
    readingsAccepted: once(
      'coldtrace_ingest_readings_accepted_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_readings_accepted_total',
          help: 'Readings durably spooled and acknowledged',
          registers: r,
        }),
    ),
    eventsAccepted: once(
      'coldtrace_ingest_events_accepted_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_events_accepted_total',
          help: 'Device events durably spooled and acknowledged',
          registers: r,
        }),
    ),
    rejected: once(
      'coldtrace_ingest_rejected_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_rejected_total',
          help: 'Payloads or items refused, by reject code',
          labelNames: ['code'],
          registers: r,
        }),
    ),
    unauthorised: once(
      'coldtrace_ingest_unauthorised_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_unauthorised_total',
          help: 'Refused connections, publishes and subscriptions',
          labelNames: ['reason'],
          registers: r,
        }),
    ),
    spoolDepthBytes: once(
      'coldtrace_ingest_spool_depth_bytes',
      () =>
        new Gauge({
          name: 'coldtrace_ingest_spool_depth_bytes',
          help: 'Bytes in the spool not yet written to InfluxDB',
          registers: r,
        }),
    ),
    spoolAgeSeconds: once(
      'coldtrace_ingest_spool_age_seconds',
      () =>
        new Gauge({
          name: 'coldtrace_ingest_spool_age_seconds',
          help: 'Age of the oldest spooled data not yet written to InfluxDB',
          registers: r,
        }),
    ),
    influxWriteSeconds: once(
      'coldtrace_ingest_influx_write_seconds',
      () =>
        new Histogram({
          name: 'coldtrace_ingest_influx_write_seconds',
          help: 'Latency of one InfluxDB batch write',
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: r,
        }),
    ),
    influxErrors: once(
      'coldtrace_ingest_influx_errors_total',
      () =>
        new Counter({
          name: 'coldtrace_ingest_influx_errors_total',
          help: 'Failed InfluxDB writes (retryable: unavailable, refused: 4xx)',
          labelNames: ['kind'],
          registers: r,
        }),
    ),
    connectedDevices: once(
      'coldtrace_ingest_connected_devices',
      () =>
        new Gauge({
          name: 'coldtrace_ingest_connected_devices',
          help: 'Devices connected to the embedded broker',
          registers: r,
        }),
    ),
  };
}
