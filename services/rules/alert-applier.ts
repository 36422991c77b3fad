import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../config/log.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { AlertWriter, Transition } from './alert-writer.js';
import { StepQueue } from './step-queue.js';
import type { Watch } from './watch.js';

/** A watch whose steps keep failing (RulesWorker.failing()). */
export interface FailingWatch {
  scopeKey: string;
  shipmentId?: string;
  storageUnitId?: string;
  attempts: number;
  sinceMs: number;
  error: string;
}

const idsOf = (w: Watch) =>
  w.target.kind === 'shipment' ? { shipmentId: w.target.shipment.id } : { storageUnitId: w.target.unit.id };

/**
 * Applies each watch's transitions through the alert writer, on the watch's own queue: one
 * shipment or storage unit whose record cannot be read or whose alerts cannot be written is
 * retried with backoff, logged with its id and counted, while every other watch goes on.
 */
export class AlertApplier {
  private readonly queues = new Map<Watch, StepQueue>();
  private readonly failures: Counter<'step'>;
  private readonly failingGauge: Gauge;

  constructor(
    private readonly writer: AlertWriter,
    private readonly log: Logger,
    private readonly now: () => number,
    metrics?: Registry,
  ) {
    const registers = metrics ? [metrics] : [];
    this.failures = new Counter({
      name: 'coldtrace_rules_step_failures_total',
      help: 'rules steps (load a record, apply transitions) that failed and are retried',
      labelNames: ['step'],
      registers,
    });
    this.failingGauge = new Gauge({
      name: 'coldtrace_rules_watches_failing',
      help: 'shipments and storage units whose rules steps keep failing (retried with backoff)',
      registers,
    });
  }

  private queue(w: Watch): StepQueue {
    let q = this.queues.get(w);
    if (q) return q;
    const ids = { scopeKey: w.scopeKey, ...idsOf(w) };
    q = new StepQueue(
      {
        onFailure: (what, attempt, err, retryInMs) => {
          this.failures.inc({ step: what });
          this.log.warn(
            { ...ids, what, attempt, retryInMs, err: err.message },
            'rules step failed; retrying',
          );
        },
        onFailing: (err) => {
          this.failingGauge.inc();
          this.log.error({ ...ids, err: err.message }, 'watch failing; retried with backoff, others go on');
        },
        onRecovered: () => {
          this.failingGauge.dec();
          this.log.info(ids, 'watch recovered');
        },
      },
      this.now,
    );
    this.queues.set(w, q);
    return q;
  }

  /**
   * Reads the watch's stored record back, then hands it what arrived meanwhile and applies what it
   * shows; until then the watch buffers.
   */
  load(w: Watch, store: Pick<ReadingsStore, 'readingsOf' | 'eventsOf'>): void {
    let trs: Transition[] = [];
    const q = this.queue(w);
    void q.run('load', async () => {
      trs = await w.load(store, this.now());
      w.loading = false;
      const { readings, events } = w.buffer;
      w.buffer = { readings: [], events: [] };
      trs.push(...w.add(readings, events, this.now()), ...w.tick(this.now()));
    });
    void q.run('apply', () => this.writer.apply(w.target, trs, w.range, w.maxGapMs));
  }

  apply(w: Watch, trs: Transition[]): Promise<void> | undefined {
    if (trs.length === 0) return undefined;
    return this.queue(w).run('apply', () => this.writer.apply(w.target, trs, w.range, w.maxGapMs));
  }

  /** The watch ended (received, removed): its queue stops retrying. */
  retire(w: Watch): void {
    const q = this.queues.get(w);
    if (!q) return;
    if (q.failing) this.failingGauge.dec();
    this.queues.delete(w);
    void q.stop();
  }

  /** Resolves when every watch that is not failing has done what it was handed. */
  async settled(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.settled()));
  }

  failing(): FailingWatch[] {
    const out: FailingWatch[] = [];
    for (const [w, q] of this.queues) {
      if (!q.failing) continue;
      out.push({
        scopeKey: w.scopeKey,
        ...idsOf(w),
        attempts: q.attempts,
        sinceMs: q.failingSinceMs ?? this.now(),
        error: q.lastError ?? '',
      });
    }
    return out;
  }

  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((q) => q.stop()));
  }
}
