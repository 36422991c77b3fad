// The audit trail by person, record and time (GET /api/v1/audit; Annex 11 §9, 21 CFR 11.10(e)),
// for QA and administrators; newest first, paged with `before`. A scoped reader sees only the
// entries of records in their scope: the API filters, the page shows what it gets.
import { api, boot, el, showError, siteLocalToUtc, siteTime, state, t, tFirst } from './common.js';

const $ = (id) => document.getElementById(id);
const ENTITIES = [
  'shipment',
  'receipt',
  'signature',
  'alert',
  'storage_unit',
  'stored_item',
  'deviation_case',
  'user',
  'api_key',
  'device',
  'profile',
];

let shown = [];
let next;

function query(before) {
  const params = new URLSearchParams({ limit: '100' });
  for (const [name, id] of [
    ['actor', 'f-actor'],
    ['entity', 'f-entity'],
    ['entityId', 'f-entity-id'],
  ]) {
    const value = $(id).value.trim();
    if (value) params.set(name, value);
  }
  for (const [name, id] of [
    ['from', 'f-from'],
    ['to', 'f-to'],
  ]) {
    const iso = siteLocalToUtc($(id).value);
    if (iso) params.set(name, iso);
  }
  if (before) params.set('before', String(before));
  return params;
}

const entityWord = (entity) => tFirst([`page.auditTrail.entity.${entity}`]) ?? entity;

function render() {
  $('count').textContent = shown.length ? t('page.auditTrail.count', { count: shown.length }) : '';
  if (!shown.length) {
    $('entries').replaceChildren(el('p', { class: 'small' }, t('page.auditTrail.empty')));
    $('more').hidden = true;
    return;
  }
  const head = el(
    'tr',
    {},
    ...[
      'page.audit.time',
      'page.audit.actor',
      'page.audit.action',
      'page.auditTrail.record',
      'page.audit.reason',
      'page.audit.hash',
    ].map((key) => el('th', { scope: 'col' }, t(key))),
  );
  const rows = shown.map((e) =>
    el(
      'tr',
      { 'data-seq': e.seq, 'data-actor': e.actorId, 'data-entity': e.entity, 'data-action': e.action },
      el('td', { class: 'num' }, siteTime(e.at, { label: false })),
      el('td', {}, e.actorName, el('br'), el('span', { class: 'small' }, e.actorId)),
      el('td', {}, tFirst([`page.audit.action.${e.action}`]) ?? e.action),
      el('td', {}, entityWord(e.entity), el('br'), el('span', { class: 'small' }, e.entityId)),
      el('td', {}, e.reason ?? ''),
      el('td', { class: 'small', title: e.hash }, String(e.hash).slice(0, 8)),
    ),
  );
  $('entries').replaceChildren(
    el('table', { class: 'audit' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
  $('more').hidden = next === undefined;
}

async function search(before) {
  try {
    const body = await api(`/audit?${query(before)}`);
    shown = before ? [...shown, ...body.entries] : body.entries;
    next = body.next;
    $('error').hidden = true;
    render();
  } catch (error) {
    showError($('error'), error);
  }
}

if (await boot({ active: '/audit' })) {
  const select = $('f-entity');
  select.append(el('option', { value: '' }, t('page.auditTrail.any')));
  for (const entity of ENTITIES) select.append(el('option', { value: entity }, entityWord(entity)));
  $('zone-note').textContent = t('page.auditTrail.zone', { zone: state.site.timeZone });
  // a link may carry the filters: /audit?entity=shipment&entityId=SH-1
  const given = new URLSearchParams(location.search);
  for (const [name, id] of [
    ['actor', 'f-actor'],
    ['entity', 'f-entity'],
    ['entityId', 'f-entity-id'],
  ])
    if (given.get(name)) $(id).value = given.get(name);
  $('audit-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  $('more').addEventListener('click', () => search(next));
  await search();
}
