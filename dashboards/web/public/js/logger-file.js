// Handover page, "upload the logger's file": a logger read on arrival (USB / NFC) gives a file, not
// a stream. The file goes as it is to POST /shipments/:id/logger-files; the verdict is then looked
// up again so the page shows the record with the file's readings in it.
import { apiKey, el, state, t } from './common.js';

const $ = (id) => document.getElementById(id);

function build(section) {
  section.append(
    el('h2', {}, t('page.loggerFile.title')),
    el('p', { class: 'legend-note' }, t('page.loggerFile.hint')),
  );
  const form = el('form', { id: 'logger-file-form', class: 'grid2', novalidate: true });
  const logger = el('select', { id: 'logger-file-device', name: 'deviceId', class: 'wide' });
  const file = el('input', {
    id: 'logger-file-input',
    name: 'file',
    type: 'file',
    accept: '.csv,.json,text/csv,application/json',
    required: true,
  });
  const zone = el('select', { id: 'logger-file-zone', name: 'timeZone', class: 'wide' });
  zone.append(el('option', { value: '' }, t('page.loggerFile.zoneAuto')));
  for (const z of [...new Set([state.site.timeZone, 'UTC'].filter(Boolean))])
    zone.append(el('option', { value: z }, z));
  const field = (id, key, input) => el('div', { class: 'field' }, el('label', { for: id }, t(key)), input);
  form.append(
    field('logger-file-device', 'page.loggerFile.logger', logger),
    field('logger-file-input', 'page.loggerFile.file', file),
    field('logger-file-zone', 'page.loggerFile.zone', zone),
    el(
      'div',
      { class: 'field' },
      el(
        'button',
        { type: 'submit', id: 'logger-file-upload', class: 'secondary' },
        t('page.loggerFile.upload'),
      ),
    ),
  );
  const error = el('div', { id: 'logger-file-error', class: 'error', role: 'alert', hidden: true });
  const done = el('p', { id: 'logger-file-done', class: 'notice', role: 'status', hidden: true });
  section.append(form, error, done);
  return { form, logger, file, zone, error, done };
}

async function loggersOf(shipmentId) {
  const res = await fetch(`/api/v1/shipments/${encodeURIComponent(shipmentId)}`, {
    headers: { authorization: `Bearer ${apiKey()}`, accept: 'application/json' },
  });
  return res.ok ? ((await res.json()).deviceIds ?? []) : [];
}

function start() {
  const section = $('logger-file-section');
  const result = $('result');
  if (!section || !result) return;
  let ui;
  let shownFor = '';
  const refresh = async () => {
    const shipmentId = $('shipment-id').value.trim();
    if (result.hidden || !shipmentId || shipmentId === shownFor) return;
    shownFor = shipmentId;
    ui ??= build(section);
    ui.logger.innerHTML = '';
    for (const id of await loggersOf(shipmentId)) ui.logger.append(el('option', { value: id }, id));
  };
  new MutationObserver(refresh).observe(result, { attributes: true, attributeFilter: ['hidden'] });
  section.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = ui.file.files?.[0];
    ui.error.hidden = true;
    ui.done.hidden = true;
    if (!chosen) return;
    const query = new URLSearchParams({ deviceId: ui.logger.value, fileName: chosen.name });
    if (ui.zone.value) query.set('timeZone', ui.zone.value);
    const type = chosen.type || (chosen.name.endsWith('.json') ? 'application/json' : 'text/csv');
    const res = await fetch(`/api/v1/shipments/${encodeURIComponent(shownFor)}/logger-files?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey()}`, 'content-type': type, 'accept-language': state.locale },
      body: chosen,
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      ui.error.textContent = body.localizedMessage ?? body.message ?? `HTTP ${res.status}`;
      ui.error.dataset.code = body.code ?? '';
      ui.error.hidden = false;
      return;
    }
    ui.done.textContent = t('page.loggerFile.done', {
      count: body.readingsCount,
      device: body.deviceId,
      sha: body.sha256,
    });
    ui.done.hidden = false;
    // the verdict again, now with the file's readings in the record
    $('lookup').requestSubmit();
  });
}

start();
