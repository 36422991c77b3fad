// Rendering of a verdict (banner, findings with their clauses, checks, transport time): shared by
// the handover page before and after the receipt.
import { duration, el, siteTime, t, tFirst } from './common.js';

/** the page says the zone once, at its top (.site-zone); the times below are not labelled again */
const NO_ZONE = { label: false };

/** Default ranges of the storage modes (DESIGN.md, Storage modes), when the profile states none. */
const MODE_RANGES = {
  ln2_vapor: { maxC: -150 },
  dry_ice: { maxC: -60 },
  ultra_low: { minC: -90, maxC: -60 },
  refrigerated: { minC: 2, maxC: 8 },
  controlled_room: { minC: 15, maxC: 25 },
};

function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The allowed band: the profile's own range, else its storage mode's default, else the verdict's stats. */
export function bandOf(profile, verdict) {
  const stats = verdict?.stats ?? {};
  const range = stats.range ?? stats.band ?? {};
  const fromMode = MODE_RANGES[profile?.storageMode ?? stats.storageMode] ?? {};
  return {
    minC: num(profile?.tempMinC) ?? num(range.minC) ?? num(stats.tempMinC) ?? fromMode.minC,
    maxC: num(profile?.tempMaxC) ?? num(range.maxC) ?? num(stats.tempMaxC) ?? fromMode.maxC,
  };
}

export function excursionsOf(verdict) {
  return (verdict?.findings ?? [])
    .filter((f) => f.code === 'TEMP_OUT_OF_RANGE' && f.from)
    .map((f) => ({
      deviceId: f.deviceId,
      fromMs: Date.parse(f.from),
      toMs: f.to ? Date.parse(f.to) : Date.parse(verdict.window?.to ?? f.from),
    }));
}

export function renderBanner(node, verdict) {
  const pass = verdict.status === 'pass';
  node.className = `banner ${pass ? 'pass' : 'deviation'}`;
  node.innerHTML = '';
  node.dataset.status = verdict.status;
  node.append(
    el(
      'span',
      { class: 'word', id: 'verdict-word' },
      t(pass ? 'page.handover.pass' : 'page.handover.deviation'),
    ),
    el(
      'span',
      { class: 'sub' },
      `${t(verdict.final ? 'page.handover.final' : 'page.handover.provisional')} · ${siteTime(verdict.evaluatedAt, NO_ZONE)}`,
    ),
  );
  if (!pass) node.append(el('span', { class: 'advice' }, t('page.handover.deviationAdvice')));
}

/** Plain words for a clause list such as "7.7, 8.1.5", with the catalogue's title of each clause. */
function clauseText(clause) {
  const numbers = String(clause ?? '')
    .split(/[,;\s]+/)
    .filter(Boolean);
  const words = numbers.map((n) => {
    const title = tFirst([`clause.${n}`, `clauses.${n}`, `clause.${n}.title`]);
    return title ? `${n} ${title}` : n;
  });
  return t('page.handover.clause', { clause: words.join('; ') });
}

/**
 * A temperature range in words, as the domain's rangeText() (services/domain/range-text.ts):
 * "-90 °C to -60 °C" / "-90 °C 至 -60 °C", "≤ -150 °C", "≥ 15 °C", never "-90–-60".
 */
export function rangeWords(minC, maxC) {
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  if (finite(minC) && finite(maxC)) return t('range.between', { min: minC, max: maxC });
  if (finite(maxC)) return t('range.atMost', { max: maxC });
  if (finite(minC)) return t('range.atLeast', { min: minC });
  return t('range.any');
}

/** The range a finding was judged against; older findings carry only `rangeC` ("2–8"). */
function findingRange(details) {
  const limit = (v) => (typeof v === 'number' ? v : null);
  if ('minLimitC' in details || 'maxLimitC' in details)
    return rangeWords(limit(details.minLimitC), limit(details.maxLimitC));
  if (typeof details.rangeC !== 'string') return undefined;
  const between = /^(-?[\d.]+)–(-?[\d.]+)$/.exec(details.rangeC);
  return between ? rangeWords(Number(between[1]), Number(between[2])) : `${details.rangeC} °C`;
}

/**
 * A finding's plain statement in the page's language: the same rules as the domain's
 * findingMessage() (services/domain/finding.ts), applied to the one catalogue the server sent.
 */
