// Live board: shipments in transit, storage units, open alerts; refreshes itself every few seconds.
import { alertTable, isActive, normalizeAlert } from './alerts-view.js';
import { ApiError, api, boot, can, duration, el, showError, siteTime, t, tFirst } from './common.js';
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

function statusTag(status) {
  return el('span', { class: `tag ${status}` }, tFirst([`page.status.${status}`]) ?? status);
}

function table(headKeys, rows) {
  const head = el('tr', {}, ...headKeys.map((k) => el('th', { scope: 'col' }, t(k))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
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

async function renderShipments(now) {
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
  const rows = shipments.map((s, i) => {
    const context = contexts[i];
    const status = verdicts[i]?.status ?? 'unknown';
    return el(
      'tr',
      { 'data-shipment': s.id, 'data-status': status },
      el('td', {}, el('a', { href: `/handover?id=${encodeURIComponent(s.id)}` }, s.id)),
      el('td', {}, s.product?.name ?? ''),
      el('td', { class: 'num' }, timeLeft(s, context, now)),
      el('td', { class: 'num' }, latestTemps(context?.latest)),
      el('td', {}, statusTag(status)),
    );
  });
  $('shipments').replaceChildren(
    rows.length
      ? table(
          [
            'page.board.col.shipment',
            'page.board.col.product',
            'page.board.col.timeLeft',
            'page.board.col.temp',
            'page.board.col.status',
          ],
          rows,
        )
      : el('p', { class: 'small' }, t('page.board.none')),
  );
}

async function renderUnits() {
  const units = list(await optional(api('/storage-units')), 'storageUnits');
  const statuses = await Promise.all(
    units.map((u) => optional(api(`/storage-units/${encodeURIComponent(u.id)}/status`))),
  );
  const rows = units.map((u, i) => {
    const st = statuses[i] ?? {};
    const items = st.items ?? [];
    const count = (state) => items.filter((it) => it.state === state).length;
    return el(
      'tr',
      { 'data-unit': u.id, 'data-status': st.status ?? 'unknown' },
      el('td', {}, u.name ?? u.id, el('div', { class: 'small' }, `${u.id} · ${u.site ?? ''}`)),
      el('td', { class: 'num' }, latestTemps(u.latest)),
      el(
        'td',
        {},
        t('page.board.itemsDue', { n: items.length, due: count('due_soon'), over: count('overdue') }),
      ),
      el(
        'td',
        {},
        statusTag(st.status ?? 'unknown'),
        // why a unit is in alarm, in the same words as a shipment's findings
        ...(st.findings ?? []).map((f) =>
          el('div', { class: 'small' }, findingWords(f) ?? f.message ?? f.code),
        ),
      ),
    );
  });
  $('units').replaceChildren(
    rows.length
      ? table(
          ['page.board.col.unit', 'page.board.col.temp', 'page.board.col.items', 'page.board.col.status'],
          rows,
        )
      : el('p', { class: 'small' }, t('page.board.none')),
  );
}

/** What a role may not see is not offered. */
function hideSection(id) {
  $(id).closest('section').hidden = true;
}

async function renderAlerts() {
  if (!can('alerts')) return hideSection('alerts');
  const box = $('alerts');
  // someone is typing a reason: do not pull the form away under their fingers
  const typing = [...box.querySelectorAll('input')].some((i) => i === document.activeElement || i.value);
  if (typing) return;
  const alerts = list(await api('/alerts?limit=500'), 'alerts')
    .map(normalizeAlert)
    .filter(isActive);
  box.replaceChildren(alertTable(alerts, { onAck: () => setTimeout(refresh, 300) }));
}

let running = false;
async function refresh() {
  if (running) return;
  running = true;
  const now = Date.now();
  try {
    const results = await Promise.allSettled([renderAlerts(), renderShipments(now), renderUnits()]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) showError($('error'), failed.reason);
    else $('error').hidden = true;
    $('updated').textContent = t('page.board.updated', { at: siteTime(now) });
  } finally {
    running = false;
  }
}

if (await boot({ active: '/board' })) {
  await refresh();
  setInterval(refresh, REFRESH_MS);
}
