import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TABLES } from '../services/domain/messages/all.js';
import { allMessageKeys, LOCALES, type MessageTable, t } from '../services/domain/messages/catalog.js';
import { GLOSSARY } from '../services/domain/messages/glossary.js';

const MESSAGES_DIR = path.resolve('services/domain/messages');
/** every area file of the catalogue (each registers its table when imported) */
async function areaTables(): Promise<Map<string, MessageTable[]>> {
  const out = new Map<string, MessageTable[]>();
  for (const f of (await readdir(MESSAGES_DIR)).sort()) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts') || ['catalog.ts', 'time.ts', 'all.ts'].includes(f))
      continue;
    const mod = (await import(pathToFileURL(path.join(MESSAGES_DIR, f)).href)) as Record<string, unknown>;
    const tables = Object.values(mod).filter(
      (v): v is MessageTable => typeof v === 'object' && v !== null && !Array.isArray(v),
    );
    out.set(f, tables);
  }
  return out;
}

/**
 * One vocabulary (issue #17): no word the glossary avoids appears in any text a person reads:
 * the whole message catalogue (pages, report, mails, the API's localized errors) and the pages'
 * own files, which carry no Chinese of their own (every text comes from the catalogue).
 */
let areas: Map<string, MessageTable[]>;
beforeAll(async () => {
  areas = await areaTables();
});

describe('glossary', () => {
  it('each term is in the catalogue in both languages', () => {
    for (const g of GLOSSARY) {
      expect(t('zh-CN', `glossary.${g.id}`)).toBe(g['zh-CN']);
      expect(t('en', `glossary.${g.id}`)).toBe(g.en);
    }
  });

  it("every area's table reaches the browser's catalogue (messages/all.ts)", () => {
    const listed = new Set<MessageTable>(MESSAGE_TABLES);
    const missing = [...areas].filter(([, tables]) => !tables.some((tb) => listed.has(tb))).map(([f]) => f);
    expect(missing).toEqual([]);
  });

  it('no catalogue text uses a word the glossary avoids', () => {
    const offences: string[] = [];
    for (const key of allMessageKeys()) {
      for (const locale of LOCALES) {
        const text = t(locale, key);
        for (const g of GLOSSARY)
          for (const word of g.avoid[locale])
            if (text.toLowerCase().includes(word.toLowerCase()))
              offences.push(`${key} [${locale}]: "${word}" (use "${g[locale]}")`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the pages carry no Chinese text of their own', async () => {
    const dir = path.resolve('dashboards/web/public');
    const files: string[] = [];
    for (const sub of ['', 'js'])
      for (const f of await readdir(path.join(dir, sub)))
        if (/\.(html|js)$/.test(f)) files.push(path.join(dir, sub, f));
    const offences: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // language names in the language menu are the one exception: each in its own language
      const stripped = text
        .replace(/\['zh-CN', '中文'\]/g, '')
        // comments are for developers, not people reading the page
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      const han = stripped.match(/[\u4e00-\u9fff]+/g);
      if (han) offences.push(`${path.relative(dir, file)}: ${han.slice(0, 5).join(' ')}`);
    }
    expect(offences).toEqual([]);
  });
});
