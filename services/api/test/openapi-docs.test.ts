import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';

/**
 * /docs reads like a manual: every operation under a tag (so the page groups it) and with a
 * summary (the line shown beside its path), and every tag used is described once.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Operation {
  tags?: string[];
  summary?: string;
}

describe('OpenAPI document at /docs/json', () => {
  let h: Harness;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    tags?: { name: string; description?: string }[];
  };

  beforeAll(async () => {
    h = await startHarness('pglite');
    doc = (await h.app.inject({ url: '/docs/json' })).json();
  });
  afterAll(async () => {
    await h?.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );

  it('lists every operation under a tag with a summary', () => {
    expect(operations().length).toBeGreaterThan(30);
    const missing = operations().flatMap(({ name, op }) => [
      ...(op.tags?.length ? [] : [`${name}: no tag`]),
      ...(op.summary?.trim() ? [] : [`${name}: no summary`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('describes each tag it uses, once', () => {
    const used = new Set(operations().flatMap(({ op }) => op.tags ?? []));
    const described = (doc.tags ?? []).filter((t) => t.description?.trim()).map((t) => t.name);
    expect(new Set(described).size).toBe(described.length);
    expect([...used].filter((t) => !described.includes(t)).sort()).toEqual([]);
  });
});
