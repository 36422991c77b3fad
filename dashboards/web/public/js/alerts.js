// QA view: alerts (open or all) with acknowledge, one alert with its history, a shipment's audit trail.
import { alertHistory, alertTable, alertWords, isOpen, normalizeAlert } from './alerts-view.js';
import { ApiError, api, boot, el, showError, siteTime, t } from './common.js';

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
    const body = await api(filter === 'open' ? '/alerts?state=open' : '/alerts?limit=200');
    let alerts = list(body, 'alerts').map(normalizeAlert);
    if (filter === 'open') alerts = alerts.filter(isOpen);
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

async function showAudit(id) {
  const box = $('audit');
  try {
    const body = await api(`/ui/api/shipments/${encodeURIComponent(id)}/audit`);
    const entries = list(body, 'entries');
    box.replaceChildren(
      el(
        'table',
        {},
        el(
          'tbody',
          {},
          ...entries.map((e) =>
            el(
              'tr',
              {},
              el('td', { class: 'num' }, siteTime(e.at ?? e.ts ?? e.createdAt)),
              el('td', {}, e.action ?? e.type ?? e.event ?? ''),
              el('td', {}, e.actor ?? e.by ?? e.role ?? ''),
              el('td', { class: 'small' }, JSON.stringify(e.details ?? e.data ?? {})),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && !error.code?.includes('SHIPMENT'))
      box.replaceChildren(el('p', { class: 'small' }, t('page.alerts.auditMissing')));
    else showError(box, error);
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
