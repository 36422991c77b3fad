import type { DeviceCredentials } from '../mqtt-device.js';

export interface FleetCounters {
  connected: number;
  connectErrors: number;
  sent: number;
  acked: number;
  /** PUBACKs received by the end of the publishing window (the rate the system kept up with) */
  ackedInWindow: number;
  errors: number;
  reconnects: number;
}

export const zeroCounters = (): FleetCounters => ({
  connected: 0,
  connectErrors: 0,
  sent: 0,
  acked: 0,
  ackedInWindow: 0,
  errors: 0,
  reconnects: 0,
});

export interface WorkerData {
  mqttUrl: string;
  devices: DeviceCredentials[];
  intervalS: number;
  durationS: number;
  /** connections opened at once per worker */
  connectConcurrency: number;
  seed: number;
  /** local addresses to connect from, round-robin (loopback targets: 127.x.y.z) */
  sourceAddresses?: string[];
}

/** worker -> main */
export type WorkerMessage =
  | { type: 'progress'; counters: FleetCounters }
  | { type: 'ready'; counters: FleetCounters }
  | { type: 'done'; counters: FleetCounters; ackHistogram?: number[] };

/** main -> worker */
export type MainMessage = { type: 'go'; startAtMs: number } | { type: 'stop' };
