import fs from 'node:fs';

const TAIL_BYTES = 256 * 1024;

/**
 * Cuts a segment after its last complete line. A process killed in the middle of a write can leave
 * a partial line; it was never acknowledged (acknowledgement waits for fdatasync), so it goes.
 * Returns the segment's size afterwards.
 */
export async function repairTail(file: string): Promise<number> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.allocUnsafe(size - start);
    await handle.read(buf, 0, buf.length, start);
    if (buf[buf.length - 1] === 10) return size;
    const nl = buf.lastIndexOf(10);
    const keep = nl < 0 ? start : start + nl + 1;
    await handle.truncate(keep);
    await handle.sync();
    return keep;
  } finally {
    await handle.close();
  }
}
