import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import { BrokerAuthErrors } from './errors.js';

/** Mosquitto 2's dynamic-security plugin is managed by publishing commands to this topic. */
export const DYNSEC_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;

export type DynsecCommand = { command: string } & Record<string, unknown>;

const responsesSchema = z.object({
  responses: z.array(
    z.object({
      command: z.string(),
      error: z.string().optional(),
      data: z.unknown().optional(),
      correlationData: z.string().optional(),
    }),
  ),
});
export type DynsecResponse = z.infer<typeof responsesSchema>['responses'][number];

/**
 * One admin connection to the broker's `$CONTROL/dynamic-security/v1` topic. A batch of commands
 * goes out as one message; its responses come back in one message on `.../response`, matched here
 * by the correlationData of the batch's first command. Batches go one at a time: registration and
 * rotation are rare, and one at a time keeps the broker's view in the order the API decided it.
 */
export class DynsecControl {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waiting = new Map<string, (r: DynsecResponse[]) => void>();

  private constructor(
    private readonly client: MqttClient,
    private readonly timeoutMs: number,
  ) {
    client.on('message', (topic, payload) => {
      if (topic !== RESPONSE_TOPIC) return;
      let parsed: z.infer<typeof responsesSchema>;
      try {
        parsed = responsesSchema.parse(JSON.parse(payload.toString('utf8')));
      } catch {
        return;
      }
      const key = parsed.responses[0]?.correlationData;
      const resolve = key ? this.waiting.get(key) : undefined;
      if (key && resolve) {
        this.waiting.delete(key);
        resolve(parsed.responses);
      }
    });
  }

  /** Connects as the broker's dynsec admin (credentials in the URL: mqtt://admin:secret@host:port). */
  static async connect(
    url: string,
    opts: { timeoutMs?: number; clientId?: string } = {},
  ): Promise<DynsecControl> {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    let client: MqttClient;
    try {
      client = await mqtt.connectAsync(url, {
        clientId: opts.clientId ?? `coldtrace-dynsec-${randomUUID().slice(0, 8)}`,
        protocolVersion: 5,
        reconnectPeriod: 1_000,
        connectTimeout: timeoutMs,
      });
    } catch (error) {
      throw new BrokerAuthErrors.unavailable(String((error as Error).message));
    }
    client.on('error', () => {});
    await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
    return new DynsecControl(client, timeoutMs);
  }

  /** Sends the commands as one batch; resolves with their responses (errors inside, not thrown). */
  send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    const run = async () => {
      const key = randomUUID();
      const tagged = commands.map((c, i) => ({ ...c, correlationData: i === 0 ? key : `${key}.${i}` }));
      if (!this.client.connected) throw new BrokerAuthErrors.unavailable('not connected to the broker');
      let timer: NodeJS.Timeout | undefined;
      const answer = new Promise<DynsecResponse[]>((resolve, reject) => {
        timer = setTimeout(() => {
          this.waiting.delete(key);
          reject(new BrokerAuthErrors.unavailable(`no answer from ${DYNSEC_TOPIC} in ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        this.waiting.set(key, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
      // the answer's timer may fire while the publish still waits for its PUBACK: handled here, so
      // it never rejects into the void (an unhandled rejection ends a Node process)
      answer.catch(() => {});
      const published = this.client.publishAsync(DYNSEC_TOPIC, JSON.stringify({ commands: tagged }), {
        qos: 1,
      });
      published.catch(() => {});
      try {
        await Promise.race([published, answer]);
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(key);
        if (error instanceof BrokerAuthErrors.unavailable) throw error;
        throw new BrokerAuthErrors.unavailable(String((error as Error).message));
      }
      return answer;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Sends the commands and throws CT_BROKER_AUTH_UNAVAILABLE on the first error not in `tolerated`. */
  async sendOrThrow(commands: DynsecCommand[], tolerated: readonly string[] = []): Promise<DynsecResponse[]> {
    const responses = await this.send(commands);
    for (const r of responses) {
      if (r.error && !tolerated.includes(r.error))
        throw new BrokerAuthErrors.unavailable(`${r.command}: ${r.error}`);
    }
    return responses;
  }

  /** Ends the connection at once: commands still waiting have failed or will fail on their timer. */
  async close(): Promise<void> {
    // not waiting for in-flight PUBACKs: over a dead connection they never come, and close hung
    await this.client.endAsync(true);
  }
}
