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

export function createGatewayMetrics(registry = new Registry()): GatewayMetrics {
  const r = [registry];
  return {
    registry,
    messagesReceived: new Counter({
      name: 'coldtrace_ingest_messages_received_total',
      help: 'MQTT publishes received from devices, by topic kind',
      labelNames: ['kind'],
      registers: r,
    }),
    readingsAccepted: new Counter({
      name: 'coldtrace_ingest_readings_accepted_total',
      help: 'Readings durably spooled and acknowledged',
      registers: r,
    }),
    eventsAccepted: new Counter({
      name: 'coldtrace_ingest_events_accepted_total',
      help: 'Device events durably spooled and acknowledged',
      registers: r,
    }),
    rejected: new Counter({
      name: 'coldtrace_ingest_rejected_total',
      help: 'Payloads or items refused, by reject code',
      labelNames: ['code'],
      registers: r,
    }),
    unauthorised: new Counter({
      name: 'coldtrace_ingest_unauthorised_total',
      help: 'Refused connections, publishes and subscriptions',
      labelNames: ['reason'],
      registers: r,
    }),
    spoolDepthBytes: new Gauge({
      name: 'coldtrace_ingest_spool_depth_bytes',
      help: 'Bytes in the spool not yet written to InfluxDB',
      registers: r,
    }),
    spoolAgeSeconds: new Gauge({
      name: 'coldtrace_ingest_spool_age_seconds',
      help: 'Age of the oldest spooled data not yet written to InfluxDB',
      registers: r,
    }),
    influxWriteSeconds: new Histogram({
      name: 'coldtrace_ingest_influx_write_seconds',
      help: 'Latency of one InfluxDB batch write',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    }),
    influxErrors: new Counter({
      name: 'coldtrace_ingest_influx_errors_total',
      help: 'Failed InfluxDB writes (retryable: unavailable, refused: 4xx)',
      labelNames: ['kind'],
      registers: r,
    }),
    connectedDevices: new Gauge({
      name: 'coldtrace_ingest_connected_devices',
      help: 'Devices connected to the embedded broker',
      registers: r,
    }),
  };
}
