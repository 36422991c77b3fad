import type { Reading } from '../../domain/contract.js';
import { utcOffsetLabel, utcOffsetMinutes } from '../../domain/messages/time.js';

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

/**
 * The temperature record as CSV: each reading's device time in UTC and in the site's zone with its
 * offset; the header names the zone. Rows in the order given (device by device, device time).
 */
export function readingsCsv(readings: Iterable<Reading>, timeZone: string): string {
  const clock = siteClock(timeZone);
  const lines = [
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
