import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKey } from './audit-key.js';

describe('the audit key (issue 12)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-audit-key-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is made once in the data folder, 0600 in a 0700 folder, and read back the same', async () => {
    expect(await loadAuditKey({ dataDir }, { create: false })).toBeUndefined();
    const made = await loadAuditKey({ dataDir });
    const file = path.join(dataDir, 'audit', 'audit-key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = await loadAuditKey({ dataDir }, { create: false });
    expect(again?.source).toBe('file');
    expect(again?.mac('x', 'y')).toBe(made?.mac('x', 'y'));
  });

  it('gives processes starting at once the same key', async () => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'ct-audit-key-race-'));
    try {
      const keys = await Promise.all([1, 2, 3, 4].map(() => loadAuditKey({ dataDir: fresh })));
      expect(new Set(keys.map((k) => k?.mac('x'))).size).toBe(1);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('takes the setting before the file, and different keys give different MACs', async () => {
    const set = await loadAuditKey({ dataDir, audit: { key: 'a-setting-of-at-least-32-characters!' } });
    const file = await loadAuditKey({ dataDir });
    expect(set?.source).toBe('setting');
    expect(set?.mac('x')).not.toBe(file?.mac('x'));
  });
});
