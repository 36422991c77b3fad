import net from 'node:net';
import { MqttClient } from 'mqtt';

/**
 * Soak devices: each its own MQTT client with its own credentials, publishing one reading (QoS 1)
 * every interval, reconnecting after outages (MQTT.js resends what was not acknowledged) and
 * remembering exactly which readings the broker acknowledged, for the reconciliation.
 */
export interface SoakDevice {
  deviceId: string;
  secret: string;
  /** seq numbers whose PUBACK came back */
  acked: Set<number>;
  sent: number;
  errors: number;
  client?: MqttClient;
  /** the temperature the device reports at `nowMs` (probes go out of range on a schedule) */
  tempAt(nowMs: number): number;
}

export interface SoakFleet {
  devices: SoakDevice[];
  connected(): number;
  reconnects(): number;
  /** stop publishing, wait for outstanding PUBACKs (up to `waitMs`), close */
  stop(waitMs: number): Promise<void>;
}

export function startSoakFleet(opts: {
  mqttPort: number;
  devices: SoakDevice[];
  intervalMs: number;
  /** loopback source addresses (127.1.x.y), so per-address connect limits see many sites */
  sources: string[];
}): SoakFleet {
  let stopping = false;
  let reconnects = 0;
  const timers: NodeJS.Timeout[] = [];
  opts.devices.forEach((d, i) => {
    const localAddress = opts.sources[i % opts.sources.length];
    const client = new MqttClient(
      () => net.createConnection({ port: opts.mqttPort, host: '127.0.0.1', localAddress }),
      {
        clientId: d.deviceId,
        username: d.deviceId,
        password: d.secret,
        clean: true,
        keepalive: 30,
        reconnectPeriod: 1_000 + Math.floor(Math.random() * 2_000),
        connectTimeout: 10_000,
      },
    );
    let first = true;
    client.on('connect', () => {
      if (!first) reconnects++;
      first = false;
    });
    client.on('error', () => {});
    d.client = client;
    let seq = 0;
    const publish = () => {
      if (stopping) return;
      const now = Date.now();
      const mySeq = seq++;
      d.sent++;
      const payload = JSON.stringify({ ts: now, seq: mySeq, temp_c: d.tempAt(now) });
      client.publish(`coldtrace/v1/devices/${d.deviceId}/readings`, payload, { qos: 1 }, (err) => {
        if (err) d.errors++;
        else d.acked.add(mySeq);
      });
    };
    const phase = Math.floor(Math.random() * opts.intervalMs);
    timers.push(
      setTimeout(() => {
        publish();
        timers.push(setInterval(publish, opts.intervalMs));
      }, phase),
    );
  });
  return {
    devices: opts.devices,
    connected: () => opts.devices.filter((d) => d.client?.connected).length,
    reconnects: () => reconnects,
    async stop(waitMs) {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      const outstanding = () => opts.devices.reduce((n, d) => n + d.sent - d.acked.size - d.errors, 0);
      const deadline = Date.now() + waitMs;
      while (outstanding() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      await Promise.all(opts.devices.map((d) => d.client?.endAsync(true).catch(() => {})));
    },
  };
}
