import { z } from 'zod';
import { type JourneyEvent, journeyOf } from '../../domain/product-journey.js';
import { verifySignature } from '../../domain/signature.js';
import { judgeThaw, type ThawJudgement, thawMaxGapMs } from '../../domain/thaw-judgement.js';
import { overtimeHandlingOf, type UseClock, useClock } from '../../domain/use-clock.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';
import { type ProductEvent, type ProductRecord, productEventContent } from '../../store/sql/products-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';

const iso = (ms: number) => new Date(ms).toISOString();

export const toJourney = (e: ProductEvent): JourneyEvent => ({
  kind: e.kind,
  atMs: Date.parse(e.at),
  purpose: e.purpose,
});

/**
 * 8.2.4: the thaw judged from the thaw device's stored record, recomputed each time (late readings
 * count as if on time). No thaw requirement in the profile: undefined. No device: unverified.
 */
export type ThawView = ThawJudgement & { deviceId?: string };

export async function thawOf(
  records: RecordsStore,
  readings: ReadingsStore,
  product: ProductRecord,
  events: ProductEvent[],
  nowMs: number,
): Promise<ThawView | undefined> {
  const thaw = product.profile?.thaw;
  const started = events.findLast((e) => e.kind === 'thaw_started');
  if (!thaw || !started) return undefined;
  const finished = events.findLast((e) => e.kind === 'thaw_finished');
  const startMs = Date.parse(started.at);
  const endMs = finished ? Date.parse(finished.at) : nowMs;
  const deviceId = product.thawDeviceId;
  if (!deviceId) {
    return { status: 'unverified', findings: [{ code: 'THAW_NO_DATA', clause: '8.2.4' }], readings: 0 };
  }
  const { device } = await records.devices.get(deviceId);
  const gapMs = thawMaxGapMs(device.loggingIntervalS);
  const rs = [];
  for await (const r of readings.readingsOf(deviceId, startMs - gapMs, endMs)) rs.push(r);
  return { ...judgeThaw(thaw, rs, startMs, endMs, gapMs), deviceId };
}

/** The clock of a product at nowMs (7.8): which limits run, the worst state, the binding limit. */
export function clockOf(product: ProductRecord, events: ProductEvent[], nowMs: number): UseClock {
  const { times } = journeyOf(events.map(toJourney));
  return useClock(product.profile ?? {}, times, nowMs);
}

export const clockViewSchema = z.object({
  state: z.enum(['not_started', 'ok', 'warning', 'over']),
  running: z.boolean().describe('false once infused or discarded: the clock no longer matters'),
  overtimeHandling: z.enum(['do_not_use', 'record_deviation']),
  limits: z.array(
    z.object({
      kind: z.enum(['post_thaw', 'preparation', 'post_dilution']),
      clause: z.string(),
      startAt: z.string(),
      limitAt: z.string().describe('the last instant still in time (inclusive)'),
      warningAt: z.string().describe('80 % of the limit'),
    }),
  ),
  bindingLimitAt: z.string().optional(),
  remainingMs: z.number().optional().describe('to the binding limit; negative: over by'),
});

export const eventViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  recordedAt: z.string(),
  unitId: z.string().optional(),
  toUnitId: z.string().optional(),
  purpose: z.string().optional(),
  reason: z.string().optional(),
  deviation: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  actor: z.object({ id: z.string(), name: z.string() }),
  signatures: z.array(
    z.object({
      id: z.string(),
      meaning: z.string(),
      printedName: z.string(),
      login: z.string(),
      signedAt: z.string(),
      contentSha256: z.string(),
      valid: z.boolean(),
    }),
  ),
});

export const thawViewSchema = z.object({
  status: z.enum(['ok', 'fail', 'unverified']),
  deviceId: z.string().optional(),
  readings: z.number(),
  minC: z.number().optional(),
  maxC: z.number().optional(),
  findings: z.array(
    z.object({
      code: z.string(),
      clause: z.string(),
      fromMs: z.number().optional(),
      toMs: z.number().optional(),
      tempC: z.number().optional(),
    }),
  ),
});

export const productViewSchema = z.object({
  id: z.string(),
  product: z.record(z.string(), z.unknown()),
  shipmentId: z.string().optional(),
  profileId: z.string().optional(),
  profileVersion: z.number().optional(),
  site: z.string(),
  state: z.string(),
  unitId: z.string().optional(),
  firstStoredAt: z.string(),
  storageLimitAt: z.string().optional(),
  thawDeviceId: z.string().optional(),
  clock: clockViewSchema,
  thaw: thawViewSchema.optional(),
  deviation: z.boolean().describe('a step of the journey was recorded as a deviation'),
  events: z.array(eventViewSchema),
});
export type ProductView = z.infer<typeof productViewSchema>;

export async function eventViews(records: RecordsStore, events: ProductEvent[]) {
  return Promise.all(
    events.map(async (e) => {
      const content = productEventContent(e);
      const sigs = await records.signatures.listFor('product_event', e.id);
      return {
        id: e.id,
        kind: e.kind,
        at: e.at,
        recordedAt: e.recordedAt,
        unitId: e.unitId,
        toUnitId: e.toUnitId,
        purpose: e.purpose,
        reason: e.reason,
        deviation: e.deviation,
        details: e.details,
        actor: e.actor,
        signatures: sigs.map((s) => ({
          id: s.id,
          meaning: s.meaning,
          printedName: s.printedName,
          login: s.signerLogin,
          signedAt: s.signedAt,
          contentSha256: s.contentSha256,
          valid: verifySignature(s, 'product_event', e.id, content).valid,
        })),
      };
    }),
  );
}

/** GET /products/:id: what the ward page and the board show. */
export async function productView(
  records: RecordsStore,
  readings: ReadingsStore,
  product: ProductRecord,
  nowMs: number,
): Promise<ProductView> {
  const events = await records.products.events(product.id);
  const clock = clockOf(product, events, nowMs);
  const { state } = journeyOf(events.map(toJourney));
  const running = ['out', 'thawing', 'thawed', 'diluted'].includes(state);
  const thaw = await thawOf(records, readings, product, events, nowMs).catch(() => undefined);
  return {
    id: product.id,
    product: product.product,
    shipmentId: product.shipmentId,
    profileId: product.profileId,
    profileVersion: product.profileVersion,
    site: product.site,
    state: product.state,
    unitId: product.unitId,
    firstStoredAt: product.firstStoredAt,
    storageLimitAt: product.limitAt,
    thawDeviceId: product.thawDeviceId,
    clock: {
      state: clock.state,
      running,
      overtimeHandling: overtimeHandlingOf(product.profile ?? {}),
      limits: clock.limits.map((l) => ({
        kind: l.kind,
        clause: l.clause,
        startAt: iso(l.startMs),
        limitAt: iso(l.limitMs),
        warningAt: iso(l.warningAtMs),
      })),
      bindingLimitAt: clock.binding ? iso(clock.binding.limitMs) : undefined,
      remainingMs: running ? clock.remainingMs : undefined,
    },
    thaw,
    deviation: events.some((e) => e.deviation),
    events: await eventViews(records, events),
  };
}
