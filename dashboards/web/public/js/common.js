// Shared by every page: language, the site's zone, who is signed in (a person's session cookie, or
// an API key kept in this tab), calls to /api/v1, the page header.
// Plain ES module: nothing to build.

const KEY_STORE = 'coldtrace.apiKey';
const LOCALE_STORE = 'coldtrace.locale';

export const state = {
  site: { timeZone: 'Asia/Shanghai', locale: 'zh-CN', locales: ['zh-CN', 'en'] },
  locale: 'zh-CN',
  messages: {},
  role: null,
  /** GET /api/v1/me: a person (kind 'user', with the session's CSRF token) or a key */
  me: null,
};

export function apiKey() {
  return sessionStorage.getItem(KEY_STORE);
}
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORE, key);
  else sessionStorage.removeItem(KEY_STORE);
}

/** The text for `key` from the one catalogue, with {placeholders} filled. */
export function t(key, params = {}) {
  const text = state.messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The first of `keys` the catalogue knows, or undefined. */
export function tFirst(keys, params = {}) {
  for (const key of keys) if (key in state.messages) return t(key, params);
  return undefined;
}

async function loadMessages(locale) {
  const res = await fetch(`/api/v1/messages/${encodeURIComponent(locale)}`);
  state.messages = res.ok ? await res.json() : {};
}

/** Fills every [data-i18n] element's text and [data-i18n-placeholder] / [data-i18n-label]. */
export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = state.locale;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

// building an Intl.DateTimeFormat costs far more than using one: one per zone
const formatters = new Map();
function zoneFormatter(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function zoneParts(ms, timeZone) {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(ms));
  const n = (type) => Number(parts.find((p) => p.type === type)?.value);
  return { y: n('year'), mo: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
}

/** "UTC+08:00" for the site zone at that instant. */
export function offsetLabel(ms, timeZone = state.site.timeZone) {
  const p = zoneParts(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  const minutes = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Same shape as the server's formatSiteTime: "2026-11-26 20:05:00 (Asia/Shanghai, UTC+08:00)". */
export function siteTime(value, { label = true } = {}) {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return '';
  const zone = state.site.timeZone;
  const p = zoneParts(ms, zone);
  const text = `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
  return label ? `${text} (${zone}, ${offsetLabel(ms, zone)})` : text;
}

/**
 * A time typed as the site's wall clock ("2026-11-26T20:05" or with seconds, as a datetime-local
 * input gives it) to UTC ISO; '' when empty or not a time.
 */
export function siteLocalToUtc(text, timeZone = state.site.timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text ?? '');
  if (!m) return '';
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // the zone's offset at that instant; once more at the corrected instant (a DST change between)
  const offsetAt = (ms) => {
    const p = zoneParts(ms, timeZone);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  };
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first)).toISOString();
}

/** "21 h 30 min" (or "45 min") in the page's language. */
export function duration(ms) {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  if (h === 0) return t('page.duration.m', { m: minutes });
  return minutes % 60 === 0 ? t('page.duration.h', { h }) : t('page.duration.hm', { h, m: minutes % 60 });
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

/**
 * A call to the API as whoever is signed in: the session cookie goes by itself (httpOnly), and a
 * change carries the session's CSRF token; with an API key, the key. A 401 sends the user to sign in.
 */
export async function api(path, { method = 'GET', body, accept = 'application/json', raw = false } = {}) {
  const headers = { accept, 'accept-language': state.locale };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  else if (method !== 'GET' && state.me?.csrfToken) headers['x-csrf-token'] = state.me.csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // the pages are a client of the public API, like any other
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && !location.pathname.startsWith('/login')) {
    setApiKey(null);
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, 'CT_UNAUTHORIZED');
  }
  if (!res.ok) {
    let code;
    let message;
    try {
      const problem = await res.json();
      code = problem.code;
      // the API says it in the page's language too (Accept-Language): that is what a person reads
      message = problem.localizedMessage || problem.message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(res.status, code, message);
  }
  if (raw) return res;
  if (res.status === 204) return undefined;
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Who is signed in (GET /api/v1/me): undefined when nobody is (no session, no key). */
async function whoAmI() {
  const headers = { accept: 'application/json' };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  try {
    const res = await fetch('/api/v1/me', { headers });
    if (res.status === 401) return undefined;
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** Is a person signed in (not an API key)? Their signing needs their login name and password. */
export function signedInPerson() {
  return state.me?.kind === 'user' ? state.me : undefined;
}

/**
 * What each role may do (DESIGN.md, HTTP table; admin may do everything). A role the server did
 * not tell us is allowed everything in the page; the API still refuses what it must.
 */
const ABILITIES = {
  receipt: ['admin', 'receiver'],
  verdict: ['admin', 'receiver', 'qa'],
  shipments: ['admin', 'logistics', 'receiver', 'qa'],
  board: ['admin', 'logistics', 'receiver', 'qa', 'viewer'],
  alerts: ['admin', 'qa'],
  ack: ['admin', 'qa'],
  // the ward's staff record the steps of a product's journey (the API's ward roles)
  ward: ['admin', 'receiver'],
  audit: ['admin', 'qa'],
};
export function can(ability) {
  if (!state.role) return true;
  return (ABILITIES[ability] ?? []).includes(state.role);
}

export function showError(el, error) {
  const detail =
    error instanceof ApiError && error.status === 403 ? t('page.error.forbidden') : error.message;
  el.textContent =
    error instanceof ApiError && error.status === 403 ? detail : t('page.error.generic', { detail });
  el.hidden = false;
}

function renderHeader(active) {
  const header = document.querySelector('header.app');
  if (!header) return;
  // what a role cannot do is not offered
  const nav = [
    ['/handover', 'page.nav.handover', 'verdict'],
    ['/board', 'page.nav.board', 'board'],
    ['/alerts', 'page.nav.alerts', 'alerts'],
    ['/ward', 'page.nav.ward', 'ward'],
    ['/audit', 'page.nav.audit', 'audit'],
  ].filter(([href, , ability]) => href === active || can(ability));
  header.innerHTML = '';
  const skip = el('a', { class: 'skip', href: '#main' }, t('page.nav.skip'));
  const brand = el('span', { class: 'brand' }, t('page.app.name'));
  const links = el('nav', { 'aria-label': t('page.app.name') });
  for (const [href, key] of nav) {
    const a = el('a', { href }, t(key));
    if (href === active) a.setAttribute('aria-current', 'page');
    links.append(a);
  }
  const tools = el('div', { class: 'tools' });
  const langLabel = el('label', { for: 'lang' }, t('page.lang.label'));
  const select = el('select', { id: 'lang', name: 'lang' });
  for (const [value, text] of [
    ['zh-CN', '中文'],
    ['en', 'English'],
  ]) {
    const option = el('option', { value, lang: value }, text);
    if (value === state.locale) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => {
    localStorage.setItem(LOCALE_STORE, select.value);
    location.reload();
  });
  tools.append(langLabel, select);
  if (state.me) {
    const person = signedInPerson();
    if (person) tools.append(el('span', { class: 'person', 'data-person': person.login }, person.name));
    tools.append(
      el('span', { class: 'role' }, t('page.role.label', { role: state.role ?? t('page.role.unknown') })),
    );
    const out = el('button', { type: 'button', class: 'link' }, t('page.nav.logout'));
    out.addEventListener('click', async () => {
      // a person's session ends on the server at once; a key is only forgotten by this tab
      if (person) await api('/session', { method: 'DELETE' }).catch(() => undefined);
      setApiKey(null);
      location.assign('/login');
    });
    tools.append(out);
  }
  header.append(skip, brand, links, tools);
  const zone = document.querySelector('.site-zone');
  if (zone)
    zone.textContent = t('page.site.zone', { zone: `${state.site.timeZone}, ${offsetLabel(Date.now())}` });
}

/** Small DOM builder: el('a', {href}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

/**
 * Starts a page: site zone, language (remembered in localStorage), catalogue, role; sends the user
 * to log in first when the page needs a key.
 */
export async function boot({ active, needsKey = true } = {}) {
  if (needsKey) {
    const me = await whoAmI();
    // a person who must set their own password does so on the sign-in page first
    if (me === undefined || me?.mustChangePassword) {
      setApiKey(null);
      location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return false;
    }
    state.me = me;
    state.role = me?.role ?? null;
  }
  try {
    const res = await fetch('/api/v1/site');
    if (res.ok) state.site = await res.json();
  } catch {
    // keep the defaults
  }
  const stored = localStorage.getItem(LOCALE_STORE);
  state.locale = state.site.locales?.includes(stored) ? stored : state.site.locale;
  await loadMessages(state.locale);
  renderHeader(active);
  translate();
  document.body.classList.add('ready');
  return true;
}
