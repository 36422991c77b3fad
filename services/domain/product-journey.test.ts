import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedFrom,
  clockRuns,
  type JourneyEvent,
  journeyOf,
  PRODUCT_EVENT_KINDS,
  type ProductState,
  REMOVAL_PURPOSES,
  stateAfter,
} from './product-journey.js';

const T = Date.UTC(2026, 11, 2, 8, 0, 0);
const TERMINAL: ProductState[] = ['infused', 'discarded', 'transferred'];

/** Applies only the acts the journey allows, as the products repository does. */
function walk(kinds: { kind: JourneyEvent['kind']; purpose: JourneyEvent['purpose'] }[], needsThaw: boolean) {
  const events: JourneyEvent[] = [{ kind: 'stored', atMs: T }];
  let state: ProductState = 'stored';
  for (const [i, k] of kinds.entries()) {
    if (!allowedFrom(k.kind, needsThaw).includes(state)) continue;
    const e = {
      kind: k.kind,
      atMs: T + (i + 1) * 1000,
      purpose: k.kind === 'removed' ? k.purpose : undefined,
    };
    state = stateAfter(state, e);
    events.push(e);
  }
  return { events, state };
}

describe('the journey after the door (7.7, 7.8, 8.2.4-8.2.6)', () => {
  it('a frozen product is infused only after its thaw (8.2.4, 8.2.6); a fresh one straight from storage', () => {
    expect(allowedFrom('infused', true)).not.toContain('out');
    expect(allowedFrom('infused', false)).toContain('out');
    expect(allowedFrom('diluted', true)).toEqual(['thawed']);
  });

  it('a refused infusion keeps the product where it was (7.8 overtime: do not use)', () => {
    expect(stateAfter('thawed', { kind: 'infusion_refused', atMs: T })).toBe('thawed');
    expect(allowedFrom('discarded', true)).toContain('thawed');
  });

  it('property: infused, discarded and transferred are final; a frozen product infused was thawed; the clock runs only out of storage', () => {
    const act = fc.record({
      kind: fc.constantFrom(...PRODUCT_EVENT_KINDS.filter((k) => k !== 'stored')),
      purpose: fc.constantFrom(...REMOVAL_PURPOSES),
    });
    fc.assert(
      fc.property(fc.array(act, { maxLength: 30 }), fc.boolean(), (acts, needsThaw) => {
        const { events, state } = walk(acts, needsThaw);
        const folded = journeyOf(events);
        expect(folded.state).toBe(state);
        // a final state allows nothing more
        const finalAt = events.findIndex((_e, i) =>
          TERMINAL.includes(journeyOf(events.slice(0, i + 1)).state),
        );
        if (finalAt >= 0) expect(events.length).toBe(finalAt + 1);
        for (const kind of PRODUCT_EVENT_KINDS)
          for (const s of TERMINAL) expect(allowedFrom(kind, needsThaw)).not.toContain(s);
        // 8.2.4 before 8.2.6: frozen and infused means a finished thaw came first
        if (needsThaw && state === 'infused') {
          const infusedAt = events.findIndex((e) => e.kind === 'infused');
          expect(events.slice(0, infusedAt).some((e) => e.kind === 'thaw_finished')).toBe(true);
        }
        // 7.8: the clock starts at a removal for use and runs until infusion or discard
        expect(clockRuns(state)).toBe(['out', 'thawing', 'thawed', 'diluted'].includes(state));
        const usedRemoval = events.some((e) => e.kind === 'removed' && e.purpose === 'use');
        expect(folded.times.removedForUseAtMs !== undefined).toBe(usedRemoval);
        // 7.7: the storage limit counts from the first storage, whatever the moves
        expect(folded.times.firstStoredAtMs).toBe(T);
      }),
      { numRuns: 500 },
    );
  });
});
