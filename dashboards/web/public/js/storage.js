// Storage unit (7.7): its status over the last day to 90 days as GET /storage-units/:id/status
// judges it (the verdicts' rules, in the page's language), and its daily report from
// GET /storage-units/:id/report: per sensor and local day the readings, lowest, highest and mean
// temperature, and the hours out of range, marked so a bad day stands out at a glance.
import { api, boot, el, showError, state, t } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const id = params.get('id')?.trim();
const DAY_MS = 86_400_000;

const temp = (c) => (c === null || c === undefined ? '–' : `${c.toFixed(1)} °C`);

/** YYYY-MM-DD of an instant in the site's zone */
function siteDate(ms) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: state.site.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
  return parts;
}

async function showStatus() {
  const days = $('days').value;
  const st = await api(
    `/storage-units/${encodeURIComponent(id)}/status?days=${days}&lang=${encodeURIComponent(state.locale)}`,
  );
  const alarm = st.status === 'alarm';
  $('verdict').className = `journey-state${alarm ? ' deviation' : ''}`;
  $('verdict').setAttribute('data-status', st.status);
  $('verdict').replaceChildren(
    el('span', { class: 'word' }, t(alarm ? 'page.storage.alarm' : 'page.storage.ok')),
    el('span', { class: 'sub' }, t('page.storage.findings', { n: st.findings.length })),
  );
  $('findings').replaceChildren(
    ...st.findings.map((f) =>
      el(
        'li',
        { 'data-code': f.code },
        el('span', { class: `tag sev-${f.severity}` }, f.clause),
        ' ',
        f.message,
      ),
    ),
  );
  $('source').textContent = st.source
    ? t('page.storage.source', { summarized: st.source.summarized, hours: st.source.hours })
    : '';
}

function row(cells, attrs = {}) {
  return el('tr', attrs, ...cells);
}

async function showReport() {
  const r = await api(
    `/storage-units/${encodeURIComponent(id)}/report?from=${$('from').value}&to=${$('to').value}`,
  );
  $('zone').textContent = t('page.storage.zone', { zone: r.timeZone });
  const head = (keys) => el('thead', {}, row(keys.map((k) => el('th', { scope: 'col' }, t(k)))));
  $('sensors').replaceChildren(
    el('caption', {}, t('page.storage.perSensor')),
    head([
      'page.storage.sensor',
      'page.storage.readings',
      'page.storage.min',
      'page.storage.max',
      'page.storage.hoursOut',
      'page.storage.daysWith',
    ]),
    el(
      'tbody',
      {},
      ...r.sensors.map((s) =>
        row(
          [
            el('td', {}, s.deviceId),
            el('td', { class: 'num' }, String(s.readings)),
            el('td', { class: 'num' }, temp(s.minC)),
            el('td', { class: 'num' }, temp(s.maxC)),
            el('td', { class: 'num' }, String(s.hoursOutOfRange)),
            el('td', { class: 'num' }, String(s.daysWithReadings)),
          ],
          { class: s.hoursOutOfRange > 0 ? 'out' : undefined },
        ),
      ),
    ),
  );
  // the worst days first would hide the order of time: days stay in order, bad ones marked
  $('days-table').replaceChildren(
    el('caption', {}, t('page.storage.perDay', { n: r.days.length })),
    head([
      'page.storage.date',
      'page.storage.sensor',
      'page.storage.readings',
      'page.storage.min',
      'page.storage.max',
      'page.storage.mean',
      'page.storage.hoursOut',
    ]),
    el(
      'tbody',
      {},
      ...r.days.map((d) =>
        row(
          [
            el('td', { class: 'num' }, d.date),
            el('td', {}, d.deviceId),
            el('td', { class: 'num' }, String(d.readings)),
            el('td', { class: 'num' }, temp(d.minC)),
            el('td', { class: 'num' }, temp(d.maxC)),
            el('td', { class: 'num' }, temp(d.meanC)),
            el(
              'td',
              { class: 'num' },
              d.hoursOutOfRange > 0
                ? el(
                    'span',
                    { class: 'tag sev-critical' },
                    t('page.storage.hoursOutN', { n: d.hoursOutOfRange }),
                  )
                : '0',
            ),
          ],
          {
            class: d.hoursOutOfRange > 0 ? 'out' : undefined,
            'data-date': d.date,
            'data-device': d.deviceId,
          },
        ),
      ),
    ),
  );
}

async function show() {
  if (!id) {
    $('error').textContent = t('page.storage.noUnit');
    $('error').hidden = false;
    return;
  }
  try {
    const unit = await api(`/storage-units/${encodeURIComponent(id)}`);
    document.title = `coldtrace · ${unit.name ?? unit.id}`;
    $('title').textContent = `${unit.name ?? unit.id} (${unit.id})`;
    const days = params.get('days');
    if (days && [...$('days').options].some((o) => o.value === days)) $('days').value = days;
    const today = siteDate(Date.now());
    $('to').value = params.get('to') ?? today;
    $('from').value = params.get('from') ?? siteDate(Date.now() - 29 * DAY_MS);
    $('status-section').hidden = false;
    $('report-section').hidden = false;
    await Promise.all([showStatus(), showReport()]);
  } catch (error) {
    showError($('error'), error);
  }
}

$('days').addEventListener('change', () => showStatus().catch((error) => showError($('error'), error)));
$('report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showReport().catch((error) => showError($('error'), error));
});

if (await boot({ active: '/board' })) await show();
