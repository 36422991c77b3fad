import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../gateway/dead-letter.js';
import type { Reading } from '../services/domain/contract.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const run = promisify(execFile);

/**
 * Issue #12 through the whole system as `coldtrace start` composes it, published with mosquitto_pub:
 * the clock-skew edge (COLDTRACE_MAX_CLOCK_SKEW_S exactly is taken, one second more is refused with
 * CT_TS_IN_FUTURE and dead-lettered) and a re-sent warmer value kept beside the first.
 */
describe('ingest trust, end to end over mosquitto_pub', () => {
  let sys: TestSystem;
  let secret = '';
  const port = () => new URL(sys.mqttUrl).port;
  const pub = (payload: unknown) =>
    run('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', port(), '-q', '1', '-i', 'SKEW-1'],
      ...['-u', 'SKEW-1', '-P', secret, '-t', 'coldtrace/v1/devices/SKEW-1/readings'],
      ...['-m', JSON.stringify(payload)],
    ]);
  const stored = async () => {
    const out: Reading[] = [];
    for await (const r of sys.system.readings.readingsOf('SKEW-1', 0, 4_102_444_800_000)) out.push(r);
    return out;
  };
  beforeAll(async () => {
    sys = await startTestSystem({ records: 'pglite', env: { COLDTRACE_MAX_CLOCK_SKEW_S: '120' } });
    secret = await sys.registerLogger('SKEW-1');
  }, 60_000);
  afterAll(() => sys?.stop());

  it('takes a device time exactly the allowed skew ahead, refuses one second more', async () => {
    const now = Date.now();
    await pub({ ts: now + 120_000, seq: 1, temp_c: 5 });
    await pub({ ts: Date.now() + 121_000, seq: 2, temp_c: 5 });
    await sys.system.gateway!.flushed();
    await waitUntil(async () => (await stored()).length >= 1);
    expect((await stored()).map((r) => r.seq)).toEqual([1]);
    const letters = await waitUntil(async () => {
      const l = await readDeadLetters(sys.system.gateway!.deadLetterPath);
      return l.length > 0 ? l : undefined;
    });
    expect(letters.map((l) => l.code)).toEqual(['CT_TS_IN_FUTURE']);
  });

  it('keeps a re-sent warmer value beside the first; an identical re-send stays one reading', async () => {
    const ts = Date.now() - 60_000;
    await pub({ ts, seq: 10, temp_c: 5 });
    await pub({ ts, seq: 10, temp_c: 5 });
    await pub({ ts, seq: 10, temp_c: 12 });
    await sys.system.gateway!.flushed();
    const at = await waitUntil(async () => {
      const s = (await stored()).filter((r) => r.tsMs === ts);
      return s.length >= 2 ? s : undefined;
    });
    expect(at.map((r) => r.tempC).sort((a, b) => a - b)).toEqual([5, 12]);
  });
});
