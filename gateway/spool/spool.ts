import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { SpoolFullError } from '../errors.js';
import { readCheckpoint, type SpoolPosition, writeCheckpoint } from './checkpoint.js';
import { type Done, GroupCommitFile } from './group-commit.js';
import { lockSpoolDir } from './lock.js';
import { repairTail } from './repair.js';

/**
 * The durable ingest spool: line protocol appended to segment files with group commit (one fsync per
 * batch of concurrent publishes). A publish is acknowledged only once its lines are on disk here;
 * the drain (drain.ts) then copies them to InfluxDB and moves the checkpoint. After a crash the
 * spool replays from the checkpoint; InfluxDB overwrites identical points, so replays are idempotent.
 */
export interface SpoolOptions {
  dir: string;
  logger: Logger;
  /** a segment is sealed and a new one started past this size (default 64 MiB) */
  segmentBytes?: number;
  /** past this many bytes not yet in InfluxDB, new data is refused (default 2 GiB) */
  maxBytes?: number;
  /** past this many bytes not yet in InfluxDB, warn (default 64 MiB) */
  alertBytes?: number;
  /** fsync each commit (default true; tests of the spool itself only) */
  sync?: boolean;
}

export interface SpoolBatch {
  segment: number;
  start: number;
  end: number;
  data: Buffer;
  lines: number;
  done: boolean;
  /** lines of a segment written before timestamps went to ns (gateway/README.md): ms timestamps */
  legacyMs: boolean;
}

interface Segment {
  no: number;
  file: string;
  /** committed size; for the active segment, follows its GroupCommitFile */
  bytes: number;
  sealed: boolean;
  readFd?: number;
  /** `NNN.spool`: written by a version whose lines had ms timestamps (converted as they drain) */
  legacyMs?: boolean;
}

/** `NNN.ns.spool` holds lines with ns timestamps; `NNN.spool` ms ones, from before the change */
const NAME = /^(\d{12})\.(ns\.)?spool$/;
const segmentName = (no: number) => `${String(no).padStart(12, '0')}.ns.spool`;

export class Spool {
  private segments: Segment[] = [];
  private active!: GroupCommitFile;
  private activeSeg!: Segment;
  private checkpoint: SpoolPosition;
  private cursor: SpoolPosition;
  private inflight: SpoolBatch[] = [];
  private committedTotal = 0;
  private drainedTotal = 0;
  private inflightBytes = 0;
  /** (segment, end offset, time) of each commit not yet drained: the spool's age */
  private commits: { segment: number; end: number; atMs: number }[] = [];
  private alerting = false;
  private checkpointWriting = false;
  private checkpointDirty = false;
  private readonly segmentBytes: number;
  private readonly maxBytes: number;
  private readonly alertBytes: number;
  private unlock: () => Promise<void> = async () => {};
  /** called when new bytes are on disk */
  onData?: () => void;

  private constructor(
    private readonly opts: SpoolOptions,
    checkpoint: SpoolPosition,
  ) {
    this.checkpoint = checkpoint;
    this.cursor = { ...checkpoint };
    this.segmentBytes = opts.segmentBytes ?? 64 * 1024 * 1024;
    this.maxBytes = opts.maxBytes ?? 2 * 1024 * 1024 * 1024;
    this.alertBytes = opts.alertBytes ?? 64 * 1024 * 1024;
  }

  static async open(opts: SpoolOptions): Promise<Spool> {
    await fs.promises.mkdir(opts.dir, { recursive: true });
    const unlock = await lockSpoolDir(opts.dir);
    const checkpoint = await readCheckpoint(opts.dir);
    const spool = new Spool(opts, checkpoint);
    spool.unlock = unlock;
    const names = (await fs.promises.readdir(opts.dir)).filter((n) => NAME.test(n)).sort();
    for (const name of names) {
      const match = NAME.exec(name)!;
      const no = Number(match[1]);
      const file = path.join(opts.dir, name);
      if (no < checkpoint.segment) {
        await fs.promises.rm(file, { force: true });
        continue;
      }
      // A crash can leave half a line after the last complete one: it was never acknowledged.
      const bytes = await repairTail(file);
      spool.segments.push({ no, file, bytes, sealed: true, legacyMs: match[2] === undefined });
    }
    const first = spool.segments[0];
    if (!first || first.no > checkpoint.segment) {
      // the checkpoint's segment is gone (fully drained): continue with a fresh one after it
      const no = Math.max(checkpoint.segment + 1, 1);
      if (!first)
        spool.segments.push({ no, file: path.join(opts.dir, segmentName(no)), bytes: 0, sealed: true });
      spool.checkpoint = { segment: spool.segments[0]!.no, offset: 0 };
    } else {
      spool.checkpoint.offset = Math.min(spool.checkpoint.offset, first.bytes);
    }
    spool.cursor = { ...spool.checkpoint };
    const last = spool.segments.at(-1)!;
    if (last.legacyMs) {
      // new lines never go into a segment of ms lines
      const no = last.no + 1;
      spool.segments.push({ no, file: path.join(opts.dir, segmentName(no)), bytes: 0, sealed: true });
    }
    spool.activate(spool.segments.at(-1)!);
    for (const s of spool.segments) {
      spool.committedTotal += s.no === spool.checkpoint.segment ? s.bytes - spool.checkpoint.offset : s.bytes;
    }
    if (spool.committedTotal > 0) {
      spool.commits.push({ segment: spool.activeSeg.no, end: spool.activeSeg.bytes, atMs: Date.now() });
      opts.logger.info(
        { depthBytes: spool.committedTotal, checkpoint: spool.checkpoint },
        'spool: replaying from checkpoint',
      );
    }
    return spool;
  }

