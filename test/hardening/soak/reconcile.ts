import { z } from 'zod';
import type { SoakDevice } from './devices.js';

const answerSchema = z.object({
  results: z.array(
    z.object({
      series: z
        .array(
          z.object({
            tags: z.record(z.string(), z.string()).optional(),
            values: z.array(z.tuple([z.number(), z.number()])),
          }),
        )
        .optional(),
      error: z.string().optional(),
    }),
  ),
});

/**
 * Looks up every stored reading of the soak's devices in InfluxDB: `lost` are acknowledged seqs
 * that are not stored, `duplicated` are (device, seq) pairs stored more than once.
 */
export async function countStored(
  baseUrl: string,
  database: string,
  devices: readonly SoakDevice[],
): Promise<{ stored: number; lost: number; duplicated: number }> {
  const q = `SELECT "seq" FROM "readings" WHERE "device" =~ /^SOAK-/ GROUP BY "device"`;
  const res = await fetch(`${baseUrl}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`).catch(
    () => undefined,
  );
  if (res?.status !== 200) return { stored: 0, lost: Number.POSITIVE_INFINITY, duplicated: 0 };
  const answer = answerSchema.parse(await res.json());
  const seqsOf = new Map<string, number[]>();
  for (const s of answer.results[0]?.series ?? []) {
    const id = s.tags?.device ?? '';
    seqsOf.set(
      id,
      s.values.map((v) => v[1]),
    );
  }
  let stored = 0;
  let lost = 0;
  let duplicated = 0;
  for (const d of devices) {
    const seqs = seqsOf.get(d.deviceId) ?? [];
    const have = new Set(seqs);
    stored += seqs.length;
    duplicated += seqs.length - have.size;
    for (const seq of d.acked) if (!have.has(seq)) lost++;
  }
  return { stored, lost, duplicated };
}

/**
 * The probes' stored record, device by device, in seq order: what coldtrace saw, which is what its
 * alerts answer to (a reading stored whose PUBACK was lost in a kill counts, as the record holds it).
 */
export async function storedTemps(baseUrl: string, database: string): Promise<Map<string, number[]>> {
  const q = `SELECT "seq", "temp_c" FROM "readings" WHERE "device" =~ /^SOAK-PROBE-/ GROUP BY "device"`;
  const res = await fetch(`${baseUrl}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`);
  if (res.status !== 200) throw new Error(`stored probe readings: InfluxDB answered ${res.status}`);
  const answer = tempsSchema.parse(await res.json());
  const out = new Map<string, number[]>();
  for (const s of answer.results[0]?.series ?? []) {
    const bySeq = [...s.values].sort((a, b) => a[1] - b[1]);
    out.set(
      s.tags?.device ?? '',
      bySeq.map((v) => v[2]),
    );
  }
  return out;
}

const tempsSchema = z.object({
  results: z.array(
    z.object({
      series: z
        .array(
          z.object({
            tags: z.record(z.string(), z.string()).optional(),
            values: z.array(z.tuple([z.number(), z.number(), z.number()])),
          }),
        )
        .optional(),
    }),
  ),
});
