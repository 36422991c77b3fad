import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SpoolCorruptError } from '../errors.js';

/** How far the spool has been copied to InfluxDB: a segment number and a byte offset in it. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

const FILE = 'checkpoint.json';
const positionSchema = z.strictObject({
  segment: z.number().int().min(0),
  offset: z.number().int().min(0),
});

export async function readCheckpoint(dir: string): Promise<SpoolPosition> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(dir, FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { segment: 0, offset: 0 };
    throw error;
  }
  try {
    return positionSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new SpoolCorruptError(`${FILE}: ${(error as Error).message}`);
  }
}

/**
 * Replaces the checkpoint atomically (write, then rename). Not fsynced: losing the latest
 * checkpoint in a power cut only means replaying a little more, and replays are idempotent.
 */
export async function writeCheckpoint(dir: string, at: SpoolPosition): Promise<void> {
  const tmp = path.join(dir, `${FILE}.tmp`);
  await fs.promises.writeFile(tmp, JSON.stringify(at));
  await fs.promises.rename(tmp, path.join(dir, FILE));
}
