import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUE_SOON_MAX_MS, storageLimitState } from './storage-limit.js';

const DAY = 86_400_000;
const S = 1000;
const RANK = { ok: 0, due_soon: 1, overdue: 2 } as const;

describe('storage time limit (7.7)', () => {
  it('counts the limit itself as within it, and 1 ms later as overdue', () => {
    expect(storageLimitState(0, 30 * DAY, 30 * DAY)).toBe('due_soon');
    expect(storageLimitState(0, 30 * DAY, 30 * DAY + 1)).toBe('overdue');
  });
  it('exactly at the limit is within it, one second over is overdue', () => {
    expect(storageLimitState(0, 30 * DAY, 30 * DAY)).not.toBe('overdue');
    expect(storageLimitState(0, 30 * DAY, 30 * DAY + S)).toBe('overdue');
  });
  it('warns a tenth of the storage time ahead, never more than a week', () => {
    expect(storageLimitState(0, 30 * DAY, 27 * DAY - 1)).toBe('ok');
    expect(storageLimitState(0, 30 * DAY, 27 * DAY)).toBe('due_soon');
    expect(storageLimitState(0, 365 * DAY, 358 * DAY - 1)).toBe('ok');
    expect(storageLimitState(0, 365 * DAY, 358 * DAY)).toBe('due_soon');
  });
  it('property: overdue exactly past the limit, warned at most a week ahead, and only worse with time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 * DAY }),
        fc.integer({ min: 1, max: 3650 * DAY }),
        fc.integer({ min: -10 * DAY, max: 4000 * DAY }),
        fc.integer({ min: 0, max: 400 * DAY }),
        (storedAtMs, durationMs, offsetMs, laterMs) => {
          const limitAtMs = storedAtMs + durationMs;
          const nowMs = storedAtMs + offsetMs;
          const state = storageLimitState(storedAtMs, limitAtMs, nowMs);
          expect(state === 'overdue').toBe(nowMs > limitAtMs);
          if (state === 'due_soon') expect(limitAtMs - nowMs).toBeLessThanOrEqual(DUE_SOON_MAX_MS);
          if (limitAtMs - nowMs > DUE_SOON_MAX_MS) expect(state).toBe('ok');
          const later = storageLimitState(storedAtMs, limitAtMs, nowMs + laterMs);
          expect(RANK[later]).toBeGreaterThanOrEqual(RANK[state]);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('the tenth is of the time stored, whenever the item was stored', () => {
    // stored on day 100 for 30 days: due soon from day 127, not a week ahead
    expect(storageLimitState(100 * DAY, 130 * DAY, 127 * DAY - 1)).toBe('ok');
    expect(storageLimitState(100 * DAY, 130 * DAY, 127 * DAY)).toBe('due_soon');
  });
});
