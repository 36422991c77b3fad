// Alerts as the board and the QA page show them: a table with an acknowledge form per open alert.
import { api, can, el, showError, signedInPerson, siteTime, t, tFirst } from './common.js';
import { findingWords } from './verdict-view.js';

/** One alert (GET /api/v1/alerts) in the fields the pages use. */
export function normalizeAlert(a) {
  const code = a.findingCode ?? a.code ?? '';
  return {
    id: String(a.id),
    kind: a.kind ?? '',
    code,
    clause: a.clause ?? '',
    subject: a.shipmentId ?? a.storageUnitId ?? a.deviceId ?? '',
    deviceId: a.deviceId,
    since: a.happenedAt ?? a.detectedAt,
    status: a.state ?? a.status ?? 'open',
    severity: SEVERITY_RANK[a.severity] === undefined ? 'major' : a.severity,
    // the alert read as the finding it stands for, so it is worded like the verdict's findings
    finding: { code, deviceId: a.deviceId, details: a.details ?? {}, from: a.happenedAt, to: lastSeen(a) },
    raw: a,
  };
}

/** When the episode ended, or the last reading the rules worker judged while it was open. */
function lastSeen(a) {
  if (a.endedAt) return a.endedAt;
  const atMs = a.details?.atMs;
  return typeof atMs === 'number' ? new Date(atMs).toISOString() : a.detectedAt;
}

/** The alert's history from its own time stamps: began, raised, escalated, acknowledged, ended, closed. */
export function alertHistory(a) {
  const raw = a.raw ?? {};
  const steps = [
    ['happened', raw.happenedAt],
    ['detected', raw.detectedAt],
    ['escalated', raw.escalatedAt],
    ['acknowledged', raw.acknowledgedAt, raw.acknowledgedBy, raw.ackReason],
    ['ended', raw.endedAt],
    ['closed', raw.closedAt],
  ];
  return steps
    .filter(([, at]) => at)
    .map(([what, at, by, reason]) => ({ what, at, by, reason }))
    .sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

/** Severities as the domain's rule table defines them (services/domain/alert-severity.ts), most severe first. */
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, info: 3 };
/** a shape beside the colour, so severity never rests on colour alone */
const SEVERITY_MARK = { critical: '■', major: '▲', minor: '●', info: '○' };

/** Lists show the most severe first, and among equals the oldest first (it has waited longest). */
export function sortAlerts(alerts) {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Date.parse(a.since ?? 0) - Date.parse(b.since ?? 0) ||
      Number(a.id) - Number(b.id),
  );
}

/** The severity as a tag: shape, word and colour. */
export function severityTag(severity) {
  return el(
    'span',
    { class: `tag sev-${severity}`, 'data-severity': severity },
    `${SEVERITY_MARK[severity] ?? ''} ${tFirst([`page.severity.${severity}`]) ?? severity}`,
  );
}

/** Still calls for attention: open, or acknowledged and not yet resolved (it stays in view). */
export function isActive(alert) {
  return isOpen(alert) || alert.status === 'acknowledged';
}

export function isOpen(alert) {
  return alert.status === 'open' || alert.status === 'active' || alert.status === 'raised';
}

/** The alert's finding in plain words, in the page's language (same rules as the verdict's findings). */
export function alertWords(alert) {
  // a pre-alarm is no finding of the verdict: it has words of its own
  const own = tFirst([`page.alertKind.${alert.kind}`]);
  if (own) return alert.raw?.details?.peakC === undefined ? own : `${own} · ${alert.raw.details.peakC} °C`;
  return findingWords(alert.finding) ?? tFirst([`alert.${alert.code}`]) ?? alert.code;
}

/**
 * Alerts of one shipment or unit together: each group led by its most severe (then oldest) alert,
 * groups in that same order, so the place that needs attention most comes first.
 */
export function groupAlerts(alerts) {
  const groups = new Map();
  for (const alert of sortAlerts(alerts)) {
    const key = alert.raw?.shipmentId
      ? `shp:${alert.raw.shipmentId}`
      : alert.raw?.storageUnitId
        ? `unit:${alert.raw.storageUnitId}`
        : `dev:${alert.subject}`;
    const group = groups.get(key);
    if (group) group.alerts.push(alert);
    else groups.set(key, { key, subject: alert.subject, worst: alert.severity, alerts: [alert] });
  }
  return [...groups.values()];
}

