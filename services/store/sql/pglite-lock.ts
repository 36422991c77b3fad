import { readFile, unlink, writeFile } from 'node:fs/promises';
import { StoreErrors } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite on disk must be opened by one process at a time (two would corrupt it): a lock file
 * holding the owner's pid. A lock left by a process that is gone is taken over.
 * Returns the release function.
 */
export async function lockPgliteDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = `${dir}.lock`;
  const mine = String(process.pid);
  try {
    await writeFile(lockPath, mine, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    if (owner && owner !== process.pid && alive(owner))
      throw new StoreErrors.recordsInUse(dir, String(owner));
    await writeFile(lockPath, mine);
  }
  return async () => {
    const owner = (await readFile(lockPath, 'utf8').catch(() => '')).trim();
    if (owner === mine) await unlink(lockPath).catch(() => {});
  };
}
