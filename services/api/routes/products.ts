import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoTimeSchema } from '../../domain/contract.js';
import { parseLocale, t } from '../../domain/messages/catalog.js';
import { isOpaquePatientCode, journeyOf, PRODUCT_STATES } from '../../domain/product-journey.js';
import { inScope } from '../../domain/scope.js';
import { infusionDecision } from '../../domain/use-clock.js';
import { JourneyErrors } from '../../store/sql/journey-errors.js';
import type {
  NewProductEvent,
  ProductEvent,
  ProductRecord,
  ProductSnapshot,
} from '../../store/sql/products-repo.js';
import { Access, actorOf } from '../auth.js';
import { caseOpeningOfProductEvent } from '../cases/case-opening.js';
import { openCaseAndTellManufacturer } from '../cases/open-case.js';
import { productView, productViewSchema, type ThawView, thawOf, toJourney } from '../journey/product-view.js';
import { stepSignatureSchema, stepSigner } from '../journey/step-signing.js';
import { productReportHtml, productTimeline, timelineSchema } from '../journey/timeline.js';
import { requestLocale } from '../locale.js';
import { scopeOf } from '../people/scope.js';
import { errorBodySchema, idParams } from '../schemas.js';
import { refuseTimesOutOfBounds } from '../time-bounds.js';

const stepBase = z.strictObject({
  at: isoTimeSchema.optional().describe('when it happened; default now; never in the future'),
  reason: z.string().max(1000).optional(),
  signature: stepSignatureSchema.optional(),
});

