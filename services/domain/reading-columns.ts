import type { Reading } from './contract.js';
import { sameValue, worseTemp } from './logger-batch.js';
import type { TempRange } from './storage-modes.js';

/**
 * One logger's readings kept sorted by device time, one row per timestamp, in growable typed columns
 * (about 48 bytes a reading, no object per reading). Readings with the same timestamp merge into
 * their row as the batch verdict merges them (SortedLoggerFeed): the worst temperature, the lowest
 * coolant level, the lowest and highest seq, the earliest receive time. When they differ, every
 * distinct reading of that time is also kept aside (rare), so readings() gives the batch verdict the
 * whole record and it can report the conflict.
 */
export class ReadingColumns {
  length = 0;
  private ts = new Float64Array(64);
  private seq = new Float64Array(64);
  private seqHigh = new Float64Array(64);
  /** the distinct readings of a timestamp that had more than one (a conflict or two seqs) */
  private readonly distinct = new Map<number, Reading[]>();

  constructor(private readonly range: () => TempRange) {}
  private temp = new Float64Array(64);
  private pct = new Float64Array(64);
  private recv = new Float64Array(64);

  get lastTsMs(): number {
    return this.length > 0 ? this.ts[this.length - 1]! : Number.NEGATIVE_INFINITY;
  }

  /** Adds a reading; 'appended' at the end, 'inserted' or 'replaced' earlier (the fold must be rebuilt), or 'duplicate'. */
  add(r: Reading): 'appended' | 'inserted' | 'replaced' | 'duplicate' {
    const recv = r.receivedAtMs ?? Number.NaN;
    const pct = r.ln2LevelPct ?? Number.NaN;
    const i = this.lowerBound(r.tsMs);
    if (i < this.length && this.ts[i] === r.tsMs) return this.merge(i, r, pct, recv);
    if (this.length === this.ts.length) this.grow();
    const appended = i === this.length;
    if (!appended) {
      for (const col of [this.ts, this.seq, this.seqHigh, this.temp, this.pct, this.recv]) {
        col.copyWithin(i + 1, i, this.length);
      }
    }
    this.ts[i] = r.tsMs;
    this.seq[i] = r.seq ?? Number.NaN;
    this.seqHigh[i] = r.seq ?? Number.NaN;
    this.temp[i] = r.tempC;
    this.pct[i] = pct;
    this.recv[i] = recv;
    this.length++;
    return appended ? 'appended' : 'inserted';
  }

  private merge(i: number, r: Reading, pct: number, recv: number): 'replaced' | 'duplicate' {
    const ts = r.tsMs;
    const stored = this.recv[i]!;
    if (recv < stored || Number.isNaN(stored)) this.recv[i] = recv;
    const same = (a: Reading) =>
      a.seq === r.seq && sameValue(a.tempC, r.tempC) && sameValue(a.ln2LevelPct ?? Number.NaN, pct);
    let list = this.distinct.get(ts);
    if (list === undefined) {
      const first = this.reading(i, '');
      if (same(first)) return 'duplicate';
      list = [first];
      this.distinct.set(ts, list);
    } else if (list.some(same)) return 'duplicate';
    const { receivedAtMs: _recv, ...kept } = r;
    list.push(kept);
    let changed = false;
    // a missing seq is NaN: it never lowers or raises the seqs of the time
    const seq = r.seq ?? Number.NaN;
    if (seq < this.seq[i]!) {
      this.seq[i] = seq;
      changed = true;
    }
    if (seq > this.seqHigh[i]!) {
      this.seqHigh[i] = seq;
      changed = true;
    }
    const range = this.range();
    if (worseTemp(r.tempC, this.temp[i]!, range)) {
      this.temp[i] = r.tempC;
      changed = true;
    }
    if (!Number.isNaN(pct) && (Number.isNaN(this.pct[i]!) || pct < this.pct[i]!)) {
      this.pct[i] = pct;
      changed = true;
    }
    return changed ? 'replaced' : 'duplicate';
  }

  /** Forgets readings stamped before `tsMs`; returns how many were dropped. */
  dropBefore(tsMs: number): number {
    const n = this.lowerBound(tsMs);
    if (n === 0) return 0;
    for (const col of [this.ts, this.seq, this.seqHigh, this.temp, this.pct, this.recv])
      col.copyWithin(0, n, this.length);
    this.length -= n;
    for (const ts of this.distinct.keys()) if (ts < tsMs) this.distinct.delete(ts);
    return n;
  }

  tsAt(i: number): number {
    return this.ts[i]!;
  }
  seqAt(i: number): number {
    return this.seq[i]!;
  }
  seqHighAt(i: number): number {
    return this.seqHigh[i]!;
  }
  tempAt(i: number): number {
    return this.temp[i]!;
  }
  pctAt(i: number): number {
    return this.pct[i]!;
  }

  reading(i: number, deviceId: string): Reading {
    const seq = this.seq[i]!;
    const r: Reading = Number.isNaN(seq)
      ? { deviceId, tsMs: this.ts[i]!, tempC: this.temp[i]! }
      : { deviceId, tsMs: this.ts[i]!, seq, tempC: this.temp[i]! };
    if (!Number.isNaN(this.pct[i]!)) r.ln2LevelPct = this.pct[i]!;
    if (!Number.isNaN(this.recv[i]!)) r.receivedAtMs = this.recv[i]!;
    return r;
  }

  *readings(deviceId: string): IterableIterator<Reading> {
    for (let i = 0; i < this.length; i++) {
      const list = this.distinct.get(this.ts[i]!);
      if (list === undefined) {
        yield this.reading(i, deviceId);
        continue;
      }
      const recv = this.recv[i]!;
      for (const r of list) {
        const copy: Reading = { ...r, deviceId };
        if (Number.isNaN(recv)) delete copy.receivedAtMs;
        else copy.receivedAtMs = recv;
        yield copy;
      }
    }
  }

  private lowerBound(tsMs: number): number {
    if (this.length === 0 || this.ts[this.length - 1]! < tsMs) return this.length;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ts[mid]! < tsMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const copy = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.ts = copy(this.ts);
    this.seq = copy(this.seq);
    this.seqHigh = copy(this.seqHigh);
    this.temp = copy(this.temp);
    this.pct = copy(this.pct);
    this.recv = copy(this.recv);
  }
}
