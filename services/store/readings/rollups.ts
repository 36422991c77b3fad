import type { Reading } from '../../domain/contract.js';
import type { HourSummary } from '../../domain/hour-summary.js';
import { escapeTag, float } from './line-protocol.js';

/**
 * The downsampled series coldtrace keeps beside the record: one point per logger and hour, made from
 * that hour's raw readings (domain/hour-summary.ts), in the same database and retention policy.
 *
 *   readings_1h,device=<id>,v=1 n=<i>i,f_ts=<i>i,f_c=<f>,...,min_c=<f>,max_c=<f>,tw_sum=<f>,... <hourMs>
 *
 * The raw readings stay the record: a summary is used for an hour only while `n` is still the number
 * of points stored in that hour (InfluxDB counts them, storage-record.ts), so a reading that arrives
 * late, from a spool or a logger file, makes the hour read raw again until it is summed up anew.
 * The tag `v` is the format: summaries of another format are not read (a tag, so InfluxDB picks the
 * series by its index) and are made again.
 */
export const ROLLUP_MEASUREMENT = 'readings_1h';
export const ROLLUP_FORMAT = 1;

const int = (n: number) => `${Math.round(n)}i`;

/** The line of one summary, in ms precision; undefined when a value cannot be stored (non-finite). */
export function summaryLine(s: HourSummary): string | undefined {
  const numbers = [s.minC, s.maxC, s.twSumC, s.twMkt, s.first.tempC, s.lastC];
  if (!s.finite || !numbers.every(Number.isFinite)) return undefined;
  const f: string[] = [
    `n=${int(s.n)}`,
    `f_ts=${int(s.first.tsMs)}`,
    `f_c=${float(s.first.tempC)}`,
    `l_ts=${int(s.lastTsMs)}`,
    `l_c=${float(s.lastC)}`,
    `min_c=${float(s.minC)}`,
    `max_c=${float(s.maxC)}`,
    `tw_sum=${float(s.twSumC)}`,
    `tw_mkt=${float(s.twMkt)}`,
    `span=${int(s.lastTsMs - s.first.tsMs)}`,
    `max_gap=${int(s.maxGapMs)}`,
    `seq_ok=${s.seqContiguous}`,
    `distinct=${s.distinctTimes}`,
    `head_n=${int(s.headRunN)}`,
    `head_last=${int(s.headRunLastMs)}`,
    `tail_n=${int(s.tailRunN)}`,
    `tail_start=${int(s.tailRunStartMs)}`,
  ];
  const opt = (name: string, v: number | undefined, asInt: boolean) => {
    if (v !== undefined && Number.isFinite(v)) f.push(`${name}=${asInt ? int(v) : float(v)}`);
  };
  opt('f_seq', s.first.seq, true);
  opt('f_ln2', s.first.ln2LevelPct, false);
  opt('f_bat', s.first.batteryPct, false);
  opt('f_recv', s.first.receivedAtMs, true);
  opt('l_seq', s.lastSeq, true);
  opt('min_ln2', s.minLn2Pct, false);
  opt('l_ln2_ts', s.lastLn2Ms, true);
  opt('min_off', s.minOffsetMs, false);
  opt('med_off', s.medianOffsetMs, false);
  return `${ROLLUP_MEASUREMENT},device=${escapeTag(s.deviceId)},v=${ROLLUP_FORMAT} ${f.join(',')} ${s.hourMs}`;
}

/** The fields a summary is read back from, in this order after time and device. */
export const ROLLUP_FIELDS = [
  'n',
  'f_ts',
  'f_c',
  'f_seq',
  'f_ln2',
  'f_bat',
  'f_recv',
  'l_ts',
  'l_c',
  'l_seq',
  'min_c',
  'max_c',
  'tw_sum',
  'tw_mkt',
  'max_gap',
  'seq_ok',
  'distinct',
  'min_ln2',
  'l_ln2_ts',
  'min_off',
  'med_off',
  'head_n',
  'head_last',
  'tail_n',
  'tail_start',
] as const;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * A summary back from a row [time, device, ...ROLLUP_FIELDS]; undefined when the row is not one this
 * format wrote or lacks a value it needs (it is then made again from the readings).
 */
export function summaryFromRow(row: readonly unknown[]): HourSummary | undefined {
  const [time, device, ...rest] = row;
  const v = Object.fromEntries(ROLLUP_FIELDS.map((name, i) => [name, rest[i]])) as Record<
    (typeof ROLLUP_FIELDS)[number],
    unknown
  >;
  if (typeof device !== 'string') return undefined;
  const needed = [
    time,
    v.n,
    v.f_ts,
    v.f_c,
    v.l_ts,
    v.l_c,
    v.min_c,
    v.max_c,
    v.tw_sum,
    v.tw_mkt,
    v.max_gap,
    v.head_n,
    v.head_last,
    v.tail_n,
    v.tail_start,
  ];
  if (!needed.every((x) => typeof x === 'number')) return undefined;
  if (typeof v.seq_ok !== 'boolean' || typeof v.distinct !== 'boolean') return undefined;
  const first: Reading = { deviceId: device, tsMs: v.f_ts as number, tempC: v.f_c as number };
  const seq = num(v.f_seq);
  if (seq !== undefined) first.seq = seq;
  const ln2 = num(v.f_ln2);
  if (ln2 !== undefined) first.ln2LevelPct = ln2;
  const battery = num(v.f_bat);
  if (battery !== undefined) first.batteryPct = battery;
  const recv = num(v.f_recv);
  if (recv !== undefined) first.receivedAtMs = recv;
  const s: HourSummary = {
    deviceId: device,
    hourMs: time as number,
    n: v.n as number,
    first,
    lastTsMs: v.l_ts as number,
    lastC: v.l_c as number,
    minC: v.min_c as number,
    maxC: v.max_c as number,
    twSumC: v.tw_sum as number,
    twMkt: v.tw_mkt as number,
    maxGapMs: v.max_gap as number,
    seqContiguous: v.seq_ok,
    distinctTimes: v.distinct,
    finite: true,
    headRunN: v.head_n as number,
    headRunLastMs: v.head_last as number,
    tailRunN: v.tail_n as number,
    tailRunStartMs: v.tail_start as number,
  };
  const optional: [keyof HourSummary, unknown][] = [
    ['lastSeq', v.l_seq],
    ['minLn2Pct', v.min_ln2],
    ['lastLn2Ms', v.l_ln2_ts],
    ['minOffsetMs', v.min_off],
    ['medianOffsetMs', v.med_off],
  ];
  for (const [key, value] of optional) {
    if (typeof value === 'number') (s as unknown as Record<string, number>)[key] = value;
  }
  return s;
}
