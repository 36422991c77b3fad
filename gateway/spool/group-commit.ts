import fs from 'node:fs';

export type Done = (error: Error | null) => void;

/**
 * Appends to one open file with group commit: every append that arrives while a write+fdatasync is
 * under way joins the next one, so a burst of concurrent publishes costs one fsync, not one each.
 * Callbacks run only once their bytes are on disk (or with the error).
 */
export class GroupCommitFile {
  /** line protocol is ASCII but for rare string values: strings are joined once per commit */
  private pending: (string | Buffer)[] = [];
  private pendingBytes = 0;
  private waiters: Done[] = [];
  private flushing = false;
  private scheduled = false;
  /** bytes known to be on disk */
  committedBytes: number;
  onCommitted?: (committedBytes: number, appends: number) => void;

  constructor(
    readonly path: string,
    private fd: number,
    sizeBytes: number,
    private readonly sync = true,
  ) {
    this.committedBytes = sizeBytes;
  }

  static open(path: string, sync = true): GroupCommitFile {
    const fd = fs.openSync(path, 'a');
    return new GroupCommitFile(path, fd, fs.fstatSync(fd).size, sync);
  }

  /** bytes (characters, for strings) accepted but not yet on disk */
  get queuedBytes(): number {
    return this.pendingBytes;
  }

  append(data: string | Buffer, done: Done): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.waiters.push(done);
    if (!this.flushing && !this.scheduled) {
      this.scheduled = true;
      // setImmediate lets every publish parsed from the same socket reads join this commit.
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    this.flushing = true;
    const pending = this.pending;
    const data = pending.every((p) => typeof p === 'string')
      ? Buffer.from(pending.join(''))
      : Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    const waiters = this.waiters;
    this.pending = [];
    this.pendingBytes = 0;
    this.waiters = [];
    writeAll(this.fd, data, 0, (writeErr) => {
      const finish = (err: Error | null) => {
        this.flushing = false;
        if (!err) {
          this.committedBytes += data.length;
          this.onCommitted?.(this.committedBytes, waiters.length);
        }
        for (const w of waiters) w(err);
        if (this.pending.length > 0) this.flush();
      };
      if (writeErr) return finish(writeErr);
      if (!this.sync) return finish(null);
      fs.fdatasync(this.fd, (syncErr) => finish(syncErr));
    });
  }

  /** Waits for queued appends, then closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      const tryClose = () => {
        if (this.flushing || this.scheduled || this.pending.length > 0) {
          setTimeout(tryClose, 2);
          return;
        }
        fs.close(this.fd, () => resolve());
      };
      tryClose();
    });
  }
}

function writeAll(fd: number, data: Buffer, offset: number, cb: (err: Error | null) => void): void {
  fs.write(fd, data, offset, data.length - offset, null, (err, written) => {
    if (err) return cb(err);
    if (offset + written < data.length) return writeAll(fd, data, offset + written, cb);
    cb(null);
  });
}
