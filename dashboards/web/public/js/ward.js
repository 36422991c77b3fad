// Ward page (issue 16): the site's products out for use with their thaw-to-use clock (7.8), ticking
// each second, overtime in red; the ward's steps (thaw started / finished, diluted, infused) as
// buttons, signed by the person signed in; the products still in storage with their storage limit.
import { api, boot, can, el, showError, signedInPerson, siteTime, t } from './common.js';

const params = new URLSearchParams(location.search);
const REFRESH_MS = Math.max(1000, Number(params.get('refreshMs')) || 5000);
const $ = (id) => document.getElementById(id);
const RUNNING = ['out', 'thawing', 'thawed', 'diluted'];

/** The steps the ward may record from each state, with their button text (8.2.4-8.2.6). */
const STEPS = {
  out: ['thaw-started', 'infused'],
  thawing: ['thaw-finished'],
  thawed: ['diluted', 'infused'],
  diluted: ['infused'],
};
const STEP_TEXT = {
  'thaw-started': 'page.ward.thawStarted',
  'thaw-finished': 'page.ward.thawFinished',
  diluted: 'page.ward.diluted',
  infused: 'page.ward.infused',
};

let products = [];
/** the product whose step form is open: the refresh leaves it alone while someone types */
let openForm;

const pad = (n) => String(n).padStart(2, '0');
/** "00:12:05": language-neutral, changes every second */
function countdown(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** The binding limit of a product's clock, with how far along it is at `now`. */
function binding(p, now) {
  const c = p.clock;
  if (!c?.bindingLimitAt) return undefined;
  const limit = c.limits.find((l) => l.limitAt === c.bindingLimitAt) ?? c.limits[0];
  const startMs = Date.parse(limit.startAt);
  const limitMs = Date.parse(limit.limitAt);
  const state = now > limitMs ? 'over' : now >= Date.parse(limit.warningAt) ? 'warning' : 'ok';
  const share = Math.min(1, Math.max(0, (now - startMs) / Math.max(1, limitMs - startMs)));
  return { limit, limitMs, leftMs: limitMs - now, state, share };
}

function clockBlock(p, now) {
  const b = binding(p, now);
  if (!b) {
    // thawing, or out with no preparation limit: the use time starts when the thaw is finished
    const key = ['out', 'thawing'].includes(p.state) ? 'page.ward.startsAtThaw' : 'page.ward.noLimit';
    return el('p', { class: 'clock none' }, t(key));
  }
  const text =
    b.leftMs >= 0
      ? t('page.ward.left', { t: countdown(b.leftMs) })
      : t('page.ward.over', { t: countdown(-b.leftMs) });
  const meter = el('div', { class: `meter ${b.state}`, 'aria-hidden': 'true' });
  meter.append(el('span', { style: `width:${Math.round(b.share * 100)}%` }));
  return el(
    'div',
    { class: `clock ${b.state}`, 'data-clock': b.state },
    el('p', { class: 'left' }, text),
    meter,
    el(
      'p',
      { class: 'small' },
      t('page.ward.due', { limit: t(`journey.limit.${b.limit.kind}`), at: siteTime(b.limitMs) }),
    ),
  );
}

function field(id, labelKey, attrs = {}) {
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, t(labelKey)),
    el('input', { id, name: id, type: 'text', spellcheck: 'false', autocomplete: 'off', ...attrs }),
  );
}

/** The form of one step: what the step needs, and the signer's password when a person is signed in. */
function stepForm(p, step) {
  const form = el('form', { class: 'step-form', 'data-step': step });
  const idOf = (name) => `${name}-${p.id}`;
  if (step === 'thaw-started') form.append(field(idOf('thawDevice'), 'page.ward.thawDevice'));
  if (step === 'infused') {
    form.append(field(idOf('scan'), 'page.ward.scan', { required: true }));
    form.append(field(idOf('patientCode'), 'page.ward.patientCode'));
  }
  const person = signedInPerson();
  if (person) {
    form.append(
      el('p', { class: 'small' }, t('page.ward.signedAs', { name: person.name, login: person.login })),
      field(idOf('password'), 'page.ward.password', {
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      }),
    );
  }
  const cancel = el('button', { type: 'button', class: 'secondary' }, t('page.ward.cancel'));
  cancel.addEventListener('click', () => {
    openForm = undefined;
    render();
  });
  form.append(el('div', { class: 'row' }, el('button', { type: 'submit' }, t('page.ward.record')), cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`#${CSS.escape(idOf(name))}`)?.value.trim() || undefined;
    const body = {};
    if (step === 'thaw-started' && value('thawDevice')) body.thawDeviceId = value('thawDevice');
    if (step === 'infused') {
      body.productIdentifier = value('scan');
      if (value('patientCode')) body.patientCode = value('patientCode');
    }
    if (person) body.signature = { login: person.login, password: value('password') };
    $('error').hidden = true;
    try {
      await api(`/products/${encodeURIComponent(p.id)}/${step}`, { method: 'POST', body });
      $('done').textContent = t('page.ward.done', { step: `${t(STEP_TEXT[step])} · ${p.id}` });
      $('done').hidden = false;
    } catch (error) {
      showError($('error'), error);
    }
    openForm = undefined;
    await refresh();
  });
  return form;
}

