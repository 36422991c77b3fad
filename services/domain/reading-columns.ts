import type { Reading } from './contract.js';

/**
 * One logger's readings kept sorted by device time, one per timestamp, in growable typed columns
 * (about 40 bytes a reading, no object per reading). Of two readings with the same timestamp the one
 * first in compareReadings order is kept, and the earliest receive time, so the live store holds
 * exactly what the batch verdict would keep.
 */
export class ReadingColumns {
  length = 0;
  private ts = new Float64Array(64);
  private seq = new Float64Array(64);
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
    const seq = r.seq ?? Number.NaN;
    const i = this.lowerBound(r.tsMs);
    if (i < this.length && this.ts[i] === r.tsMs) {
      const stored = this.recv[i]!;
      if (recv < stored || Number.isNaN(stored)) this.recv[i] = recv;
      const diff =
        (r.seq ?? -1) - (Number.isNaN(this.seq[i]!) ? -1 : this.seq[i]!) ||
        r.tempC - this.temp[i]! ||
        (Number.isNaN(pct) ? -1 : pct) - (Number.isNaN(this.pct[i]!) ? -1 : this.pct[i]!);
      if (diff >= 0) return 'duplicate';
      this.seq[i] = seq;
      this.temp[i] = r.tempC;
      this.pct[i] = pct;
      return 'replaced';
    }
    if (this.length === this.ts.length) this.grow();
    const appended = i === this.length;
    if (!appended) {
      for (const col of [this.ts, this.seq, this.temp, this.pct, this.recv]) {
        col.copyWithin(i + 1, i, this.length);
      }
    }
    this.ts[i] = r.tsMs;
    this.seq[i] = seq;
    this.temp[i] = r.tempC;
    this.pct[i] = pct;
    this.recv[i] = recv;
    this.length++;
    return appended ? 'appended' : 'inserted';
  }

  /** Forgets readings stamped before `tsMs`; returns how many were dropped. */
  dropBefore(tsMs: number): number {
    const n = this.lowerBound(tsMs);
    if (n === 0) return 0;
    for (const col of [this.ts, this.seq, this.temp, this.pct, this.recv]) col.copyWithin(0, n, this.length);
    this.length -= n;
    return n;
  }

  tsAt(i: number): number {
    return this.ts[i]!;
  }
  seqAt(i: number): number {
    return this.seq[i]!;
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
    for (let i = 0; i < this.length; i++) yield this.reading(i, deviceId);
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
    this.temp = copy(this.temp);
    this.pct = copy(this.pct);
    this.recv = copy(this.recv);
  }
}
