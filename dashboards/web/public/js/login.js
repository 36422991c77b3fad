// Log in with an API key: kept in sessionStorage (this tab only), checked against GET /api/v1/me.
import { boot, setApiKey, t } from './common.js';
import { sameSiteNext } from './safe-next.js';

async function check(key) {
  const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  return res.ok;
}

function nextPage() {
  return sameSiteNext(new URLSearchParams(location.search).get('next') ?? '/handover', location.origin);
}

if (await boot({ active: '/login', needsKey: false })) {
  const form = document.getElementById('login');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = document.getElementById('api-key').value.trim();
    const error = document.getElementById('error');
    error.hidden = true;
    if (!key || !(await check(key))) {
      error.textContent = t('page.login.invalid');
      error.hidden = false;
      return;
    }
    setApiKey(key);
    location.assign(nextPage());
  });
}
