import type { Reading } from '../../domain/contract.js';
import { type Locale, t } from '../../domain/messages/catalog.js';
import { formatSiteTime, utcOffsetLabel, utcOffsetMinutes } from '../../domain/messages/time.js';

const HOUR_MS = 3_600_000;

/** Site-local wall time and offset label, the zone's offset looked up once per hour of readings. */
export function siteClock(timeZone: string): (ms: number) => { local: string; offset: string } {
  const cache = new Map<number, { minutes: number; label: string }>();
  return (ms) => {
    const hour = Math.floor(ms / HOUR_MS);
    let o = cache.get(hour);
    if (!o) {
      o = { minutes: utcOffsetMinutes(ms, timeZone), label: utcOffsetLabel(ms, timeZone) };
      cache.set(hour, o);
    }
    const local = new Date(ms + o.minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    return { local, offset: o.label };
  };
}

const cell = (v: number | undefined) => (v === undefined ? '' : String(v));

/** A signature as the CSV header prints it (the receipt's, 11.50(b)). */
export interface CsvSignature {
  printedName: string;
  meaning: string;
  /** UTC, ISO 8601 */
  signedAt: string;
  contentSha256: string;
  /** still bound to the stored content (11.70); false is printed as such */
  valid?: boolean;
}

/**
 * The signature lines above the column header: `#` comment lines, one per signature, with the
 * printed name, the meaning and the time in the site zone (labelled), in the reader's language.
 */
export function signatureHeaderLines(
  signatures: readonly CsvSignature[],
  timeZone: string,
  locale: Locale,
): string[] {
  if (signatures.length === 0) return [];
  return [
    `# ${t(locale, 'page.signature.title')}`,
    ...signatures.map((s) => {
      const line = t(locale, 'page.signature.line', {
        name: s.printedName,
        meaning: t(locale, `page.signature.meaning.${s.meaning}`),
        time: formatSiteTime(Date.parse(s.signedAt), timeZone, locale),
        hash: s.contentSha256,
      });
      return `# ${line}${s.valid === false ? ` · ${t(locale, 'page.signature.invalid')}` : ''}`;
    }),
  ];
}

/**
 * The temperature record as CSV: each reading's device time in UTC and in the site's zone with its
 * offset; the header names the zone. Rows in the order given (device by device, device time). A
 * received shipment's signatures come first, as `#` lines (11.50(b)), then any notices.
 */
export function readingsCsv(
  readings: Iterable<Reading>,
  timeZone: string,
  signed: {
    signatures: readonly CsvSignature[];
    locale: Locale;
    /** plain warnings printed as `#` lines above the columns (RECORD_CHANGED_AFTER_RECEIPT) */
    notices?: readonly string[];
  } = { signatures: [], locale: 'en' },
): string {
  const clock = siteClock(timeZone);
  const lines = [
    ...signatureHeaderLines(signed.signatures, timeZone, signed.locale),
    ...(signed.notices ?? []).map((n) => `# ${n.replace(/[\r\n]+/g, ' ')}`),
    `device_id,seq,time_utc,time_local (${timeZone}),utc_offset,temp_c,ln2_level_pct,battery_pct,lat,lon`,
  ];
  for (const r of readings) {
    const { local, offset } = clock(r.tsMs);
    lines.push(
      [
        r.deviceId,
        r.seq ?? '',
        new Date(r.tsMs).toISOString(),
        local,
        offset,
        r.tempC,
        cell(r.ln2LevelPct),
        cell(r.batteryPct),
        cell(r.lat),
        cell(r.lon),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
