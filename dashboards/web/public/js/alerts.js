// QA view: alerts (open or all) with acknowledge, one alert with its history, a shipment's audit trail.
import { alertHistory, alertTable, alertWords, isActive, normalizeAlert } from './alerts-view.js';
import { api, boot, el, showError, siteTime, t, tFirst } from './common.js';

const $ = (id) => document.getElementById(id);

function list(body, key) {
  if (Array.isArray(body)) return body;
  return Array.isArray(body?.[key]) ? body[key] : [];
}

function showAlert(alert) {
  $('h-detail').textContent = `${alertWords(alert)} · #${alert.id}`;
  const facts = $('detail-facts');
  facts.replaceChildren();
  const rows = [
    ['page.alerts.subject', alert.subject],
    ['page.handover.device', alert.deviceId],
    ['page.board.col.since', alert.since ? siteTime(alert.since) : ''],
    ['page.board.col.status', t(`page.status.${alert.status}`)],
  ];
  for (const [key, value] of rows)
    if (value) facts.append(el('dt', {}, t(key, { device: '' }).trim()), el('dd', {}, String(value)));
  const history = alertHistory(alert);
  $('detail-history').replaceChildren(
    ...history.map((h) =>
      el(
        'li',
        { 'data-step': h.what },
        `${siteTime(h.at)} · ${t(`page.alerts.step.${h.what}`)}${h.by ? ` · ${h.by}` : ''}${h.reason ? ` · ${h.reason}` : ''}`,
      ),
    ),
  );
  $('detail').hidden = false;
  $('h-detail').focus();
}

async function refresh() {
  const filter = $('filter').value;
  // someone is typing a reason: do not pull the form away under their fingers
  const inputs = [...$('alerts').querySelectorAll('input')];
  if (inputs.some((i) => i === document.activeElement || i.value)) return;
  try {
    const body = await api('/alerts?limit=500');
    let alerts = list(body, 'alerts').map(normalizeAlert);
    // an acknowledged alert stays in view until its condition is resolved
    if (filter === 'open') alerts = alerts.filter(isActive);
    $('alerts').replaceChildren(
      alerts.length
        ? alertTable(alerts, { onAck: () => setTimeout(refresh, 300), onSelect: showAlert })
        : el('p', { class: 'small' }, t('page.alerts.empty')),
    );
    $('error').hidden = true;
  } catch (error) {
    showError($('error'), error);
  }
}

/** 10.3 / 10.4: who did what to the shipment and when, each entry chained by its hash. */
async function showAudit(id) {
  const box = $('audit');
  try {
    const entries = list(await api(`/shipments/${encodeURIComponent(id)}/audit`), 'entries');
    const head = el(
      'tr',
      {},
      ...['time', 'action', 'actor', 'reason', 'hash'].map((c) =>
        el('th', { scope: 'col' }, t(`page.audit.${c}`)),
      ),
    );
    const rows = entries.map((e) =>
      el(
        'tr',
        { 'data-action': e.action },
        el('td', { class: 'num' }, siteTime(e.at, { label: false })),
        el('td', {}, tFirst([`page.audit.action.${e.action}`]) ?? e.action),
        el('td', {}, e.actor ?? ''),
        el('td', {}, e.reason ?? ''),
        el('td', { class: 'small', title: e.hash }, String(e.hash ?? '').slice(0, 12)),
      ),
    );
    box.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
  } catch (error) {
    showError(box, error);
  }
}

if (await boot({ active: '/alerts' })) {
  $('filter').addEventListener('change', refresh);
  $('audit-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('audit-id').value.trim();
    if (id) showAudit(id);
  });
  await refresh();
  setInterval(refresh, 10_000);
}
