// Live board: shipments in transit, storage units, open alerts; refreshes itself every few seconds.
import { alertTable, isActive, normalizeAlert } from './alerts-view.js';
import { countsBar, tile, tileGrid, tileState } from './board-tiles.js';
import { ApiError, api, boot, can, duration, el, showError, siteTime, t } from './common.js';
import { findingWords } from './verdict-view.js';

const params = new URLSearchParams(location.search);
const REFRESH_MS = Math.max(1000, Number(params.get('refreshMs')) || 5000);
const $ = (id) => document.getElementById(id);

function list(body, key) {
  if (Array.isArray(body)) return body;
  if (Array.isArray(body?.[key])) return body[key];
  if (Array.isArray(body?.items)) return body.items;
  return [];
}

async function optional(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return undefined;
    throw error;
  }
}

/** Each logger's latest reading: "5.2 °C · 20:44:20" per logger. */
function latestTemps(latest) {
  const known = (latest ?? []).filter((l) => typeof l.tempC === 'number');
  if (known.length === 0) return '—';
  return known
    .map((l) => `${l.tempC.toFixed(1)} °C · ${siteTime(l.tsMs, { label: false }).slice(11)}`)
    .join(' / ');
}

function timeLeft(s, context, now) {
  const dispatchedAt = Date.parse(s.dispatchedAt ?? context?.dispatchedAt ?? '');
  const maxMinutes = context?.maxTransportMinutes;
  if (!Number.isFinite(dispatchedAt) || typeof maxMinutes !== 'number') return '—';
  const leftMs = dispatchedAt + maxMinutes * 60_000 - now;
  return leftMs >= 0 ? duration(leftMs) : t('page.board.overdue', { t: duration(-leftMs) });
}

/**
 * A shipment's verdict, fetched again only when one of its loggers sent something new or every
 * VERDICT_MAX_AGE_MS (a verdict also moves with the clock: gaps, transport time). This keeps a
 * board of many shipments well under the API's rate limit without delaying a new excursion.
 */
const VERDICT_MAX_AGE_MS = 30_000;
const verdictCache = new Map();
async function verdictOf(id, path, context, now) {
  const seen = (context?.latest ?? []).map((l) => `${l.deviceId}@${l.tsMs}`).join(',');
  const cached = verdictCache.get(id);
  if (cached && cached.seen === seen && now - cached.atMs < VERDICT_MAX_AGE_MS) return cached.verdict;
  const verdict = await optional(api(`${path}/verdict`));
  if (verdict) verdictCache.set(id, { seen, atMs: now, verdict });
  return verdict;
}

/** Tiles of the shipments in transit (undefined when the role may not see shipments). */
async function shipmentTiles(now, alerts) {
  if (!can('shipments')) return hideSection('shipments');
  const body = await optional(api('/shipments?status=in_transit'));
  const shipments = list(body, 'shipments').filter(
    (s) => !s.receivedAt && (s.status ?? 'in_transit') === 'in_transit',
  );
  const path = (s) => `/shipments/${encodeURIComponent(s.id)}`;
  const contexts = await Promise.all(shipments.map((s) => optional(api(`${path(s)}/context`))));
  const verdicts = await Promise.all(
    shipments.map((s, i) => (can('verdict') ? verdictOf(s.id, path(s), contexts[i], now) : undefined)),
  );
  return shipments.map((s, i) => {
    const context = contexts[i];
    const status = verdicts[i]?.status ?? 'unknown';
    const own = alerts.filter((a) => a.raw?.shipmentId === s.id);
    const { state, silentMin } = tileState({
      alerts: own,
      status,
      findings: verdicts[i]?.findings,
      latest: context?.latest,
      maxGapMinutes: context?.maxGapMinutes,
      nowMs: now,
    });
    return tile({
      kind: 'shipment',
      id: s.id,
      href: `/handover?id=${encodeURIComponent(s.id)}`,
      name: s.product?.name ?? '',
      state,
      silentMin,
      alertCount: own.length,
      lines: [latestTemps(context?.latest), `${t('page.board.col.timeLeft')} ${timeLeft(s, context, now)}`],
      attrs: { 'data-shipment': s.id, 'data-status': status, 'data-id': s.id },
    });
  });
}

/** Tiles of the storage units. */
async function unitTiles(now, alerts) {
  const units = list(await optional(api('/storage-units')), 'storageUnits');
  const statuses = await Promise.all(
    units.map((u) => optional(api(`/storage-units/${encodeURIComponent(u.id)}/status`))),
  );
  return units.map((u, i) => {
    const st = statuses[i] ?? {};
    const items = st.items ?? [];
    const count = (s) => items.filter((it) => it.state === s).length;
    const own = alerts.filter((a) => a.raw?.storageUnitId === u.id);
    const { state, silentMin } = tileState({
      alerts: own,
      status: st.status,
      latest: u.latest,
      maxGapMinutes: u.maxGapMinutes ?? 15,
      nowMs: now,
    });
    // why a unit is in alarm, in the same words as a shipment's findings (the first; the rest on hover)
    const why = (st.findings ?? []).map((f) => findingWords(f) ?? f.message ?? f.code);
    return tile({
      kind: 'unit',
      id: u.id,
      href: `/storage?id=${encodeURIComponent(u.id)}`,
      name: `${u.name ?? u.id}${u.site ? ` · ${u.site}` : ''}`,
      state,
      silentMin,
      alertCount: own.length,
      lines: [
        latestTemps(u.latest),
        t('page.board.itemsDue', { n: items.length, due: count('due_soon'), over: count('overdue') }),
        why.length ? el('span', { class: 'small', title: why.join('\n') }, why[0]) : null,
      ],
      attrs: { 'data-unit': u.id, 'data-status': st.status ?? 'unknown', 'data-id': u.id },
    });
  });
}

