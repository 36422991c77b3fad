import { z } from 'zod';
import { type Locale, t } from '../../domain/messages/catalog.js';
import { formatSiteTime } from '../../domain/messages/time.js';
import type { ProductEvent } from '../../store/sql/products-repo.js';
import type { ApiDeps } from '../deps.js';
import { eventViews, productView } from './product-view.js';

/**
 * The product's timeline (10.4): one record from dispatch to the bedside, every step with its time
 * in the site zone (labelled) and who did it, with their signature. The page and the printable
 * report show the same entries.
 */
const signatureLineSchema = z.object({ text: z.string(), valid: z.boolean() });
const entrySchema = z.object({
  at: z.string().describe('UTC'),
  atText: z.string().describe('in the site zone, labelled'),
  kind: z.string(),
  title: z.string(),
  detail: z.array(z.string()),
  by: z.string().optional(),
  signatures: z.array(signatureLineSchema),
  deviation: z.boolean(),
});
export const timelineSchema = z.object({
  productId: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  timeZone: z.string(),
  title: z.string(),
  facts: z.array(z.tuple([z.string(), z.string()])),
  state: z.string(),
  clock: z.string().optional(),
  deviation: z.boolean(),
  entries: z.array(entrySchema),
  note: z.string(),
  generatedAt: z.string(),
});
export type Timeline = z.infer<typeof timelineSchema>;
type Entry = z.infer<typeof entrySchema>;

const DAY_MS = 86_400_000;

