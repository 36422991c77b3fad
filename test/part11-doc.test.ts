import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * docs/part11.md and docs/threat-model.md name the tests that show each clause or defence, as
 * `file` "test name" (or `file` ("name", "name")). Every one must exist: the file, and the name in it.
 */
function namedTests(doc: string): { file: string; name: string }[] {
  const out: { file: string; name: string }[] = [];
  for (const m of doc.matchAll(/`([\w./-]+\.test\.ts)`\s*\(?((?:\s*"[^"]+",?)+)/g)) {
    // a name may wrap across lines of the document
    for (const n of m[2]!.matchAll(/"([^"]+)"/g)) out.push({ file: m[1]!, name: n[1]!.replace(/\s+/g, ' ') });
  }
  return out;
}

describe.each(['docs/part11.md', 'docs/threat-model.md'])('the tests %s names', (doc) => {
  it('exist, each in the file named beside it', () => {
    const named = namedTests(readFileSync(doc, 'utf8'));
    expect(named.length).toBeGreaterThan(doc.endsWith('part11.md') ? 40 : 10);
    const missing = named.filter(
      ({ file, name }) =>
        !existsSync(file) || !readFileSync(file, 'utf8').replace(/\s+/g, ' ').includes(name),
    );
    expect(missing).toEqual([]);
  });
});
