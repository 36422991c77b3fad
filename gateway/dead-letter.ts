import fs from 'node:fs';
import path from 'node:path';
import type { RejectCode } from './errors.js';
import { type Done, GroupCommitFile } from './spool/group-commit.js';

export interface DeadLetter {
  atMs: number;
  deviceId?: string;
  topic: string;
  code: RejectCode | 'CT_INFLUX_REFUSED';
  detail?: string;
  index?: number;
  /** the payload exactly as received */
  payload: Buffer;
}

/**
 * The dead-letter file: every refused payload, verbatim (base64) with its code, one JSON object per
 * line, append-only with group commit like the spool. Kept for review, never replayed by itself.
 */
export class DeadLetterFile {
  private constructor(private readonly file: GroupCommitFile) {}

  static async open(dir: string): Promise<DeadLetterFile> {
    await fs.promises.mkdir(dir, { recursive: true });
    return new DeadLetterFile(GroupCommitFile.open(path.join(dir, 'dead-letter.jsonl')));
  }

  get path(): string {
    return this.file.path;
  }

  append(letters: readonly DeadLetter[], done: Done): void {
    let text = '';
    for (const l of letters) {
      text += `${JSON.stringify({
        at: new Date(l.atMs).toISOString(),
        deviceId: l.deviceId,
        topic: l.topic,
        code: l.code,
        detail: l.detail,
        index: l.index,
        payloadBase64: l.payload.toString('base64'),
      })}\n`;
    }
    this.file.append(Buffer.from(text), done);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Reads the dead-letter file back (operators, tests). */
export async function readDeadLetters(
  file: string,
): Promise<(Omit<DeadLetter, 'atMs' | 'payload'> & { at: string; payloadBase64: string })[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
}
