import { describe, expect, it } from 'vitest';
import { storageLimitState } from './storage-limit.js';

const DAY = 86_400_000;

describe('storage time limit (7.7)', () => {
  it('counts the limit itself as within it, and 1 ms later as overdue', () => {
    expect(storageLimitState(0, 30 * DAY, 30 * DAY)).toBe('due_soon');
    expect(storageLimitState(0, 30 * DAY, 30 * DAY + 1)).toBe('overdue');
  });
  it('warns a tenth of the storage time ahead, never more than a week', () => {
    expect(storageLimitState(0, 30 * DAY, 27 * DAY - 1)).toBe('ok');
    expect(storageLimitState(0, 30 * DAY, 27 * DAY)).toBe('due_soon');
    expect(storageLimitState(0, 365 * DAY, 358 * DAY - 1)).toBe('ok');
    expect(storageLimitState(0, 365 * DAY, 358 * DAY)).toBe('due_soon');
  });
  it('the tenth is of the time stored, whenever the item was stored', () => {
    // stored on day 100 for 30 days: due soon from day 127, not a week ahead
    expect(storageLimitState(100 * DAY, 130 * DAY, 127 * DAY - 1)).toBe('ok');
    expect(storageLimitState(100 * DAY, 130 * DAY, 127 * DAY)).toBe('due_soon');
  });
});
