import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allMessageKeys, type Locale, t } from '../../services/domain/messages/catalog.js';

const messagesDir = fileURLToPath(new URL('../../services/domain/messages/', import.meta.url));
const NOT_ENTRIES = new Set(['catalog.ts', 'time.ts', 'index.ts']);

/**
 * Loads every area's entries file (findings, clauses, mail, pages, errors ...) so the browser gets
 * the one catalogue, whichever areas exist in this build. Each file registers itself on import and
 * ES modules are evaluated once, so calling this again is harmless.
 */
export async function loadAllMessages(): Promise<void> {
  const files = await readdir(messagesDir);
  for (const file of files.sort()) {
    if (!/\.(ts|js)$/.test(file) || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    if (NOT_ENTRIES.has(file)) continue;
    await import(pathToFileURL(path.join(messagesDir, file)).href);
  }
}

/** The whole catalogue in one locale, as the pages' scripts read it: key -> text with {placeholders}. */
export function messagesFor(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of allMessageKeys()) out[key] = t(locale, key);
  return out;
}
