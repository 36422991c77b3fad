import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Files of the data folder: the owner's only (records, spool, mails, the audit key). */
export const DATA_FILE_MODE = 0o600;
export const DATA_DIR_MODE = 0o700;

/**
 * Makes the data folder the owner's only (#12): created 0700, and every folder under it 0700 and
 * file 0600, whatever an earlier version or another tool left (PGlite wrote 0644 / 0666 files).
 * Symbolic links and sockets are left alone. Returns how many entries it tightened.
 */
export async function tightenDataDir(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true, mode: DATA_DIR_MODE });
  return tighten(dir);
}

async function tighten(entry: string): Promise<number> {
  const info = await lstat(entry).catch(() => undefined);
  if (!info) return 0;
  let changed = 0;
  if (info.isDirectory()) {
    if ((info.mode & 0o777) !== DATA_DIR_MODE) {
      await chmod(entry, DATA_DIR_MODE);
      changed++;
    }
    for (const name of await readdir(entry).catch(() => [] as string[])) {
      changed += await tighten(path.join(entry, name));
    }
  } else if (info.isFile() && (info.mode & 0o077) !== 0) {
    await chmod(entry, (info.mode & 0o100) !== 0 ? 0o700 : DATA_FILE_MODE);
    changed++;
  }
  return changed;
}
