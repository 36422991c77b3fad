/**
 * The one message catalogue: every text a person reads, in zh-CN and en, keyed by a stable code.
 * Each area keeps its own file of entries (findings, clauses, mail, pages, errors) and they are
 * merged here; a key is declared once. Placeholders are {name}.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface MessageEntry {
  'zh-CN': string;
  en: string;
}
export type MessageTable = Record<string, MessageEntry>;

const tables: MessageTable[] = [];
const merged = new Map<string, MessageEntry>();

/** Adds an area's entries; a key declared twice is a programming error. */
export function registerMessages(table: MessageTable): void {
  for (const [key, entry] of Object.entries(table)) {
    if (merged.has(key)) throw new Error(`message key '${key}' is declared twice`);
    merged.set(key, entry);
  }
  tables.push(table);
}

export function hasMessage(key: string): boolean {
  return merged.has(key);
}

/** The text for `key` in `locale` with {placeholders} filled; an unknown key is returned as is. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const entry = merged.get(key);
  if (!entry) return key;
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function allMessageKeys(): string[] {
  return [...merged.keys()];
}

export function parseLocale(value: string | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!value) return fallback;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en')) return 'en';
  return fallback;
}
