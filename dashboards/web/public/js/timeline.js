// Product timeline (issue 16; 10.4): one record from dispatch to the bedside, as GET
// /products/:id/timeline gives it in the page's language: every step with its time in the site
// zone, the unit, who did it and their signature; the printable report of the same record.
import { api, boot, el, showError, state, t } from './common.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id')?.trim();

function entry(e) {
  const li = el('li', { class: `entry${e.deviation ? ' deviation' : ''}`, 'data-kind': e.kind });
  li.append(
    el('p', { class: 'when' }, e.atText),
    el(
      'p',
      { class: 'title' },
      e.title,
      e.deviation ? el('span', { class: 'tag sev-critical' }, t('journey.deviation')) : undefined,
    ),
  );
  if (e.detail.length) li.append(el('ul', { class: 'detail' }, ...e.detail.map((d) => el('li', {}, d))));
  const signatures = e.signatures.map((s) => el('li', { class: s.valid ? 'sig' : 'sig error' }, s.text));
  if (signatures.length) li.append(el('ul', { class: 'signatures' }, ...signatures));
  else if (e.by) li.append(el('p', { class: 'by small' }, t('page.timeline.noSignature', { name: e.by })));
  return li;
}

async function show() {
  if (!id) {
    $('error').textContent = t('page.timeline.enterId');
    $('error').hidden = false;
    return;
  }
  $('open-id').value = id;
  try {
    const tl = await api(
      `/products/${encodeURIComponent(id)}/timeline?lang=${encodeURIComponent(state.locale)}`,
    );
    document.title = `coldtrace · ${tl.title}`;
    $('title').textContent = tl.title;
    $('state').className = `journey-state${tl.deviation ? ' deviation' : ''}`;
    $('state').replaceChildren(
      el('span', { class: 'word' }, tl.state),
      tl.clock ? el('span', { class: 'sub' }, tl.clock) : undefined,
    );
    $('facts').replaceChildren(...tl.facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('entries').replaceChildren(...tl.entries.map(entry));
    $('note').textContent = `${tl.note} · ${tl.generatedAt}`;
    $('product').hidden = false;
  } catch (error) {
    showError($('error'), error);
  }
}

$('print').addEventListener('click', async () => {
  try {
    const res = await api(
      `/products/${encodeURIComponent(id)}/report?lang=${encodeURIComponent(state.locale)}`,
      {
        accept: 'text/html',
        raw: true,
      },
    );
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
  } catch (error) {
    showError($('error'), error);
  }
});

if (await boot({ active: '/ward' })) await show();
