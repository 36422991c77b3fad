// QA view: alerts (open or all) with acknowledge, one alert with its history, a shipment's audit trail.
import { alertTable, alertWords, isOpen, normalizeAlert } from './alerts-view.js';
import { ApiError, api, boot, el, showError, siteTime, t } from './common.js';

const $ = (id) => document.getElementById(id);

function list(body, key) {
  if (Array.isArray(body)) return body;
  return Array.isArray(body?.[key]) ? body[key] : [];
}

function historyOf(raw) {
  const entries = raw.history ?? raw.events ?? raw.transitions ?? [];
  return entries.map((h) => ({
    at: h.at ?? h.ts ?? h.createdAt,
    what: h.type ?? h.event ?? h.state ?? h.status ?? '',
    by: h.by ?? h.actor ?? h.user ?? '',
    reason: h.reason ?? h.note ?? h.message ?? '',
  }));
}

async function showAlert(alert) {
  const detail = $('detail');
  let full = alert.raw;
  try {
    full = (await api(`/alerts/${encodeURIComponent(alert.id)}`)) ?? full;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 401) throw error;
  }
  const a = normalizeAlert(full.alert ?? full);
  $('h-detail').textContent = `${alertWords(a)} · ${a.id}`;
  const facts = $('detail-facts');
  facts.replaceChildren();
  const rows = [
    ['page.alerts.subject', a.subject],
    ['page.board.col.since', a.since ? siteTime(a.since) : ''],
    ['page.board.col.status', t(`page.status.${a.status}`)],
    ['page.alerts.details', a.message],
  ];
  for (const [key, value] of rows) if (value) facts.append(el('dt', {}, t(key)), el('dd', {}, String(value)));
  const history = historyOf(full.alert ?? full);
  $('detail-history').replaceChildren(
    ...(history.length
      ? history.map((h) =>
          el(
            'li',
            {},
            `${h.at ? siteTime(h.at) : ''} · ${h.what}${h.by ? ` · ${h.by}` : ''}${h.reason ? ` · ${h.reason}` : ''}`,
          ),
        )
      : [el('li', { class: 'small' }, t('page.board.none'))]),
  );
  detail.hidden = false;
  $('h-detail').focus();
}

async function refresh() {
  const filter = $('filter').value;
  // someone is typing a reason: do not pull the form away under their fingers
  const inputs = [...$('alerts').querySelectorAll('input')];
  if (inputs.some((i) => i === document.activeElement || i.value)) return;
  try {
    const body = await api(filter === 'open' ? '/alerts?status=open' : '/alerts');
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
    const body = await api(`/shipments/${encodeURIComponent(id)}/audit`);
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
