import mqtt, { type MqttClient } from 'mqtt';
import type { EventOut, ReadingOut, TraceItem } from './device.js';
import { simErrors } from './errors.js';
import { StoreAndForward } from './store-forward.js';
import { deviceTopic } from './topics.js';

export interface DeviceCredentials {
  deviceId: string;
  /** the MQTT secret issued at registration; none for an open broker */
  secret?: string;
}

/**
 * One device's own MQTT connection, as in the field: username = device id, password = its secret,
 * `status` retained `online` on connect and `offline` as the will. Publishes with QoS 1 and resolves
 * once the PUBACK is back (with the gateway, that means durably accepted).
 */
export class MqttDevice {
  private client: MqttClient | undefined;
  readonly backlog = new StoreAndForward();

  constructor(
    private readonly url: string,
    readonly creds: DeviceCredentials,
  ) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async connect(): Promise<void> {
    const { deviceId, secret } = this.creds;
    const statusTopic = deviceTopic(deviceId, 'status');
    const client = mqtt.connect(this.url, {
      clientId: deviceId,
      username: deviceId,
      password: secret,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (err) => {
        client.end(true);
        reject(simErrors.mqttConnect(deviceId, err.message));
      });
      client.once('close', () => reject(simErrors.mqttConnect(deviceId, 'connection closed')));
    });
    client.on('error', () => {});
    this.client = client;
    await this.publish(statusTopic, 'online', true);
  }

  /** Loses the network without a goodbye: the broker publishes the will (`offline`). */
  dropConnection(): void {
    this.client?.stream.destroy();
    this.client?.end(true);
    this.client = undefined;
  }

  /** A clean stop: `offline` retained, then DISCONNECT. */
  async disconnect(): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (client.connected) await this.publish(deviceTopic(this.creds.deviceId, 'status'), 'offline', true);
    await client.endAsync();
    this.client = undefined;
  }

  async sendReadings(readings: ReadingOut[]): Promise<void> {
    const body = readings.length === 1 ? readings[0] : readings;
    await this.publish(deviceTopic(this.creds.deviceId, 'readings'), JSON.stringify(body));
  }

  async sendEvent(event: EventOut): Promise<void> {
    await this.publish(deviceTopic(this.creds.deviceId, 'events'), JSON.stringify(event));
  }

  /** Sends what was kept while offline: readings as arrays with their original timestamps. */
  async flushBacklog(): Promise<number> {
    const { readingBatches, events } = this.backlog.drain();
    let sent = 0;
    for (const batch of readingBatches) {
      await this.sendReadings(batch);
      sent += batch.length;
    }
    for (const event of events) await this.sendEvent(event);
    return sent + events.length;
  }

  /**
   * Handles one trace item the way a logger does: online, it sends (first any backlog, after
   * reconnecting); offline, it keeps the item.
   */
  async handle(item: TraceItem): Promise<void> {
    if (!item.online) {
      if (this.client) this.dropConnection();
      if (item.kind === 'reading') this.backlog.keepReading(item.payload);
      else this.backlog.keepEvent(item.payload);
      return;
    }
    if (!this.client) await this.connect();
    if (this.backlog.size > 0) await this.flushBacklog();
    if (item.kind === 'reading') await this.sendReadings([item.payload]);
    else await this.sendEvent(item.payload);
  }

  private async publish(topic: string, payload: string, retain = false): Promise<void> {
    const client = this.client;
    if (!client) throw simErrors.mqttPublish(this.creds.deviceId, 'not connected');
    try {
      await client.publishAsync(topic, payload, { qos: 1, retain });
    } catch (err) {
      throw simErrors.mqttPublish(this.creds.deviceId, err instanceof Error ? err.message : String(err));
    }
  }
}
