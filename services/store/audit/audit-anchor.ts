import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DATA_DIR_MODE, DATA_FILE_MODE } from '../data-files.js';
import type { SqlQueryable } from '../sql/sql-db.js';
import { type AuditKey, auditDirOf } from './audit-key.js';

/**
 * The audit chain's head anchored outside the records store (issue 12): every few seconds, when
 * the chain has grown, one line `{seq, hash, mac, at, anchorMac}` is appended to
 * `<dataDir>/audit/anchors.jsonl` (0600). Deleting the chain's tail leaves a chain that is whole in
 * itself; the anchor still names a head beyond it, so verification says "truncated". Each line is
 * MACed too, so an edited line is seen. Rows written after the last anchor are not covered until
 * the next one (at most one interval, and a final anchor is written at shutdown).
 */
export const anchorLineSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string(),
  mac: z.string().nullable(),
  at: z.string(),
  anchorMac: z.string(),
});
export type AuditAnchorLine = z.infer<typeof anchorLineSchema>;

export const anchorFileOf = (dataDir: string) => path.join(auditDirOf(dataDir), 'anchors.jsonl');

const anchorMacOf = (key: AuditKey, a: Omit<AuditAnchorLine, 'anchorMac'>) =>
  key.mac('audit_anchor', String(a.seq), a.hash, a.mac ?? '', a.at);

export interface AnchorsRead {
  anchors: AuditAnchorLine[];
  /** 1-based line numbers that do not parse or whose MAC does not hold */
  badLines: number[];
}

/** The anchors written so far (none when the file does not exist). */
export async function readAnchors(file: string, key: AuditKey | undefined): Promise<AnchorsRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: [], badLines: [] };
    throw error;
  }
  const anchors: AuditAnchorLine[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: AuditAnchorLine | undefined;
    try {
      parsed = anchorLineSchema.parse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed || (key && anchorMacOf(key, parsed) !== parsed.anchorMac)) badLines.push(i + 1);
    else anchors.push(parsed);
  });
  return { anchors, badLines };
}

/** Appends the head of the chain to the anchor file when it moved since the last anchor. */
export class AuditAnchor {
  private lastSeq: number | undefined;

  constructor(
    private readonly db: SqlQueryable,
    private readonly key: AuditKey,
    readonly file: string,
  ) {}

  async anchor(nowMs = Date.now()): Promise<AuditAnchorLine | undefined> {
    if (this.lastSeq === undefined) {
      const { anchors } = await readAnchors(this.file, this.key);
      this.lastSeq = anchors.reduce((max, a) => Math.max(max, a.seq), 0);
    }
    const head = await this.db.query<{ seq: string | number; hash: string; mac: string | null }>(
      'SELECT seq, hash, mac FROM audit_trail ORDER BY seq DESC LIMIT 1',
    );
    const row = head[0];
    if (!row || Number(row.seq) <= this.lastSeq) return undefined;
    const unsigned = {
      seq: Number(row.seq),
      hash: row.hash,
      mac: row.mac,
      at: new Date(nowMs).toISOString(),
    };
    const line: AuditAnchorLine = { ...unsigned, anchorMac: anchorMacOf(this.key, unsigned) };
    await mkdir(path.dirname(this.file), { recursive: true, mode: DATA_DIR_MODE });
    await appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: DATA_FILE_MODE, flag: 'a' });
    this.lastSeq = line.seq;
    return line;
  }

  /** Anchors every intervalMs until stopped; the stop writes a last anchor. Errors go to onError. */
  start(intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = running.then(() => this.anchor()).catch(onError);
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      tick();
      await running;
    };
  }
}
