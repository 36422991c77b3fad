/**
 * The part of a logger's record that a shipment's verdict and its live watch read: from dispatch,
 * with the last reading of up to one maximum gap before it (it holds into the window: sample and
 * hold, docs/rules.md), to the receipt (or now while in transit). One home for both readers.
 */
export function recordReadWindow(
  maxGapMs: number,
  dispatchedAtMs: number,
  endMs: number,
): { fromMs: number; toMs: number } {
  return { fromMs: dispatchedAtMs - maxGapMs, toMs: endMs };
}
