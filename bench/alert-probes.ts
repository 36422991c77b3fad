/**
 * Excursion probes shared by bench:alert-latency and bench:fleet: a real SMTP server that notes
 * when each mail is accepted, probe loggers that go out of range and back on a schedule, and the
 * latency from a probe's first out-of-range reading to its "started" mail.
 */
import type { MqttClient } from 'mqtt';
import { SMTPServer } from 'smtp-server';
import type { Profile, Shipment } from '../services/domain/contract.js';
import { freePort } from '../test/support/ports.js';

export interface Arrival {
  /** X-Coldtrace-Mail-Key: ASCII, names the episode and the phase (the subject is RFC 2047 encoded) */
  key: string;
  messageId: string;
  atMs: number;
}

/** A real SMTP server noting when each mail was accepted (end of DATA). */
export async function startSmtp(): Promise<{ url: string; arrivals: Arrival[]; close(): Promise<void> }> {
  const arrivals: Arrival[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const atMs = Date.now();
        const head =
          Buffer.concat(chunks)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0] ?? '';
        const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
        arrivals.push({
          key: /^X-Coldtrace-Mail-Key: (.*)$/im.exec(unfolded)?.[1] ?? '',
          messageId: /^Message-ID: (.*)$/im.exec(unfolded)?.[1] ?? '',
          atMs,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The 2-8 °C profile the probes ship under, with the alarm delay being measured. */
export const probeProfile = (alarmDelayMs: number): Profile => ({
  id: 'bench-2-8',
  name: 'bench-2-8',
  storageMode: 'refrigerated',
  maxTransportMinutes: 600,
  containerTypes: ['passive_2_8_box', 'ln2_dry_shipper'],
  maxGapMinutes: 5,
  tempMinC: 2,
  tempMaxC: 8,
  tolerance: { alarmDelayMinutes: alarmDelayMs / 60_000 },
});

export const probeShipmentId = (i: number) => `PROBE-${String(i).padStart(5, '0')}`;

export const benchShipment = (id: string, profileId: string, deviceIds: string[]): Shipment => ({
  id,
  profileId,
  product: { name: 'CAR-T cells', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
  containerType: profileId === 'bench-ln2' ? 'ln2_dry_shipper' : 'passive_2_8_box',
  deviceIds,
  manufacturer: { name: 'Bench Maker', qaEmail: 'qa@maker.example', locale: 'en' },
  origin: 'Shanghai',
  destination: 'Beijing',
});

/** seconds in range between excursions: the alarm-off margin (the delay) plus the 3-s clear hold, and 2 s more */
const inRangeS = (alarmDelayMs: number) => Math.ceil(alarmDelayMs / 1000) + 5;

/** How long a probe runs, in seconds. */
export const probeSeconds = (cycles: number, alarmDelayMs: number) =>
  (cycles + 1) * (inRangeS(alarmDelayMs) + (alarmDelayMs + 2_000) / 1000 + 2) + 25;

/**
 * One probe logger: in range, then out of range long enough to alarm, then back; `cycles` times.
 * `firstOut` gets the device time of each excursion's first out-of-range reading.
 */
export async function runProbe(
  client: MqttClient,
  deviceId: string,
  firstOut: number[],
  opts: { cycles: number; alarmDelayMs: number },
): Promise<void> {
  let seq = 0;
  const topic = `coldtrace/v1/devices/${deviceId}/readings`;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** a logger measures on its own schedule: the reading is stamped with its scheduled time */
  const publishAt = async (tsMs: number, tempC: number) => {
    while (Date.now() < tsMs) await sleep(Math.max(1, tsMs - Date.now()));
    void client.publishAsync(topic, JSON.stringify({ ts: tsMs, seq: seq++, temp_c: tempC }), { qos: 1 });
  };
  let t = Date.now() + Math.round(Math.random() * 3_000);
  for (let c = 0; c < opts.cycles; c++) {
    // back in range longer than the alarm-off margin (docs/rules.md R3) and the alert's clear hold
    // (3 logging intervals, R10), so that each excursion is its own alert with its own "ended" mail
    for (let i = 0; i < inRangeS(opts.alarmDelayMs); i++, t += 1_000) await publishAt(t, 5);
    firstOut.push(t);
    const outUntil = t + opts.alarmDelayMs + 2_000;
    for (; t <= outUntil; t += 1_000) await publishAt(t, 11);
    await publishAt(t, 5);
    t += 1_000;
  }
  for (let i = 0; i < inRangeS(opts.alarmDelayMs); i++, t += 1_000) await publishAt(t, 5);
  await sleep(500);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The probes' mails among all arrivals. */
export const probeMails = (arrivals: readonly Arrival[]) => arrivals.filter((a) => a.key.includes('|probe-'));

/**
 * Every excursion must give exactly one "started" and one "ended" mail; latency is from its first
 * out-of-range reading to the SMTP server accepting its "started" mail (alarm delay included).
 */
export function probeOutcome(
  arrivals: readonly Arrival[],
  probeIds: readonly string[],
  firstOut: ReadonlyMap<string, readonly number[]>,
): { latencies: number[]; lost: number; duplicated: number; otherAlerts: number } {
  const latencies: number[] = [];
  let lost = 0;
  const mails = probeMails(arrivals);
  let duplicated = mails.length - new Set(mails.map((m) => m.messageId)).size;
  for (const [i, id] of probeIds.entries()) {
    const mine = mails.filter((m) => m.key.startsWith(`alert:shp:${probeShipmentId(i)}|${id}|excursion:`));
    const started = mine.filter((m) => m.key.endsWith(':started')).sort((a, b) => a.atMs - b.atMs);
    const ended = mine.filter((m) => m.key.endsWith(':ended'));
    const outs = firstOut.get(id) ?? [];
    lost += Math.max(0, outs.length - started.length) + Math.max(0, outs.length - ended.length);
    duplicated += Math.max(0, started.length - outs.length) + Math.max(0, ended.length - outs.length);
    for (let k = 0; k < Math.min(outs.length, started.length); k++)
      latencies.push(started[k]!.atMs - outs[k]!);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, lost, duplicated, otherAlerts: arrivals.length - mails.length };
}
