import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../services/config/log.js';
import { Drain } from './drain.js';
import { Spool } from './spool.js';

const logger = createLogger('silent');
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.promises.rm(d, { recursive: true, force: true });
});
const tmp = async () => {
  const d = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-spool-'));
  dirs.push(d);
  return d;
};
const append = (spool: Spool, text: string) =>
  new Promise<void>((resolve, reject) => spool.append(Buffer.from(text), (e) => (e ? reject(e) : resolve())));
const line = (i: number) => `readings,device=D temp_c=4.0,seq=${i}i ${1_764_000_000_000 + i}\n`;

describe('spool', () => {
  it('commits concurrent appends together: one fsync for a burst', async () => {
    const spool = await Spool.open({ dir: await tmp(), logger });
    const commits: number[] = [];
    // observe the group commit through the committed callback the spool relies on
    const acks = Array.from({ length: 500 }, (_, i) => append(spool, line(i)));
    spool.onData = () => commits.push(spool.depthBytes);
    await Promise.all(acks);
    expect(commits.length).toBeLessThanOrEqual(3);
    expect(spool.depthBytes).toBe(
      Array.from({ length: 500 }, (_, i) => line(i).length).reduce((a, b) => a + b),
    );
    await spool.close();
  });

  it('hands out batches in order, moves the checkpoint only past written ones, and replays the rest after a restart', async () => {
    const dir = await tmp();
    let spool = await Spool.open({ dir, logger, segmentBytes: 2_000 });
    for (let i = 0; i < 100; i++) await append(spool, line(i));
    const a = (await spool.nextBatch(30))!;
    const b = (await spool.nextBatch(30))!;
    expect(a.lines).toBeGreaterThan(0);
    spool.complete(b); // out of order: the checkpoint must not move past a
    await spool.close();

    spool = await Spool.open({ dir, logger, segmentBytes: 2_000 });
    const seen: string[] = [];
    for (let batch = await spool.nextBatch(40); batch; batch = await spool.nextBatch(40)) {
      seen.push(...batch.data.toString().split('\n').filter(Boolean));
      spool.complete(batch);
    }
    expect(seen.map((l) => Number(/seq=(\d+)i/.exec(l)![1]))).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(spool.depthBytes).toBe(0);
    await spool.close();
    // drained sealed segments are deleted
    expect((await fs.promises.readdir(dir)).filter((n) => n.endsWith('.spool')).length).toBeLessThanOrEqual(
      2,
    );
  });

  it('hands out a line longer than its read estimate', async () => {
    const spool = await Spool.open({ dir: await tmp(), logger });
    const long = `events,device=D,type=tilt type="tilt",value_str="${'x'.repeat(400)}" 1\n`;
    await append(spool, long);
    const batch = (await spool.nextBatch(1))!;
    expect(batch.data.toString()).toBe(long);
    await spool.close();
  });

  it('drops a torn last line left by a crash (it was never acknowledged)', async () => {
    const dir = await tmp();
    const spool = await Spool.open({ dir, logger });
    await append(spool, line(1) + line(2));
    await spool.close();
    const [seg] = (await fs.promises.readdir(dir)).filter((n) => n.endsWith('.spool'));
    await fs.promises.appendFile(path.join(dir, seg!), 'readings,device=D temp_c=4.0,se');
    const again = await Spool.open({ dir, logger });
    const batch = (await again.nextBatch(100))!;
    expect(batch.data.toString()).toBe(line(1) + line(2));
    await again.close();
  });

  it('is held by one process at a time', async () => {
    const dir = await tmp();
    const spool = await Spool.open({ dir, logger });
    await fs.promises.writeFile(path.join(dir, 'LOCK'), String(process.ppid)); // a live process
    await expect(Spool.open({ dir, logger })).rejects.toMatchObject({ code: 'CT_SPOOL_LOCKED' });
    await fs.promises.writeFile(path.join(dir, 'LOCK'), '999999999'); // a dead one: taken over
    const again = await Spool.open({ dir, logger });
    await again.close();
    await spool.close();
  });

  it('refuses new data once full', async () => {
    const spool = await Spool.open({ dir: await tmp(), logger, maxBytes: 60 });
    await append(spool, line(1));
    await append(spool, line(2));
    await expect(append(spool, line(3))).rejects.toMatchObject({ code: 'CT_SPOOL_FULL' });
    await spool.close();
  });

  it('the drain retries with backoff until the store takes the batch', async () => {
    const spool = await Spool.open({ dir: await tmp(), logger });
    let failuresLeft = 3;
    const written: string[] = [];
    const drain = new Drain({
      spool,
      logger,
      minBackoffMs: 5,
      maxBackoffMs: 20,
      write: async (lines) => {
        if (failuresLeft-- > 0) throw new Error('connect ECONNREFUSED');
        written.push(lines.toString());
      },
    });
    drain.start();
    await append(spool, line(1));
    await new Promise((r) => setTimeout(r, 5));
    await drain.whenIdle();
    expect(written.join('')).toBe(line(1));
    await drain.stop();
    await spool.close();
  });
});