const stepResponses = {
  200: productViewSchema,
  400: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** Steps recorded in a time order: a step is never before the one it follows. */
export function refuseOutOfOrder(events: readonly ProductEvent[], atMs: number): void {
  const last = events.at(-1);
  if (last && atMs < Date.parse(last.at)) throw new JourneyErrors.stepOutOfOrder(last.at);
}

/**
 * The product after the door (issue 16): thaw started / finished, diluted, infused, discarded (API,
 * and the ward page's buttons), its view with the thaw-to-use clock (7.8), its timeline and report
 * (10.4). Every step is signed where a person does it, audited, and refused when the journey or
 * the clock does not allow it.
 */
export const productsRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, readings, config } = app.deps;
    const site = {
      timeZone: config.site.timeZone,
      locale: parseLocale(config.site.locale),
      publicUrl: config.http.publicUrl,
    };

    const view = async (id: string) =>
      productView(records, readings, await records.products.get(id), app.deps.now());

    /** Records one step: time checked, signer checked, state checked in the repository's transaction. */
    async function step<P = undefined>(
      req: FastifyRequest,
      body: z.infer<typeof stepBase>,
      decide: (snap: ProductSnapshot, atMs: number, prepared: P | undefined) => NewProductEvent,
      prepare?: (product: ProductRecord, events: ProductEvent[], atMs: number) => Promise<P>,
    ) {
      const id = (req.params as { id: string }).id;
      const nowMs = app.deps.now();
      refuseTimesOutOfBounds([{ field: 'product.at', in: 'body', path: 'at', iso: body.at }], nowMs);
      const atMs = body.at ? Date.parse(body.at) : nowMs;
      const product = await records.products.get(id);
      const sign = await stepSigner(records, req, body.signature, {
        roles: Access.ward,
        belonging: { site: product.site },
        nowMs,
      });
      // what needs the readings store is computed before the transaction
      const prepared = prepare ? await prepare(product, await records.products.events(id), atMs) : undefined;
      // the shipment it came in names the manufacturer a deviation's case goes to
      const shipment = product.shipmentId
        ? await records.shipments.get(product.shipmentId).catch(() => undefined)
        : undefined;
      const result = await records.products.append(
        id,
        (snap) => {
          refuseOutOfOrder(snap.events, atMs);
          // decide runs inside the transaction, on the locked product; prepare did the slow part
          return decide(snap, atMs, prepared);
        },
        nowMs,
        actorOf(req),
        sign,
        async (tx, after, event) => {
          if (!event.deviation) return;
          const opening = shipment
            ? caseOpeningOfProductEvent(shipment.shipment, after, event, site.locale, site.timeZone)
            : undefined;
          if (opening) await openCaseAndTellManufacturer(tx, opening, actorOf(req), nowMs, site);
          else app.log.warn({ productId: id, event: event.id }, 'deviation without a manufacturer: no case');
        },
      );
      if (result.event.deviation) {
        try {
          await app.deps.onProductDeviation?.(result.product, result.event);
        } catch (err) {
          // the step and its case are committed; a failing hook must not turn them into a 500
          app.log.error({ err, productId: id }, 'onProductDeviation hook failed');
        }
      }
      return result;
    }

    app.get(
      '/products',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['products'],
          summary: 'list products followed after the door',
          description:
            "Products of the caller's site(s), newest change first; `state` filters (comma-separated).",
          querystring: z.object({
            state: z.string().max(200).optional(),
            site: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
          response: { 200: z.array(productViewSchema) },
        },
      },
      async (req) => {
        const states = req.query.state
          ?.split(',')
          .filter((s): s is (typeof PRODUCT_STATES)[number] =>
            (PRODUCT_STATES as readonly string[]).includes(s),
          );
        const scope = scopeOf(req);
        const list = (
          await records.products.list({ site: req.query.site, states, limit: req.query.limit })
        ).filter((p) => inScope(scope, { site: p.site }));
        const nowMs = app.deps.now();
        return Promise.all(list.map((p) => productView(records, readings, p, nowMs)));
      },
    );
    app.get(
      '/products/:id',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['products'],
          summary: 'read a product and its state',
          params: idParams,
          response: { 200: productViewSchema, 404: errorBodySchema },
        },
      },
      async (req) => view(req.params.id),
    );

    app.post(
      '/products/:id/thaw-started',
      {
        config: { roles: Access.ward },
        schema: {
          tags: ['products'],
          summary: 'record that thawing started (7.8)',
          description:
            'Thaw started (7.14, 8.2.4). `thawDeviceId` names the thaw_device whose bath / block readings judge the thaw.',
          params: idParams,
          body: stepBase.extend({ thawDeviceId: z.string().min(1).max(64).optional() }).nullish(),
          response: stepResponses,
        },
      },
      async (req) => {
        const body = req.body ?? {};
        if (body.thawDeviceId) {
          const device = await records.devices.get(body.thawDeviceId).catch(() => undefined);
          if (device?.device.kind !== 'thaw_device')
            throw new JourneyErrors.notAThawDevice(body.thawDeviceId);
        }
        await step(req, body, (_snap, atMs) => ({
          kind: 'thaw_started',
          atMs,
          reason: body.reason,
          thawDeviceId: body.thawDeviceId,
          details: body.thawDeviceId ? { thawDeviceId: body.thawDeviceId } : {},
        }));
        return view(req.params.id);
      },
    );

    app.post(
      '/products/:id/thaw-finished',
      {
        config: { roles: Access.ward },
        schema: {
          tags: ['products'],
          summary: 'record that thawing finished; the use-time clock starts (7.8)',
          description:
            "Thaw finished: the use time after thawing starts (7.8). The thaw is judged against the profile's range and continuity (8.2.4); a failed thaw is a deviation.",
          params: idParams,
          body: stepBase.nullish(),
          response: stepResponses,
        },
      },
      async (req) => {
        const body = req.body ?? {};
        await step<ThawView | undefined>(
          req,
          body,
          (_snap, atMs, judged) => ({
            kind: 'thaw_finished',
            atMs,
            reason: body.reason,
            // 8.2.4: a thaw out of range or interrupted is a deviation on the timeline
            deviation: judged?.status === 'fail',
            details: judged
              ? {
                  thawStatus: judged.status,
                  thawFindings: judged.findings.map((f) => f.code),
                  readings: judged.readings,
                }
              : {},
          }),
          async (product, events, atMs) =>
            thawOf(records, readings, product, [...events, fakeFinish(product.id, atMs)], atMs),
        );
        return view(req.params.id);
      },
    );

    app.post(
      '/products/:id/diluted',
      {
        config: { roles: Access.ward },
        schema: {
          tags: ['products'],
          summary: 'record that the product was diluted',
          description: 'Diluted or mixed (8.2.5): the use time after dilution starts (7.8).',
          params: idParams,
          body: stepBase.nullish(),
          response: stepResponses,
        },
      },
      async (req) => {
        const body = req.body ?? {};
        await step(req, body, (_snap, atMs) => ({ kind: 'diluted', atMs, reason: body.reason }));
        return view(req.params.id);
      },
    );

    app.post(
      '/products/:id/infused',
      {
        config: { roles: Access.ward },
        schema: {
          tags: ['products'],
          summary: 'record the infusion (7.8)',
          description:
            "Infusion (8.2.6, 10.7): the identifier scanned at the bedside, the time, the person (signed), an optional opaque patient-side code (never a name, 7.6). After a time limit (7.8) or a failed thaw (8.2.4): refused with 409 CT_INFUSION_REFUSED (the refusal is kept on the timeline), or recorded as a deviation when the profile's overtimeHandling is record_deviation.",
          params: idParams,
          body: stepBase.extend({
            productIdentifier: z
              .string()
              .min(1)
              .max(64)
              .describe('the product or unit identifier scanned at the bedside'),
            patientCode: z.string().min(1).max(64).optional(),
          }),
          response: stepResponses,
        },
      },
      async (req) => {
        const body = req.body;
        // 7.6: an opaque code of the hospital's own system, never a name
        if (body.patientCode !== undefined && !isOpaquePatientCode(body.patientCode))
          throw new JourneyErrors.patientCodeRefused();
        const product = await records.products.get(req.params.id);
        const known = [product.id, ...('unitIds' in product.product ? (product.product.unitIds ?? []) : [])];
        if (!known.includes(body.productIdentifier))
          throw new JourneyErrors.identifierMismatch(body.productIdentifier, product.id);
        const { event } = await step<ThawView | undefined>(
          req,
          body,
          (snap, atMs, thaw): NewProductEvent => {
            const { times } = journeyOf(snap.events.map(toJourney));
            const d = infusionDecision(snap.product.profile ?? {}, times, atMs, thaw?.status);
            const details = {
              productIdentifier: body.productIdentifier,
              ...(body.patientCode && { patientCode: body.patientCode }),
              ...(thaw && { thawStatus: thaw.status }),
            };
            if (!d.allowed)
              return {
                kind: 'infusion_refused',
                atMs,
                reason: body.reason,
                details: { ...details, why: d.why },
              };
            return {
              kind: 'infused',
              atMs,
              reason: body.reason,
              deviation: d.deviation,
              details: d.deviation ? { ...details, why: d.why } : details,
            };
          },
          async (p, events, atMs) => thawOf(records, readings, p, events, atMs),
        );
        if (event.kind === 'infusion_refused') {
          const why = (event.details.why as string[]).map((w) => t('en', `journey.problem.${w}`)).join('; ');
          throw new JourneyErrors.infusionRefused(why);
        }
        return view(req.params.id);
      },
    );

    app.post(
      '/products/:id/discarded',
      {
        config: { roles: Access.ward },
        schema: {
          tags: ['products'],
          summary: 'record that the product was discarded',
          description:
            'Discarded after leaving storage (7.8 overtime: do not use; 8.2.4 abnormal appearance).',
          params: idParams,
          body: stepBase.extend({ reason: z.string().min(1).max(1000) }),
          response: stepResponses,
        },
      },
      async (req) => {
        await step(req, req.body, (_snap, atMs) => ({ kind: 'discarded', atMs, reason: req.body.reason }));
        return view(req.params.id);
      },
    );

    app.get(
      '/products/:id/timeline',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['products'],
          summary: "the product's steps from receipt to use",
          description:
            'One record from dispatch to the bedside (10.4): dispatch, transit verdict, receipt, storage with temperatures and alarms, moves, removal, thaw, dilution, infusion; each step with its time in the site zone and its signature.',
          params: idParams,
          querystring: z.object({ lang: z.string().optional() }),
          response: { 200: timelineSchema, 404: errorBodySchema },
        },
      },
      async (req) =>
        productTimeline(app.deps, req.params.id, {
          locale: requestLocale(req, config.site.locale),
          timeZone: config.site.timeZone,
          nowMs: app.deps.now(),
        }),
    );
    app.get(
      '/products/:id/report',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['products'],
          summary: "printable report of the product's use",
          description: 'The product timeline as a printable HTML report (zh-CN or en: ?lang=).',
          params: idParams,
          querystring: z.object({ lang: z.string().optional() }),
          produces: ['text/html'],
        },
      },
      async (req, reply) => {
        const timeline = await productTimeline(app.deps, req.params.id, {
          locale: requestLocale(req, config.site.locale),
          timeZone: config.site.timeZone,
          nowMs: app.deps.now(),
        });
        return reply.type('text/html; charset=utf-8').send(productReportHtml(timeline));
      },
    );
  },
  { name: 'coldtrace-products', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);

/** The thaw as if finished at atMs (judged before the step is written). */
function fakeFinish(productId: string, atMs: number): ProductEvent {
  return {
    id: 'pending',
    seq: 0,
    productId,
    kind: 'thaw_finished',
    at: new Date(atMs).toISOString(),
    recordedAt: new Date(atMs).toISOString(),
    deviation: false,
    details: {},
    actor: { id: '', name: '' },
  };
}
