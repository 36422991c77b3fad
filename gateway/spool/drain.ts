import type { Logger } from 'pino';
import { isRetryableWriteError } from '../../services/store/readings/errors.js';
import { msLinesToNs } from './legacy.js';
import type { Spool, SpoolBatch } from './spool.js';

export interface DrainOptions {
  spool: Spool;
  write(lines: Buffer): Promise<void>;
  logger: Logger;
  /** lines per InfluxDB write (default 5,000) */
  batchLines?: number;
  /** concurrent writes (default 3: InfluxDB 1.x takes more points/s over 2-4 connections) */
  concurrency?: number;
  /** first retry delay, doubled up to maxBackoffMs (defaults 100 ms and 5 s) */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** how long a partial batch may wait to fill when no write is out (default 20 ms) */
  lingerMs?: number;
  onWritten?: (lines: number, latencyMs: number) => void;
  onWriteError?: (error: unknown, retryable: boolean) => void;
  /** lines InfluxDB refused for good (4xx): the caller keeps them in the dead-letter file */
  onRefused?: (batch: SpoolBatch, error: unknown) => void;
}

/**
 * Copies the spool into InfluxDB in batches of ~5,000 lines. While a write is under way the next
 * batch waits until it can be full, so small commits coalesce under load; an idle drain writes what
 * there is at once. A failed write is retried with exponential backoff (with jitter) until InfluxDB
 * takes it; the spool keeps growing meanwhile and the checkpoint does not move.
 */
export class Drain {
  private inflight = 0;
  private pumping = false;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryQueue: SpoolBatch[] = [];
  private idleWaiters: (() => void)[] = [];
  private lingerTimer: NodeJS.Timeout | undefined;
  private lingered = false;
  private readonly lingerMs: number;
  private readonly batchLines: number;
  private readonly concurrency: number;

  constructor(private readonly o: DrainOptions) {
    this.batchLines = o.batchLines ?? 5_000;
    this.concurrency = o.concurrency ?? 3;
    this.lingerMs = o.lingerMs ?? 20;
    o.spool.onData = () => this.pump();
  }

  start(): void {
    this.pump();
  }

  /** True once everything committed to the spool is in InfluxDB. */
  get idle(): boolean {
    return this.inflight === 0 && this.retryQueue.length === 0 && this.o.spool.depthBytes === 0;
  }

  /** Resolves when the spool is empty (or the drain is stopped). */
  whenIdle(): Promise<void> {
    if (this.idle || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.pumping || this.stopped || this.retryTimer) return;
    this.pumping = true;
    void this.fill().finally(() => {
      this.pumping = false;
      if (this.idle) for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  private async fill(): Promise<void> {
    while (!this.stopped && !this.retryTimer && this.inflight < this.concurrency) {
      let batch = this.retryQueue.shift();
      if (!batch) {
        if (this.o.spool.unreadBytes < this.batchLines * 80) {
          // not a full batch: with a write already out it waits to grow; otherwise it lingers a
          // moment first, so a steady trickle makes a few large writes, not many small ones
          // (each costs InfluxDB a WAL sync); live consumers get readings from onAccepted anyway
          if (this.inflight > 0) return;
          if (!this.lingered) {
            this.lingerTimer ??= setTimeout(() => {
              this.lingerTimer = undefined;
              this.lingered = true;
              this.pump();
            }, this.lingerMs);
            return;
          }
        }
        this.lingered = false;
        batch = await this.o.spool.nextBatch(this.batchLines);
        if (!batch) return;
      }
      this.send(batch);
    }
  }

  private send(batch: SpoolBatch): void {
    this.inflight++;
    const started = performance.now();
    this.o
      .write(batch.legacyMs ? msLinesToNs(batch.data) : batch.data)
      .then(
        () => {
          this.failures = 0;
          this.o.onWritten?.(batch.lines, performance.now() - started);
          this.o.spool.complete(batch);
        },
        (error: unknown) => {
          const retryable = isRetryableWriteError(error);
          this.o.onWriteError?.(error, retryable);
          if (!retryable) {
            this.o.logger.error(
              { err: error, lines: batch.lines },
              'drain: InfluxDB refused lines; kept in dead-letter',
            );
            this.o.onRefused?.(batch, error);
            this.o.spool.complete(batch);
            return;
          }
          this.retryQueue.unshift(batch);
          this.scheduleRetry(error);
        },
      )
      .finally(() => {
        this.inflight--;
        this.pump();
      });
  }

  private scheduleRetry(error: unknown): void {
    if (this.retryTimer || this.stopped) return;
    this.failures++;
    const min = this.o.minBackoffMs ?? 100;
    const max = this.o.maxBackoffMs ?? 5_000;
    const delayMs = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16)) * (0.75 + Math.random() * 0.5);
    this.o.logger.warn(
      {
        err: error,
        attempt: this.failures,
        retryInMs: Math.round(delayMs),
        depthBytes: this.o.spool.depthBytes,
      },
      'drain: InfluxDB write failed; retrying',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    while (this.inflight > 0) await new Promise((r) => setTimeout(r, 5));
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
