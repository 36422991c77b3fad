/**
 * The one message catalogue: every text a person reads, in zh-CN and en, keyed by a stable code.
 * Each area keeps its own file of entries (findings, clauses, mail, pages, errors) and they are
 * merged here; a key is declared once. Placeholders are {name}.
 */
import { MESSAGE_TABLES } from './all.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface MessageEntry {
  'zh-CN': string;
  en: string;
}
export type MessageTable = Record<string, MessageEntry>;

let merged: Map<string, MessageEntry> | undefined;

/** Every area's table (all.ts lists them by hand) in one map; a key declared twice is a programming error. */
function catalogue(): Map<string, MessageEntry> {
  if (merged) return merged;
  const map = new Map<string, MessageEntry>();
  for (const table of MESSAGE_TABLES)
    for (const [key, entry] of Object.entries(table)) {
      if (map.has(key)) throw new Error(`message key '${key}' is declared twice`);
      map.set(key, entry);
    }
  merged = map;
  return map;
}

export function hasMessage(key: string): boolean {
  return catalogue().has(key);
}

/** The text for `key` in `locale` with {placeholders} filled; an unknown key is returned as is. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const entry = catalogue().get(key);
  if (!entry) return key;
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function allMessageKeys(): string[] {
  return [...catalogue().keys()];
}

export function parseLocale(value: string | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!value) return fallback;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en')) return 'en';
  return fallback;
}