function productName(p) {
  const name = el('span', {}, p.product?.name ?? '');
  if (!p.product?.batch) return name;
  // a batch number is read as one word: it never breaks at its hyphen
  return el(
    'span',
    {},
    name,
    ' · ',
    el('span', { class: 'nowrap' }, `${t('page.ward.batch')} ${p.product.batch}`),
  );
}

function card(p, now) {
  const running = RUNNING.includes(p.state);
  const b = running ? binding(p, now) : undefined;
  const li = el('li', {
    class: `product ${b?.state ?? 'none'}${p.deviation ? ' deviation' : ''}`,
    'data-product': p.id,
  });
  const link = el('a', { href: `/timeline?id=${encodeURIComponent(p.id)}` }, p.id);
  li.append(
    el(
      'div',
      { class: 'head' },
      el('span', { class: 'id' }, link),
      el('span', { class: `tag st-${p.state}` }, t(`journey.state.${p.state}`)),
      p.deviation ? el('span', { class: 'tag sev-critical' }, t('journey.deviation')) : undefined,
    ),
    el('p', { class: 'name' }, productName(p)),
  );
  if (p.unitId) li.append(el('p', { class: 'small' }, `${t('page.ward.unit')}: ${p.unitId}`));
  if (running) li.append(clockBlock(p, now));
  else if (p.storageLimitAt)
    li.append(el('p', { class: 'small' }, t('page.ward.storageLimit', { at: siteTime(p.storageLimitAt) })));
  if (p.thaw) li.append(el('p', { class: 'small' }, t(`journey.thaw.${p.thaw.status}`)));
  // 7.8 overtime, do not use: what the API would refuse is not offered
  const doNotUse = b?.state === 'over' && p.clock.overtimeHandling === 'do_not_use';
  const steps = can('ward') ? (STEPS[p.state] ?? []).filter((s) => !(doNotUse && s !== 'thaw-finished')) : [];
  if (openForm?.id === p.id) li.append(stepForm(p, openForm.step));
  else if (steps.length > 0) {
    const actions = el('div', { class: 'actions' });
    for (const step of steps) {
      const button = el('button', { type: 'button', 'data-action': step }, t(STEP_TEXT[step]));
      button.addEventListener('click', () => {
        openForm = { id: p.id, step };
        render();
        li.querySelector('input')?.focus();
      });
      actions.append(button);
    }
    li.append(actions);
  }
  return li;
}

function render() {
  const now = Date.now();
  const out = products.filter((p) => RUNNING.includes(p.state));
  const stored = products.filter((p) => p.state === 'stored');
  // the most urgent first: least time left (overtime first)
  out.sort((a, b) => (binding(a, now)?.leftMs ?? Infinity) - (binding(b, now)?.leftMs ?? Infinity));
  $('out').replaceChildren(
    ...(out.length ? out.map((p) => card(p, now)) : [el('li', { class: 'empty' }, t('page.ward.empty'))]),
  );
  $('stored').replaceChildren(
    ...(stored.length
      ? stored.map((p) => card(p, now))
      : [el('li', { class: 'empty' }, t('page.ward.emptyStorage'))]),
  );
}

/** Each second only the running clocks change: their text and meter, not the forms. */
function tick() {
  const now = Date.now();
  for (const p of products) {
    if (!RUNNING.includes(p.state)) continue;
    const old = document.querySelector(`li[data-product="${CSS.escape(p.id)}"] .clock`);
    if (!old) continue;
    const fresh = clockBlock(p, now);
    old.replaceWith(fresh);
    const li = fresh.closest('li');
    const state = binding(p, now)?.state ?? 'none';
    for (const s of ['ok', 'warning', 'over', 'none']) li.classList.toggle(s, s === state);
  }
}

async function refresh() {
  try {
    products = await api('/products?state=stored,out,thawing,thawed,diluted&limit=200');
    $('updated').textContent = t('page.ward.updated', { time: siteTime(Date.now()) });
    render();
  } catch (error) {
    showError($('error'), error);
  }
}

if (await boot({ active: '/ward' })) {
  await refresh();
  setInterval(tick, 1000);
  setInterval(() => {
    if (!openForm) refresh();
  }, REFRESH_MS);
}
