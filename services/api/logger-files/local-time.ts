import { utcOffsetMinutes } from '../../domain/messages/time.js';

/** Offset of an IANA zone at an instant, in ms (UTC+8 gives 8 h): the domain's one zone arithmetic. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  return utcOffsetMinutes(utcMs, timeZone) * 60_000;
}

/** True when the zone is one Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A wall-clock time in a zone (fields as Date.UTC takes them) to epoch ms. */
export function localToUtcMs(wallAsUtcMs: number, timeZone: string): number {
  const first = wallAsUtcMs - zoneOffsetMs(timeZone, wallAsUtcMs);
  // a second pass settles times near a change of offset (daylight saving)
  return wallAsUtcMs - zoneOffsetMs(timeZone, first);
}
