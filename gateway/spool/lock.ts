import fs from 'node:fs';
import path from 'node:path';
import { SpoolLockedError } from '../errors.js';

/**
 * One gateway process per spool folder: two writers appending to the same segments would corrupt
 * them. The lock file holds the owner's pid; a lock whose process is gone (a crash, SIGKILL) is
 * taken over, which is exactly the restart-and-replay case.
 */
export async function lockSpoolDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.promises.writeFile(file, String(process.pid), { flag: 'wx' });
      return () => fs.promises.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await fs.promises.readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new SpoolLockedError(dir, owner);
      }
      await fs.promises.rm(file, { force: true });
    }
  }
  throw new SpoolLockedError(dir, 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