/**
 * Open deviation cases with their age (issue 15): overdue answers first, then the oldest; each row
 * links to its case page. Undefined when the role may not see cases.
 */
async function caseRows(now) {
  if (!can('cases')) return hideSection('cases');
  const cases = list(await optional(api('/cases?open=true&limit=100')), 'cases');
  cases.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || Date.parse(a.openedAt) - Date.parse(b.openedAt),
  );
  if (cases.length === 0)
    return [el('p', { class: 'small', 'data-empty': 'cases' }, t('page.board.noCases'))];
  const cols = ['case', 'shipment', 'product', 'state', 'age', 'dueAt'];
  const cell = (col, attrs, ...children) =>
    el('td', { ...attrs, 'data-label': t(`case.field.${col}`) }, ...children);
  const head = el('tr', {}, ...cols.map((c) => el('th', { scope: 'col' }, t(`case.field.${c}`))));
  const rows = cases.map((c) =>
    el(
      'tr',
      { 'data-case': c.id, 'data-state': c.state, 'data-overdue': String(c.overdue) },
      cell('case', {}, el('a', { href: `/case?id=${encodeURIComponent(c.id)}` }, c.id)),
      cell('shipment', {}, c.shipmentId ?? c.subject.id),
      cell('product', {}, `${c.product.name} · ${c.product.batch}`),
      cell('state', {}, t(`case.state.${c.state}`)),
      cell('age', { class: 'num' }, duration(Math.max(0, now - Date.parse(c.openedAt)))),
      cell(
        'dueAt',
        { class: 'num' },
        siteTime(c.dueAt, { label: false }),
        c.overdue ? el('span', { class: 'tag overdue' }, ` ${t('page.case.overdue')}`) : '',
      ),
    ),
  );
  return [el('table', { class: 'cases' }, el('thead', {}, head), el('tbody', {}, ...rows))];
}

/** What a role may not see is not offered. */
function hideSection(id) {
  $(id).closest('section').hidden = true;
  return undefined;
}

async function activeAlerts() {
  if (!can('alerts')) {
    hideSection('alerts');
    return [];
  }
  return list(await api('/alerts?limit=500'), 'alerts')
    .map(normalizeAlert)
    .filter(isActive);
}

function renderAlerts(alerts) {
  const box = $('alerts');
  // someone is typing a reason: do not pull the form away under their fingers
  const typing = [...box.querySelectorAll('input')].some((i) => i === document.activeElement || i.value);
  if (typing) return;
  box.replaceChildren(alertTable(alerts, { onAck: () => setTimeout(refresh, 300), compact: true }));
}

const onlyAttention = () => $('only-attention')?.checked ?? false;
let lastTiles = { shipments: [], units: [] };

function renderTiles() {
  const { shipments, units } = lastTiles;
  $('counts').replaceChildren(countsBar([...shipments, ...units]));
  $('shipments').replaceChildren(tileGrid(shipments, { onlyAttention: onlyAttention() }));
  $('units').replaceChildren(tileGrid(units, { onlyAttention: onlyAttention() }));
}

let running = false;
async function refresh() {
  if (running) return;
  running = true;
  const now = Date.now();
  try {
    let alertsError;
    const alerts = await activeAlerts().catch((error) => {
      alertsError = error;
      return [];
    });
    const results = await Promise.allSettled([
      shipmentTiles(now, alerts),
      unitTiles(now, alerts),
      caseRows(now),
    ]);
    const [ships, units, cases] = results.map((r) =>
      r.status === 'fulfilled' ? (r.value ?? []) : undefined,
    );
    lastTiles = { shipments: ships ?? lastTiles.shipments, units: units ?? lastTiles.units };
    renderTiles();
    if (cases) $('cases').replaceChildren(...cases);
    if (can('alerts')) renderAlerts(alerts);
    const failed = alertsError ?? results.find((r) => r.status === 'rejected')?.reason;
    if (failed) showError($('error'), failed);
    else $('error').hidden = true;
    // the zone is said once, in .site-zone above
    $('updated').textContent = t('page.board.updated', { at: siteTime(now, { label: false }) });
  } finally {
    running = false;
  }
}

if (await boot({ active: '/board' })) {
  $('only-attention')?.addEventListener('change', renderTiles);
  await refresh();
  setInterval(refresh, REFRESH_MS);
}
