import type { UseTimes } from './use-clock.js';

/**
 * A product's journey after the door (issue 16; 7.7, 7.8, 8.2.4-8.2.6, 10.4, 10.7): stored, moved
 * between units, taken out, thawed, diluted, infused. Each step is an append-only event; the state
 * is what the events say, in order. Pure.
 */
export const PRODUCT_EVENT_KINDS = [
  'stored',
  'moved',
  'removed',
  'thaw_started',
  'thaw_finished',
  'diluted',
  'infused',
  'infusion_refused',
  'discarded',
] as const;
export type ProductEventKind = (typeof PRODUCT_EVENT_KINDS)[number];

export const PRODUCT_STATES = [
  'stored',
  'out',
  'thawing',
  'thawed',
  'diluted',
  'infused',
  'discarded',
  'transferred',
] as const;
export type ProductState = (typeof PRODUCT_STATES)[number];

/** Why a product is taken out of storage. */
export const REMOVAL_PURPOSES = ['use', 'transfer', 'discard'] as const;
export type RemovalPurpose = (typeof REMOVAL_PURPOSES)[number];

export interface JourneyEvent {
  kind: ProductEventKind;
  atMs: number;
  purpose?: RemovalPurpose;
}

/** Which states each act may follow. A frozen product (a profile with thaw requirements) is thawed before use. */
export function allowedFrom(kind: ProductEventKind, needsThaw: boolean): readonly ProductState[] {
  switch (kind) {
    case 'stored':
      return [];
    case 'moved':
    case 'removed':
      return ['stored'];
    case 'thaw_started':
      return ['out'];
    case 'thaw_finished':
      return ['thawing'];
    case 'diluted': // 8.2.5
      return needsThaw ? ['thawed'] : ['out', 'thawed'];
    case 'infused': // 8.2.6
    case 'infusion_refused':
      return needsThaw ? ['thawed', 'diluted'] : ['out', 'thawed', 'diluted'];
    case 'discarded': // 7.8 overtime: do not use
      return ['out', 'thawing', 'thawed', 'diluted'];
  }
}

/** The state an act leads to. */
export function stateAfter(state: ProductState, e: JourneyEvent): ProductState {
  switch (e.kind) {
    case 'stored':
    case 'moved':
      return 'stored';
    case 'removed':
      return e.purpose === 'discard' ? 'discarded' : e.purpose === 'transfer' ? 'transferred' : 'out';
    case 'thaw_started':
      return 'thawing';
    case 'thaw_finished':
      return 'thawed';
    case 'diluted':
      return 'diluted';
    case 'infused':
      return 'infused';
    case 'infusion_refused':
      return state;
    case 'discarded':
      return 'discarded';
  }
}

/** Folds events (oldest first) into the state and the times the use clock starts from. */
export function journeyOf(events: readonly JourneyEvent[]): {
  state: ProductState;
  times: UseTimes & { thawStartedAtMs?: number; infusedAtMs?: number; firstStoredAtMs?: number };
} {
  let state: ProductState = 'stored';
  const times: ReturnType<typeof journeyOf>['times'] = {};
  for (const e of events) {
    state = stateAfter(state, e);
    if (e.kind === 'stored' && times.firstStoredAtMs === undefined) times.firstStoredAtMs = e.atMs;
    if (e.kind === 'removed' && state === 'out') times.removedForUseAtMs = e.atMs;
    if (e.kind === 'thaw_started') times.thawStartedAtMs = e.atMs;
    if (e.kind === 'thaw_finished') times.thawFinishedAtMs = e.atMs;
    if (e.kind === 'diluted') times.dilutedAtMs = e.atMs;
    if (e.kind === 'infused') times.infusedAtMs = e.atMs;
  }
  return { state, times };
}

/** The clock stops at infusion or discard: nothing more to warn about. */
export const clockRuns = (state: ProductState): boolean =>
  state === 'out' || state === 'thawing' || state === 'thawed' || state === 'diluted';

/**
 * 7.6, 10.4: the hospital's own patient-side code may be kept, never a name. A code is letters,
 * digits and . _ : - with at least one digit (a bare word such as a name is refused), at most 64.
 */
export function isOpaquePatientCode(code: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(code) && /\d/.test(code);
}