  private activate(seg: Segment): void {
    seg.sealed = false;
    this.activeSeg = seg;
    this.active = GroupCommitFile.open(seg.file, this.opts.sync ?? true);
    this.active.onCommitted = (bytes) => {
      const added = bytes - seg.bytes;
      seg.bytes = bytes;
      this.committedTotal += added;
      this.commits.push({ segment: seg.no, end: bytes, atMs: Date.now() });
      this.checkAlert();
      this.onData?.();
    };
  }

  /** bytes on disk not yet in InfluxDB */
  get depthBytes(): number {
    return this.committedTotal - this.drainedTotal;
  }

  /** bytes on disk not yet handed to the drain */
  get unreadBytes(): number {
    return this.depthBytes - this.inflightBytes;
  }

  /** age of the oldest byte not yet in InfluxDB, 0 when empty */
  ageMs(nowMs: number): number {
    const first = this.commits[0];
    return first && this.depthBytes > 0 ? nowMs - first.atMs : 0;
  }

  /**
   * The lines on disk not yet in InfluxDB, from the checkpoint, in chunks of about `chunkBytes`:
   * after a crash they were acknowledged to devices but never reached the live consumers. Call it
   * right after open, before appending.
   */
  async *undrained(chunkBytes = 1024 * 1024): AsyncGenerator<{ lines: string[]; legacyMs: boolean }> {
    for (const seg of this.segments) {
      let offset = seg.no === this.checkpoint.segment ? this.checkpoint.offset : 0;
      if (seg.no < this.checkpoint.segment || offset >= seg.bytes) continue;
      const handle = await fs.promises.open(seg.file, 'r');
      try {
        let rest = Buffer.alloc(0);
        while (offset < seg.bytes) {
          const buf = Buffer.allocUnsafe(Math.min(chunkBytes, seg.bytes - offset));
          const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          // cut at the last newline byte, so no UTF-8 character is split between chunks
          const data = Buffer.concat([rest, buf.subarray(0, bytesRead)]);
          const cut = data.lastIndexOf(10);
          rest = Buffer.from(data.subarray(cut + 1));
          const lines = data
            .toString('utf8', 0, Math.max(cut, 0))
            .split('\n')
            .filter((l) => l.length > 0);
          if (lines.length > 0) yield { lines, legacyMs: seg.legacyMs === true };
        }
      } finally {
        await handle.close();
      }
    }
  }

  /** Appends complete lines (ending in \n); `done` runs once they are on disk. */
  append(lines: string | Buffer, done: Done): void {
    if (this.depthBytes + this.active.queuedBytes > this.maxBytes) {
      done(new SpoolFullError(this.maxBytes));
      return;
    }
    if (this.activeSeg.bytes + this.active.queuedBytes >= this.segmentBytes) this.rotate();
    this.active.append(lines, done);
  }

  private rotate(): void {
    const old = this.active;
    const oldSeg = this.activeSeg;
    const seg: Segment = {
      no: oldSeg.no + 1,
      file: path.join(this.opts.dir, segmentName(oldSeg.no + 1)),
      bytes: 0,
      sealed: false,
    };
    this.segments.push(seg);
    this.activate(seg);
    // sealed once its last commit is on disk, so the reader never leaves it early
    void old.close().then(() => {
      oldSeg.sealed = true;
      this.onData?.();
    });
  }

