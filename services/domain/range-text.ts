import { type Locale, t } from './messages/catalog.js';

type Limit = number | null | undefined;

const finite = (v: Limit): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A temperature range as a person reads it: "-90 °C to -60 °C" / "-90 °C 至 -60 °C", "≤ -150 °C",
 * "≥ 15 °C". Each bound carries its unit and the words "to" / "至" stand between them, so a negative
 * bound never runs into the dash of a range ("-90–-60"). A missing or infinite bound is open.
 */
export function rangeText(locale: Locale, minC: Limit, maxC: Limit): string {
  if (finite(minC) && finite(maxC)) return t(locale, 'range.between', { min: minC, max: maxC });
  if (finite(maxC)) return t(locale, 'range.atMost', { max: maxC });
  if (finite(minC)) return t(locale, 'range.atLeast', { min: minC });
  return t(locale, 'range.any');
}