export function findingWords(finding) {
  const details = finding.details ?? {};
  const kind = typeof details.kind === 'string' ? details.kind : undefined;
  const variant = kind ? `finding.${finding.code}.${kind}` : undefined;
  const key = variant && tFirst([variant]) !== undefined ? variant : `finding.${finding.code}`;
  if (tFirst([key]) === undefined) return undefined;
  const params = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    else if (typeof value === 'boolean') params[name] = String(value);
    else if (value === null) params[name] = '—';
    if (name.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      params[name] = siteTime(value, NO_ZONE);
  }
  if (typeof details.event === 'string') params.event = t(`finding.event.${details.event}`);
  if (typeof details.check === 'string') params.checkLabel = t(`check.receipt.${details.check}`);
  const range = findingRange(details);
  if (range !== undefined) params.rangeText = range;
  params.deviceId = finding.deviceId ?? '';
  if (finding.from) params.from = siteTime(finding.from, NO_ZONE);
  if (finding.to) params.to = siteTime(finding.to, NO_ZONE);
  // a figure the record does not carry is shown as a dash, never as a raw {placeholder}
  return t(key, params).replace(/\{\w+\}/g, '—');
}

/**
 * The plain statement of each rule a finding or check applies (the rule book, docs/rules.md), one
 * line each; undefined when it names none the catalogue knows.
 */
export function ruleLines(rules) {
  const lines = (Array.isArray(rules) ? rules : [])
    .map((id) => {
      const statement = tFirst([`rule.${id}`]);
      return statement === undefined ? undefined : t('rule.line', { id, statement });
    })
    .filter((line) => line !== undefined);
  if (lines.length === 0) return undefined;
  const node = el('div', { class: 'rule' });
  for (const line of lines) node.append(el('p', {}, line));
  return node;
}

export function renderFindings(list, verdict) {
  list.innerHTML = '';
  const findings = verdict.findings ?? [];
  if (findings.length === 0) {
    list.append(el('li', { class: 'info' }, t('page.handover.noFindings')));
    return;
  }
  for (const f of findings) {
    const words = findingWords(f);
    const li = el('li', { class: f.severity === 'info' ? 'info' : '', 'data-code': f.code });
    li.append(el('div', { class: 'what' }, words ?? f.message));
    li.append(el('div', { class: 'clause' }, clauseText(f.clause)));
    const rules = ruleLines(f.rules);
    if (rules) li.append(rules);
    list.append(li);
  }
}

export function renderChecks(list, verdict) {
  list.innerHTML = '';
  for (const c of verdict.checks ?? []) {
    const label = tFirst([`check.${c.id}`, `checks.${c.id}`]) ?? c.label;
    list.append(
      el(
        'li',
        { 'data-check': c.id },
        el('span', { class: `tag ${c.status}` }, tFirst([`page.check.${c.status}`]) ?? c.status),
        el('div', {}, el('span', {}, `${label} (${c.clause})`), ruleLines(c.rules)),
      ),
    );
  }
}

/** Transport time against its maximum (7.7): a bar that turns red past the limit. */
export function renderTransport(node, verdict, profile) {
  node.innerHTML = '';
  const stats = verdict.stats ?? {};
  const fromMs = Date.parse(stats.dispatchedAt ?? verdict.window?.from);
  const toMs = Date.parse(stats.receivedAt ?? verdict.window?.to);
  const actualMs =
    num(stats.transportMinutes) !== undefined ? stats.transportMinutes * 60_000 : toMs - fromMs;
  const exceeded = (verdict.findings ?? []).find((f) => f.code === 'TRANSPORT_TIME_EXCEEDED');
  const maxMinutes =
    num(profile?.maxTransportMinutes) ??
    num(stats.maxTransportMinutes) ??
    num(exceeded?.details?.maxTransportMinutes) ??
    num(exceeded?.details?.maxMinutes);
  const actual = Number.isFinite(actualMs) ? duration(actualMs) : '—';
  const max = maxMinutes !== undefined ? duration(maxMinutes * 60_000) : '—';
  node.append(el('p', { id: 'transport-text' }, t('page.handover.transportOf', { actual, max })));
  if (maxMinutes !== undefined && Number.isFinite(actualMs)) {
    const ratio = actualMs / (maxMinutes * 60_000);
    const bar = el('div', {
      class: `meter${ratio > 1 ? ' over' : ''}`,
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': maxMinutes,
      'aria-valuenow': Math.round(actualMs / 60_000),
      'aria-label': t('page.handover.transport'),
    });
    const fill = el('span');
    fill.style.width = `${Math.min(100, Math.round(ratio * 100))}%`;
    bar.append(fill);
    node.append(bar);
  }
  if (verdict.window?.from) {
    node.append(
      el(
        'p',
        { class: 'small' },
        t('page.handover.window', {
          from: siteTime(verdict.window.from, NO_ZONE),
          to: siteTime(verdict.window.to, NO_ZONE),
        }),
      ),
    );
  }
}
