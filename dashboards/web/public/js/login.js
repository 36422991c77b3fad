// Sign in as a person (login name and password: a session cookie, httpOnly, set by the server), set
// one's own password when it was given by an administrator, or, for machines, log in with an API key
// kept in sessionStorage (this tab only).
import { boot, setApiKey, t } from './common.js';
import { sameSiteNext } from './safe-next.js';

const $ = (id) => document.getElementById(id);

async function check(key) {
  const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  return res.ok;
}

function nextPage() {
  return sameSiteNext(new URLSearchParams(location.search).get('next') ?? '/handover', location.origin);
}

/** The catalogue's text for an API error code, else the generic one. */
async function problemText(res) {
  let code;
  try {
    code = (await res.json()).code;
  } catch {
    // not JSON
  }
  const seconds = res.headers.get('retry-after') ?? '';
  const text = code ? t(`error.${code}`, { seconds }) : '';
  return text && text !== `error.${code}` ? text : t('page.error.generic', { detail: `HTTP ${res.status}` });
}

function say(box, text) {
  box.textContent = text;
  box.hidden = false;
}

async function post(path, body, csrfToken) {
  return fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': document.documentElement.lang,
      ...(csrfToken && { 'x-csrf-token': csrfToken }),
    },
    body: JSON.stringify(body),
  });
}

if (await boot({ active: '/login', needsKey: false })) {
  let csrfToken;
  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('signin-error');
    box.hidden = true;
    const login = $('login-name').value.trim();
    const password = $('password').value;
    if (!login || !password) return say(box, t('error.CT_SIGN_IN_FAILED'));
    const res = await post('/session', { login, password });
    if (!res.ok) return say(box, await problemText(res));
    const me = await res.json();
    setApiKey(null);
    if (me.mustChangePassword) {
      csrfToken = me.csrfToken;
      $('signin').hidden = true;
      $('change-password').hidden = false;
      $('current-password').value = password;
      $('new-password').focus();
      return;
    }
    location.assign(nextPage());
  });
  $('change-password').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('change-error');
    box.hidden = true;
    const res = await post(
      '/me/password',
      { currentPassword: $('current-password').value, newPassword: $('new-password').value },
      csrfToken,
    );
    if (!res.ok) return say(box, await problemText(res));
    location.assign(nextPage());
  });
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    const error = $('error');
    error.hidden = true;
    if (!key || !(await check(key))) return say(error, t('page.login.invalid'));
    setApiKey(key);
    location.assign(nextPage());
  });
  $('login-name').focus();
}
