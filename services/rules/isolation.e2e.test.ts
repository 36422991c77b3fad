import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/ports.js';
import {
  dispatchedShipment,
  type Harness,
  MIN,
  series,
  startHarness,
} from '../../test/support/rules-harness.js';
import { sqlDbOf } from '../store/sql/records-store.js';

let h: Harness;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = t0;
});
afterEach(async () => {
  await h.close();
});

/** pino lines the worker logs, parsed */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

describe('one bad record never stops the watch (issue 12)', () => {
  it('a shipment whose record query always fails is marked, logged, counted and retried; another shipment still alerts', async () => {
    await dispatchedShipment(h, 'SHP-BAD', { dispatchedAtMs: t0 });
    // a dispatch typed as year 1000, written straight into the store (InfluxDB cannot query before 1677)
    await sqlDbOf(h.records).query(
      "UPDATE shipments SET dispatched_at = '1000-01-01T00:00:00Z', updated_at = now() WHERE id = 'SHP-BAD'",
    );
    const good = await dispatchedShipment(h, 'SHP-OK', { alarmDelayMinutes: 0, dispatchedAtMs: t0 });
    const { logger, lines } = capturingLogger();
    const metrics = new Registry();
    const w = await h.startWorker({ logger, metrics });

    // the bad shipment is marked failing after a few attempts with backoff
    const failing = await waitUntil(
      () => {
        const f = w.failing();
        return f.length > 0 ? f : undefined;
      },
      20_000,
      'SHP-BAD marked failing',
    );
    expect(failing).toEqual([expect.objectContaining({ scopeKey: 'shp:SHP-BAD', shipmentId: 'SHP-BAD' })]);
    expect(failing[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(failing[0]!.error).not.toBe('');

    // the other shipment's live alert still arrives
    for (const r of series(good, t0, [5, 9.5, 9.5])) {
      h.clock.nowMs = r.tsMs + 1_000;
      await h.deliver([r]);
    }
    await w.flush();
    const [mail] = await h.smtp.waitForMails(1, (m) => m.parsed.subject?.includes('[SHP-OK]') ?? false);
    expect(mail?.parsed.subject).toMatch(/TEMP_OUT_OF_RANGE STARTED L-SHP-OK/);
    expect(await h.records.alerts.list({ shipmentId: 'SHP-OK' })).toHaveLength(1);
    expect(await h.records.alerts.list({ shipmentId: 'SHP-BAD' })).toHaveLength(0);

    // logged with its id, counted in metrics
    const warned = lines.filter((l) => l.msg === 'rules step failed; retrying' && l.shipmentId === 'SHP-BAD');
    expect(warned.length).toBeGreaterThanOrEqual(3);
    expect(warned.map((l) => l.attempt)).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(warned[1]!.retryInMs as number).toBeGreaterThan(warned[0]!.retryInMs as number);
    expect(
      lines.some(
        (l) => l.msg === 'watch failing; retried with backoff, others go on' && l.shipmentId === 'SHP-BAD',
      ),
    ).toBe(true);
    const text = await metrics.metrics();
    expect(text).toMatch(/coldtrace_rules_watches_failing 1/);
    expect(
      Number(/coldtrace_rules_step_failures_total\{step="load"\} (\d+)/.exec(text)?.[1]),
    ).toBeGreaterThanOrEqual(3);
  });
});
