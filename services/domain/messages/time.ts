import type { Locale } from './catalog.js';

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const displayFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  fields: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', ...fields });
    cache.set(timeZone, f);
  }
  return f;
}

/**
 * A time as people at the site read it: in the site's zone, always labelled with the zone and its
 * UTC offset, e.g. "2026-11-26 20:05:00 (Asia/Shanghai, UTC+08:00)".
 */
export function formatSiteTime(ms: number, timeZone: string, _locale: Locale = 'zh-CN'): string {
  const parts = formatter(displayFormatters, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} (${timeZone}, ${utcOffsetLabel(ms, timeZone)})`;
}

/** "UTC+08:00" for the zone's offset at that instant. */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const minutes = utcOffsetMinutes(ms, timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function utcOffsetMinutes(ms: number, timeZone: string): number {
  const parts = formatter(offsetFormatters, timeZone, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}
