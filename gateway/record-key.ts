import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type ValueHashKey, valueKeyFromBytes } from '../services/store/readings/value-hash.js';

/**
 * The key of the value hash that gives each distinct value of a (device, time) its own nanosecond in
 * InfluxDB (services/store/readings/line-protocol.ts). Made once per data folder, kept beside the
 * spool (0600), so a replay after a crash lands on the same nanosecond as the first write. A device
 * never learns it, so it cannot choose a second value that overwrites the first.
 */
export async function loadRecordKey(ingestDir: string): Promise<ValueHashKey> {
  const file = path.join(ingestDir, 'record-key');
  try {
    return valueKeyFromBytes(Buffer.from((await fs.promises.readFile(file, 'utf8')).trim(), 'hex'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const bytes = randomBytes(8);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, `${bytes.toString('hex')}\n`, { mode: 0o600 });
  await fs.promises.rename(tmp, file);
  return valueKeyFromBytes(bytes);
}