function ackForm(alert, onDone) {
  const inputId = `reason-${alert.id}`;
  const form = el('form', { class: 'ack', 'data-alert': alert.id });
  const input = el('input', { id: inputId, type: 'text', name: 'reason', required: true, maxlength: 500 });
  const label = el('label', { for: inputId, class: 'small' }, t('page.alerts.ackReason'));
  const button = el('button', { type: 'submit' }, t('page.alerts.ack'));
  const message = el('span', { class: 'small', role: 'status' });
  form.append(label, input);
  // a person acknowledges with their electronic signature: login name and password (11.200)
  const person = signedInPerson();
  const login = el('input', {
    id: `ack-login-${alert.id}`,
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const password = el('input', { id: `ack-password-${alert.id}`, type: 'password', autocomplete: 'off' });
  if (person) {
    form.append(
      el('label', { for: login.id, class: 'small' }, t('page.sign.login')),
      login,
      el('label', { for: password.id, class: 'small' }, t('page.sign.password')),
      password,
    );
  }
  form.append(button, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = input.value.trim();
    const missing = !reason
      ? input
      : person && !login.value.trim()
        ? login
        : person && !password.value
          ? password
          : null;
    if (missing) {
      message.textContent =
        missing === input
          ? t('page.alerts.reasonRequired')
          : t('page.sign.missing', { field: missing.labels?.[0]?.textContent ?? '' });
      missing.focus();
      return;
    }
    button.disabled = true;
    const body = { reason };
    if (person) body.signature = { login: login.value.trim(), password: password.value };
    password.value = '';
    try {
      await api(`/alerts/${encodeURIComponent(alert.id)}/ack`, { method: 'POST', body });
      message.textContent = t('page.alerts.ackDone');
      // the form leaves with the alert: let the list refresh under it
      input.value = '';
      input.blur();
      onDone?.();
    } catch (error) {
      showError(message, error);
      button.disabled = false;
    }
  });
  return form;
}

/**
 * A table of alerts; `onSelect(alert)` makes the alert's words a link (the QA page shows its
 * history), `onAck()` runs after an acknowledgement. Acknowledge is offered only to roles that may.
 */
export function alertTable(alerts, { onAck, onSelect, compact = false } = {}) {
  if (alerts.length === 0) return el('p', { class: 'small' }, t('page.board.none'));
  const table = el('table', { class: compact ? 'alerts compact' : 'alerts' });
  table.append(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, t('page.severity.title')),
        el('th', { scope: 'col' }, t('page.board.col.alert')),
        el('th', { scope: 'col' }, t('page.alerts.subject')),
        el('th', { scope: 'col' }, t('page.board.col.since')),
        el('th', { scope: 'col' }, t('page.board.col.status')),
        el('th', { scope: 'col' }, t('page.board.col.action')),
      ),
    ),
  );
  for (const group of groupAlerts(alerts)) table.append(groupBody(group, { onAck, onSelect }));
  return table;
}

/** One shipment's or unit's alerts: a header row naming it, its worst severity and how many. */
function groupBody(group, { onAck, onSelect }) {
  const body = el('tbody', { class: 'alert-group', 'data-group': group.key, 'data-worst': group.worst });
  const n = group.alerts.length;
  body.append(
    el(
      'tr',
      { class: 'group-head' },
      el(
        'th',
        { colspan: 6, scope: 'rowgroup' },
        severityTag(group.worst),
        ' ',
        n === 1
          ? t('page.alertGroup.one', { subject: group.subject })
          : t('page.alertGroup.title', { subject: group.subject, n }),
      ),
    ),
  );
  for (const alert of group.alerts) {
    const words = alertWords(alert);
    const what = onSelect
      ? el('a', { href: `#alert-${alert.id}`, class: 'alert-words' }, words)
      : el('span', {}, words);
    if (onSelect)
      what.addEventListener('click', (event) => {
        event.preventDefault();
        onSelect(alert);
      });
    const row = el(
      'tr',
      { 'data-alert': alert.id, 'data-code': alert.code, 'data-subject': alert.subject },
      el('td', {}, severityTag(alert.severity)),
      el(
        'td',
        {},
        what,
        alert.clause
          ? el('div', { class: 'small' }, t('page.handover.clause', { clause: alert.clause }))
          : null,
      ),
      el(
        'td',
        {},
        // a shipment's alert leads to its handover view (record, chart, findings)
        alert.raw?.shipmentId && can('verdict')
          ? el('a', { href: `/handover?id=${encodeURIComponent(alert.raw.shipmentId)}` }, alert.subject)
          : alert.subject,
        alert.deviceId && alert.deviceId !== alert.subject
          ? el('div', { class: 'small' }, alert.deviceId)
          : null,
      ),
      el('td', { class: 'num' }, alert.since ? siteTime(alert.since, { label: false }) : ''),
      el(
        'td',
        {},
        el('span', { class: `tag ${alert.status}` }, tFirst([`page.status.${alert.status}`]) ?? alert.status),
      ),
      el('td', {}, isOpen(alert) && can('ack') ? ackForm(alert, onAck) : ''),
    );
    body.append(row);
  }
  return body;
}
