import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPgliteDir } from './pglite-lock.js';

describe('embedded records store lock', () => {
  it('refuses a store another live process holds, takes over one whose owner is gone, releases its own', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ct-lock-')), 'records');
    await writeFile(`${dir}.lock`, String(process.ppid));
    await expect(lockPgliteDir(dir)).rejects.toMatchObject({ code: 'CT_RECORDS_IN_USE', statusCode: 409 });

    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(`${dir}.lock`, String(gone));
    const release = await lockPgliteDir(dir);
    expect(await readFile(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
    await expect(readFile(`${dir}.lock`, 'utf8')).rejects.toThrow();
  });
});
