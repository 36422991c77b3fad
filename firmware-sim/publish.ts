import { CompressedClock } from './clock.js';
import type { DeviceCredentials } from './mqtt-device.js';
import { MqttDevice } from './mqtt-device.js';
import type { DeviceTrace } from './scenarios/trace.js';

export interface PublishTotals {
  readings: number;
  events: number;
}

/**
 * Plays device traces over MQTT on a compressed clock: every device has its own connection and
 * credentials, items go out when device time reaches them, offline stretches are kept and sent as a
 * backlog on reconnect. Resolves when every device has sent everything and disconnected cleanly.
 */
export async function playTraces(
  traces: { trace: DeviceTrace; creds: DeviceCredentials }[],
  opts: { mqttUrl: string; deviceStartMs: number; speed: number },
): Promise<PublishTotals> {
  const clock = new CompressedClock(opts.deviceStartMs, opts.speed);
  const totals: PublishTotals = { readings: 0, events: 0 };
  await Promise.all(
    traces.map(async ({ trace, creds }) => {
      const device = new MqttDevice(opts.mqttUrl, creds);
      try {
        for (const item of trace.items) {
          await clock.until(item.atMs);
          await device.handle(item);
          if (item.kind === 'reading') totals.readings++;
          else totals.events++;
        }
        // a logger still offline at the end gets its network back at the destination
        if (device.backlog.size > 0) {
          if (!device.connected) await device.connect();
          await device.flushBacklog();
        }
      } finally {
        await device.disconnect();
      }
    }),
  );
  return totals;
}
