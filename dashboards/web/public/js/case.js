// Deviation cases (issue 15; 8.1.5, 8.1.6, 10.14): without ?id the cases in the caller's scope with
// their age and answer time; with ?id one case: what it was opened on (findings, chart), every
// signed step, and the form for the step that is the caller's side's to take.
import { adviceForm, assessmentForm, dispositionForm, questionForm } from './case-forms.js';
import { drawChart, seriesFromReadings } from './chart.js';
import { api, boot, duration, el, showError, siteTime, state, t } from './common.js';
import { bandOf, excursionsOf, renderFindings } from './verdict-view.js';

const $ = (id) => document.getElementById(id);
const NO_ZONE = { label: false };
const FINAL = new Set(['released', 'rejected']);

const age = (minutes) => duration(minutes * 60_000);

/** Which side the signed-in person or key speaks for (as the API decides it: by scope). */
function party() {
  const scope = state.me?.scope ?? {};
  if (scope.site) return 'clinic';
  if (scope.organisation) return 'manufacturer';
  return 'any';
}

let listAsked = 0;

async function showList() {
  $('list-section').hidden = false;
  const open = $('filter').value === 'open';
  // the filter changed while an earlier list was on its way: only the latest answer is shown
  const asked = ++listAsked;
  try {
    const cases = await api(`/cases${open ? '?open=true' : ''}`);
    if (asked !== listAsked) return;
    if (cases.length === 0) {
      $('cases').replaceChildren(el('p', { class: 'small' }, t('page.case.list.empty')));
      return;
    }
    const cols = ['case', 'shipment', 'product', 'state', 'openedAt', 'dueAt', 'age'];
    const head = el('tr', {}, ...cols.map((c) => el('th', { scope: 'col' }, t(`case.field.${c}`))));
    // each cell says what it is: on a phone the table becomes one card per case
    const cell = (col, attrs, ...children) =>
      el('td', { ...attrs, 'data-label': t(`case.field.${col}`) }, ...children);
    const rows = cases.map((c) =>
      el(
        'tr',
        { 'data-case': c.id, 'data-state': c.state },
        cell('case', {}, el('a', { href: `/case?id=${encodeURIComponent(c.id)}` }, c.id)),
        cell('shipment', {}, c.shipmentId ?? c.subject.id),
        cell('product', {}, `${c.product.name} · ${c.product.batch}`),
        cell('state', {}, t(`case.state.${c.state}`)),
        cell('openedAt', { class: 'num' }, siteTime(c.openedAt, NO_ZONE)),
        cell(
          'dueAt',
          { class: 'num' },
          siteTime(c.dueAt, NO_ZONE),
          c.overdue ? el('span', { class: 'tag overdue' }, ` ${t('page.case.overdue')}`) : '',
        ),
        cell('age', { class: 'num' }, age(c.ageMinutes)),
      ),
    );
    $('cases').replaceChildren(
      el('table', { class: 'cases' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    );
  } catch (error) {
    showError($('error'), error);
  }
}

function stepFacts(step) {
  const dl = el('dl', { class: 'facts' });
  const b = step.body;
  const rows = [];
  if (b.decision) rows.push(['case.field.decision', t(`case.decision.${b.decision}`)]);
  if (b.doNotUseAction) rows.push(['case.field.doNotUseAction', t(`case.action.${b.doNotUseAction}`)]);
  if (b.outcome) rows.push(['case.field.outcome', t(`case.outcome.${b.outcome}`)]);
  if (b.epcisDisposition) rows.push(['case.field.epcisDisposition', t(`case.epcis.${b.epcisDisposition}`)]);
  for (const k of [
    'impact',
    'severity',
    'likelihood',
    'detectability',
    'ownScheme',
    'answer',
    'question',
    'investigation',
    'conditions',
    'rationale',
    'notes',
  ])
    if (b[k] !== undefined && b[k] !== '') rows.push([`case.field.${k}`, String(b[k])]);
  if (b.severity && b.likelihood && b.detectability)
    rows.push(['case.field.riskPriority', String(b.severity * b.likelihood * b.detectability)]);
  const ic = b.interimControl;
  if (ic) {
    const yes = (v) => t(v ? 'case.yes' : 'case.no');
    rows.push([
      'case.field.interimControl',
      `${t('case.field.keptInQuarantine')}: ${yes(ic.keptInQuarantine)} · ${t('case.field.storedAtRequiredTemperature')}: ${yes(ic.storedAtRequiredTemperature)}${ic.storageUnitId ? ` · ${t('case.field.storageUnit')}: ${ic.storageUnitId}` : ''}`,
    ]);
  }
  for (const [key, value] of rows) dl.append(el('dt', {}, t(key)), el('dd', {}, value));
  return dl;
}

function renderSteps(c) {
  const list = $('steps');
  list.replaceChildren();
  if (c.steps.length === 0) list.append(el('li', { class: 'small' }, t('page.case.steps.none')));
  for (const s of c.steps) {
    const li = el('li', { class: 'panel', 'data-kind': s.kind });
    li.append(el('h3', {}, `${t(`case.step.${s.kind}`)} · ${siteTime(s.at, NO_ZONE)}`), stepFacts(s));
    if (s.attachments.length) {
      const files = el('ul', {});
      for (const f of s.attachments)
        files.append(
          el(
            'li',
            {},
            el('a', { href: f.url, download: f.filename }, f.filename),
            ` (${f.sizeBytes} B, SHA-256 ${f.sha256.slice(0, 12)})`,
          ),
        );
      li.append(el('p', { class: 'small' }, t('case.field.attachments')), files);
    }
    const sigs = el('ul', { class: 'signatures' });
    for (const g of s.signatures)
      sigs.append(
        el(
          'li',
          { class: g.valid ? '' : 'error', 'data-meaning': g.meaning },
          t('page.signature.line', {
            name: g.printedName,
            meaning: t(`page.signature.meaning.${g.meaning}`),
            time: siteTime(g.signedAt, NO_ZONE),
            hash: g.contentSha256.slice(0, 16),
          }),
          g.valid ? ` (${t('page.signature.valid')})` : ` ${t('page.signature.invalid')}`,
        ),
      );
    li.append(sigs);
    list.append(li);
  }
}

function renderForms(c, reload) {
  const box = $('forms');
  box.replaceChildren();
  if (FINAL.has(c.state)) return;
  const side = party();
  const submit = async (kind, body) => {
    await api(`/cases/${encodeURIComponent(c.id)}/${kind}`, { method: 'POST', body });
    $('notice').textContent = t('page.case.saved');
    $('notice').hidden = false;
    await reload();
  };
  const forms = [];
  const clinic = side === 'clinic' || side === 'any';
  const maker = side === 'manufacturer' || side === 'any';
  // the state says whose turn it is; the clinic may revise its assessment until the case closes
  if (clinic) forms.push(assessmentForm(c, submit));
  if (maker && c.state !== 'questioned') forms.push(adviceForm(c, submit), questionForm(c, submit));
  if (clinic) forms.push(dispositionForm(c, submit));
  if (forms.length === 0) forms.push(el('p', { class: 'small' }, t('page.case.notYours')));
  // the step that is due comes first
  const first = { open: 'assessment', questioned: 'assessment', assessed: 'advice', advised: 'disposition' }[
    c.state
  ];
  forms.sort((a, b) => (b.dataset?.step === first) - (a.dataset?.step === first));
  box.append(...forms);
}

async function showCase(id) {
  const path = `/cases/${encodeURIComponent(id)}`;
  const load = async () => {
    const c = await api(path);
    $('title').textContent = `${t('case.title')} ${c.id}`;
    const banner = $('state');
    banner.className = `banner case-state ${c.state === 'released' ? 'pass' : 'deviation'}`;
    banner.replaceChildren(
      el('div', { class: 'word' }, t(`case.state.${c.state}`)),
      el('div', { class: 'sub' }, t(`page.case.next.${c.state}`)),
    );
    const facts = $('facts');
    facts.replaceChildren();
    const rows = [
      ['case.field.shipment', c.shipmentId ?? '—'],
      ['case.field.product', c.product.name],
      ['case.field.batch', c.product.batch],
      ['case.field.quantity', String(c.product.quantity)],
      ['case.field.openedAt', siteTime(c.openedAt, NO_ZONE)],
      ['case.field.dueAt', `${siteTime(c.dueAt, NO_ZONE)}${c.overdue ? ` · ${t('page.case.overdue')}` : ''}`],
      ['case.field.age', age(c.ageMinutes)],
    ];
    if (c.latestAdvice) rows.push(['case.field.decision', t(`case.decision.${c.latestAdvice.decision}`)]);
    if (c.latestAdvice?.conditions) rows.push(['case.field.conditions', c.latestAdvice.conditions]);
    // a case on a stored product (its journey): the product, with its timeline one click away
    if (c.subject.kind === 'stored_product') rows.splice(1, 0, ['case.field.storedProduct', c.subject.id]);
    for (const [key, value] of rows)
      facts.append(el('dt', {}, t(key)), el('dd', { 'data-fact': key.split('.').pop() }, value));
    renderFindings($('findings'), c);
    $('report').href =
      `/api/v1/shipments/${encodeURIComponent(c.shipmentId ?? '')}/report?lang=${state.locale}`;
    $('case-report').href =
      `/api/v1/cases/${encodeURIComponent(c.id)}/report?format=pdf&lang=${state.locale}`;
    renderSteps(c);
    renderForms(c, load);
    return c;
  };
  try {
    const c = await load();
    $('case').hidden = false;
    const context = await api(`/shipments/${encodeURIComponent(c.shipmentId ?? '')}/context`).catch(
      () => undefined,
    );
    const csv = await api(`/shipments/${encodeURIComponent(c.shipmentId ?? '')}/readings?format=csv`, {
      accept: 'text/csv',
    }).catch(() => '');
    const band = bandOf(
      context
        ? {
            storageMode: context.storageMode,
            tempMinC: context.range?.minC ?? undefined,
            tempMaxC: context.range?.maxC ?? undefined,
          }
        : undefined,
      c,
    );
    const chart = { series: seriesFromReadings(csv), band, excursions: excursionsOf(c) };
    let drawnWidth = $('chart').clientWidth;
    drawChart($('chart'), chart);
    $('chart').dataset.drawn = 'true';
    // a phone turned on its side, a window made wider: the chart follows the page's width
    window.addEventListener('resize', () => {
      if ($('chart').clientWidth === drawnWidth) return;
      drawnWidth = $('chart').clientWidth;
      drawChart($('chart'), chart);
    });
  } catch (error) {
    showError($('error'), error);
  }
}

if (await boot({ active: '/case' })) {
  const id = new URLSearchParams(location.search).get('id');
  if (id) await showCase(id);
  else {
    $('filter').addEventListener('change', showList);
    await showList();
  }
}