function durationText(L: Locale, ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (L === 'zh-CN') return h > 0 ? `${h} 小时 ${m} 分` : `${m} 分`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

export async function productTimeline(
  deps: Pick<ApiDeps, 'records' | 'readings'>,
  productId: string,
  o: { locale: Locale; timeZone: string; nowMs: number },
): Promise<Timeline> {
  const { records, readings } = deps;
  const L = o.locale;
  const time = (ms: number) => formatSiteTime(ms, o.timeZone, L);
  const product = await records.products.get(productId);
  const events = await records.products.events(productId);
  const views = await eventViews(records, events);
  const view = await productView(records, readings, product, o.nowMs);
  const sigLines = (
    sigs: { printedName: string; meaning: string; signedAt: string; contentSha256: string; valid: boolean }[],
  ) =>
    sigs.map((s) => ({
      text: t(L, 'page.signature.line', {
        name: s.printedName,
        meaning: t(L, `page.signature.meaning.${s.meaning}`),
        time: time(Date.parse(s.signedAt)),
        hash: s.contentSha256.slice(0, 16),
      }),
      valid: s.valid,
    }));
  const entries: (Entry & { order: number })[] = [];
  let order = 0;
  const push = (e: Omit<Entry, 'atText'> & { atMs: number }) => {
    const { atMs, ...rest } = e;
    entries.push({ ...rest, atText: time(atMs), order: order++ });
  };

  // dispatch, transit record and verdict, receipt (8.1.5, 8.1.7)
  if (product.shipmentId) {
    const shipment = await records.shipments.get(product.shipmentId);
    const audit = await records.auditOf('shipment', product.shipmentId);
    const dispatch = audit.find((a) => a.action === 'dispatch');
    if (shipment.dispatchedAt) {
      push({
        at: shipment.dispatchedAt,
        atMs: Date.parse(shipment.dispatchedAt),
        kind: 'dispatch',
        title: t(L, 'journey.step.dispatch'),
        detail: [
          `${shipment.shipment.origin} → ${shipment.shipment.destination}`,
          `${t(L, 'page.timeline.shipment')} ${shipment.shipment.id}`,
        ],
        by: dispatch?.actorName,
        signatures: [],
        deviation: false,
      });
    }
    const receipt = await records.shipments.receiptOf(product.shipmentId);
    if (receipt) {
      const atMs = Date.parse(receipt.receipt.receivedAt);
      const codes = [...new Set(receipt.verdict.findings.map((f) => f.code))];
      push({
        at: receipt.receipt.receivedAt,
        atMs,
        kind: 'transit',
        title: t(L, 'journey.step.transit'),
        detail: [
          t(L, 'page.timeline.verdict', { status: receipt.verdict.status.toUpperCase() }),
          ...(codes.length > 0 ? [codes.join(', ')] : []),
          `${receipt.verdict.window.from} – ${receipt.verdict.window.to} (UTC) · ${receipt.readingsCount} · SHA-256 ${receipt.readingsDigest.slice(0, 16)}`,
        ],
        signatures: [],
        deviation: receipt.verdict.status !== 'pass',
      });
      const sigs = await records.signatures.listFor('receipt', product.shipmentId);
      push({
        at: receipt.receipt.receivedAt,
        atMs,
        kind: 'receipt',
        title: t(L, 'journey.step.receipt'),
        detail: receipt.receipt.verifierName
          ? [`${receipt.receipt.receiverName} / ${receipt.receipt.verifierName}`]
          : [receipt.receipt.receiverName],
        by: receipt.receipt.receiverName,
        signatures: sigLines(sigs.map((s) => ({ ...s, valid: true }))),
        deviation: false,
      });
    }
  }

  // every step, and after each storing or move the period spent in that unit (7.7)
  for (const [i, e] of events.entries()) {
    const v = views[i]!;
    push({
      at: e.at,
      atMs: Date.parse(e.at),
      kind: e.kind,
      title: t(L, `journey.step.${e.kind}`),
      detail: stepDetail(L, e),
      by: e.actor.name,
      signatures: sigLines(v.signatures),
      deviation: e.deviation,
    });
    if (e.kind === 'stored' || e.kind === 'moved') {
      const unitId = e.kind === 'moved' ? e.toUnitId : e.unitId;
      const next = events.slice(i + 1).find((n) => n.kind === 'moved' || n.kind === 'removed');
      const fromMs = Date.parse(e.at);
      const toMs = next ? Date.parse(next.at) : o.nowMs;
      if (unitId)
        push({ ...(await storagePeriod(deps, unitId, fromMs, toMs, L, time)), at: e.at, atMs: fromMs });
    }
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);

  const p = product.product as Record<string, unknown>;
  const facts: [string, string][] = [
    [t(L, 'page.ward.product'), String(p.name ?? '')],
    [t(L, 'page.ward.batch'), String(p.batch ?? '—')],
  ];
  if (p.cellType) facts.push([t(L, 'page.timeline.cellType'), String(p.cellType)]);
  if (Array.isArray(p.unitIds) && p.unitIds.length > 0)
    facts.push([t(L, 'page.timeline.units'), p.unitIds.join(', ')]);
  if (p.collectionId) facts.push([t(L, 'page.timeline.collection'), String(p.collectionId)]);
  if (product.shipmentId) facts.push([t(L, 'page.timeline.shipment'), product.shipmentId]);
  if (product.limitAt)
    facts.push([
      t(L, 'page.timeline.storageLimitLabel'),
      t(L, 'page.timeline.storageLimitValue', { at: time(Date.parse(product.limitAt)) }),
    ]);

  return {
    productId,
    locale: L,
    timeZone: o.timeZone,
    title: `${t(L, 'page.timeline.title')} · ${productId}`,
    facts,
    state: t(L, `journey.state.${product.state}`),
    clock: clockText(L, view, time),
    deviation: view.deviation,
    entries: entries.map(({ order: _o, ...e }) => e),
    note: `${t(L, 'page.timeline.zone', { zone: o.timeZone })} · ${t(L, 'page.timeline.kept')}`,
    generatedAt: time(o.nowMs),
  };
}

function clockText(L: Locale, view: Awaited<ReturnType<typeof productView>>, time: (ms: number) => string) {
  const c = view.clock;
  if (c.state === 'not_started' || !c.bindingLimitAt) return undefined;
  const binding = c.limits.reduce((a, b) => (Date.parse(b.limitAt) < Date.parse(a.limitAt) ? b : a));
  const limit = t(L, `journey.limit.${binding.kind}`);
  const at = time(Date.parse(binding.limitAt));
  const head = t(L, `journey.clock.${c.state}`);
  if (c.remainingMs === undefined) return `${limit}: ${at}`;
  const key = c.remainingMs >= 0 ? 'journey.clock.left' : 'journey.clock.overBy';
  return `${head} · ${t(L, key, { t: durationText(L, c.remainingMs), limit, at })}`;
}

function stepDetail(L: Locale, e: ProductEvent): string[] {
  const d = e.details;
  const out: string[] = [];
  if (e.kind === 'stored' && e.unitId) out.push(t(L, 'page.timeline.unit', { unit: e.unitId }));
  if (e.kind === 'moved') out.push(`${e.unitId ?? '?'} → ${e.toUnitId ?? '?'}`);
  if (e.kind === 'removed') {
    if (e.unitId) out.push(t(L, 'page.timeline.unit', { unit: e.unitId }));
    if (e.purpose) out.push(t(L, `journey.purpose.${e.purpose}`));
  }
  if (typeof d.thawDeviceId === 'string') out.push(d.thawDeviceId);
  if (typeof d.thawStatus === 'string') out.push(t(L, `journey.thaw.${d.thawStatus}`));
  if (Array.isArray(d.thawFindings))
    for (const f of d.thawFindings) out.push(t(L, `journey.thaw.${String(f)}`));
  if (typeof d.productIdentifier === 'string')
    out.push(t(L, 'page.timeline.identifier', { id: d.productIdentifier }));
  if (typeof d.patientCode === 'string') out.push(t(L, 'page.timeline.patientCode', { code: d.patientCode }));
  if (Array.isArray(d.why)) for (const w of d.why) out.push(t(L, `journey.problem.${String(w)}`));
  if (e.deviation) out.push(t(L, 'journey.deviation'));
  if (e.reason) out.push(e.reason);
  return out;
}

async function storagePeriod(
  deps: Pick<ApiDeps, 'records' | 'readings'>,
  unitId: string,
  fromMs: number,
  toMs: number,
  L: Locale,
  time: (ms: number) => string,
): Promise<Omit<Entry, 'atText' | 'at'>> {
  const unit = await deps.records.storage.getUnit(unitId);
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const deviceId of unit.deviceIds) {
    for await (const r of deps.readings.readingsOf(deviceId, fromMs, toMs, { pageSize: 20_000 })) {
      n++;
      if (r.tempC < min) min = r.tempC;
      if (r.tempC > max) max = r.tempC;
    }
  }
  const alerts = (await deps.records.alerts.list({ storageUnitId: unitId, limit: 1000 })).filter(
    (a) => a.happenedAtMs <= toMs && (a.endedAtMs ?? Number.POSITIVE_INFINITY) >= fromMs,
  );
  const detail = [
    `${unit.name} (${unit.id})`,
    `${time(fromMs)} – ${time(toMs)} (${(Math.max(0, toMs - fromMs) / DAY_MS).toFixed(2)} d)`,
    n > 0
      ? t(L, 'page.timeline.temps', { min: min.toFixed(1), max: max.toFixed(1), n })
      : t(L, 'page.timeline.noTemps'),
    alerts.length > 0
      ? t(L, 'page.timeline.alarms', {
          list: alerts.map((a) => `${a.kind} ${a.severity} ${time(a.happenedAtMs)}`).join('; '),
        })
      : t(L, 'page.timeline.noAlarms'),
  ];
  return {
    kind: 'storage',
    title: t(L, 'journey.step.storage'),
    detail,
    signatures: [],
    deviation: alerts.some((a) => a.severity === 'critical'),
  };
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The printable report: the same entries as the page, one table, print-friendly. */
export function productReportHtml(tl: Timeline): string {
  const L = tl.locale;
  const rows = tl.entries
    .map(
      (
        e,
      ) => `<tr${e.deviation ? ' class="dev"' : ''}><td>${esc(e.atText)}</td><td><strong>${esc(e.title)}</strong></td>
<td>${e.detail.map((d) => `<div>${esc(d)}</div>`).join('')}</td>
<td>${e.by ? `<div>${esc(e.by)}</div>` : ''}${e.signatures
        .map((s) => `<div class="sig${s.valid ? '' : ' bad'}">${esc(s.text)}</div>`)
        .join('')}</td></tr>`,
    )
    .join('\n');
  const facts = tl.facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${L}"><head><meta charset="utf-8"><title>${esc(tl.title)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:24px;color:#111;font-size:13px}
h1{font-size:20px;margin:0 0 8px} table{border-collapse:collapse;width:100%;margin:12px 0}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}
.facts th{width:14em;background:#f2f2f2} .dev td{background:#fde8e8} .sig{color:#333;font-size:12px}
.bad{color:#b00020;font-weight:bold} .note{font-size:12px;color:#333}
@media print{body{margin:10mm}}
</style></head><body>
<h1>${esc(tl.title)}</h1>
<table class="facts">${facts}<tr><th>${esc(t(L, 'page.ward.state'))}</th><td>${esc(tl.state)}${tl.clock ? ` · ${esc(tl.clock)}` : ''}</td></tr></table>
<table><thead><tr><th>${esc(t(L, 'page.timeline.when'))}</th><th>${esc(t(L, 'page.timeline.step'))}</th><th>${esc(t(L, 'page.timeline.detail'))}</th><th>${esc(t(L, 'page.timeline.by'))}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="note">${esc(tl.note)}</p>
<p class="note">${esc(tl.generatedAt)}</p>
</body></html>`;
}