  /** The next batch after the read cursor (at most maxLines lines), or undefined when none is on disk yet. */
  async nextBatch(maxLines: number, maxBytes = 4 * 1024 * 1024): Promise<SpoolBatch | undefined> {
    for (;;) {
      const seg = this.segments.find((s) => s.no === this.cursor.segment);
      if (!seg) return undefined;
      const available = seg.bytes - this.cursor.offset;
      if (available <= 0) {
        const next = this.segments.find((s) => s.no > seg.no);
        if (!seg.sealed || !next) return undefined;
        this.cursor = { segment: next.no, offset: 0 };
        continue;
      }
      seg.readFd ??= fs.openSync(seg.file, 'r');
      // sized for the batch (lines are ~60-150 bytes), not for the whole backlog: a fresh 4 MiB
      // buffer per batch would mostly go unused and weigh on the garbage collector
      let length = Math.min(available, maxBytes, maxLines * 160);
      let buf: Buffer;
      let cut = 0;
      let lines = 0;
      for (;;) {
        buf = Buffer.allocUnsafe(length);
        const bytesRead = await readAt(seg.readFd, buf, this.cursor.offset);
        while (lines < maxLines) {
          const nl = buf.indexOf(10, cut);
          if (nl < 0 || nl >= bytesRead) break;
          cut = nl + 1;
          lines++;
        }
        // one line longer than the estimate: read again, as much as allowed
        if (lines > 0 || length >= Math.min(available, maxBytes)) break;
        length = Math.min(available, maxBytes);
      }
      if (lines === 0) return undefined;
      const batch: SpoolBatch = {
        segment: seg.no,
        start: this.cursor.offset,
        end: this.cursor.offset + cut,
        data: buf.subarray(0, cut),
        lines,
        done: false,
        legacyMs: seg.legacyMs === true,
      };
      this.cursor = { segment: seg.no, offset: batch.end };
      this.inflight.push(batch);
      this.inflightBytes += cut;
      return batch;
    }
  }

  /** Marks a batch as stored in InfluxDB; the checkpoint moves past every leading stored batch. */
  complete(batch: SpoolBatch): void {
    batch.done = true;
    let moved = false;
    while (this.inflight[0]?.done) {
      const b = this.inflight.shift()!;
      this.drainedTotal += b.end - b.start;
      this.inflightBytes -= b.end - b.start;
      this.checkpoint = { segment: b.segment, offset: b.end };
      moved = true;
    }
    if (!moved) return;
    while (this.commits[0] && this.isDrained(this.commits[0].segment, this.commits[0].end))
      this.commits.shift();
    this.checkAlert();
    void this.saveCheckpoint();
  }

  private isDrained(segment: number, end: number): boolean {
    return (
      segment < this.checkpoint.segment ||
      (segment === this.checkpoint.segment && end <= this.checkpoint.offset)
    );
  }

  private async saveCheckpoint(): Promise<void> {
    if (this.checkpointWriting) {
      this.checkpointDirty = true;
      return;
    }
    this.checkpointWriting = true;
    try {
      do {
        this.checkpointDirty = false;
        const at = { ...this.checkpoint };
        await writeCheckpoint(this.opts.dir, at);
        // whole segments behind the checkpoint are no longer needed
        while (this.segments.length > 1 && this.segments[0]!.sealed && this.segments[0]!.no < at.segment) {
          const s = this.segments.shift()!;
          if (s.readFd !== undefined) fs.closeSync(s.readFd);
          await fs.promises.rm(s.file, { force: true });
        }
      } while (this.checkpointDirty);
    } catch (error) {
      this.opts.logger.error(
        { err: error },
        'spool: could not save checkpoint (replay after restart will repeat more)',
      );
    } finally {
      this.checkpointWriting = false;
    }
  }

  private checkAlert(): void {
    const depth = this.depthBytes;
    if (!this.alerting && depth > this.alertBytes) {
      this.alerting = true;
      this.opts.logger.warn(
        { depthBytes: depth, alertBytes: this.alertBytes },
        'spool: backlog above alert threshold (InfluxDB slow or down?)',
      );
    } else if (this.alerting && depth < this.alertBytes / 2) {
      this.alerting = false;
      this.opts.logger.info({ depthBytes: depth }, 'spool: backlog back under alert threshold');
    }
  }

  async close(): Promise<void> {
    await this.active.close();
    while (this.checkpointWriting) await new Promise((r) => setTimeout(r, 5));
    await writeCheckpoint(this.opts.dir, this.checkpoint);
    for (const s of this.segments) if (s.readFd !== undefined) fs.closeSync(s.readFd);
    await this.unlock();
  }
}

function readAt(fd: number, buf: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buf, 0, buf.length, position, (err, n) => (err ? reject(err) : resolve(n))),
  );
}
