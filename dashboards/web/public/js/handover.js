// Handover page: scan a shipment id (a barcode scanner types it and presses Enter), see PASS or
// DEVIATION with the findings, the record and the checks, then record the receipt (8.1.7).
import { drawChart, seriesFromReadings } from './chart.js';
import {
  ApiError,
  api,
  boot,
  can,
  duration,
  el,
  showError,
  signedInPerson,
  siteTime,
  state,
  t,
  tFirst,
} from './common.js';
// the 'upload the logger's file' step fills #logger-file-section by itself
import './logger-file.js';
import {
  bandOf,
  excursionsOf,
  rangeWords,
  renderBanner,
  renderChecks,
  renderFindings,
  renderTransport,
} from './verdict-view.js';

const RECEIPT_CHECKS = ['quantityOk', 'labelOk', 'documentsOk', 'packagingOk', 'appearanceOk'];
const $ = (id) => document.getElementById(id);
/** the page says the zone once, at its top */
const NO_ZONE = { label: false };
let current = null;

async function optional(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return undefined;
    throw error;
  }
}

async function loadReadings(id) {
  const csv = await optional(
    api(`/shipments/${encodeURIComponent(id)}/readings?format=csv`, { accept: 'text/csv' }),
  );
  return seriesFromReadings(csv ?? '');
}

/** The shipment's requirements as the chart and the transport bar need them (GET /shipments/:id/context). */
function requirementsOf(context) {
  if (!context) return undefined;
  return {
    storageMode: context.storageMode,
    tempMinC: context.range?.minC ?? undefined,
    tempMaxC: context.range?.maxC ?? undefined,
    maxTransportMinutes: context.maxTransportMinutes,
  };
}

/** What the receiver compares with the label and the order (8.1.3): product, batch, quantity, state, expiry. */
function renderFacts(shipment) {
  const facts = $('facts');
  facts.innerHTML = '';
  if (!shipment) return;
  const p = shipment.product ?? {};
  const rows = [
    ['page.handover.product', `${p.name ?? ''} · ${p.cellType ?? ''}`],
    ['page.handover.batch', p.batch],
    ['page.handover.quantity', p.quantity],
    ['page.handover.state', p.state ? t(`page.product.state.${p.state}`) : undefined],
    [
      'page.handover.donor',
      shipment.donor ? (tFirst([`term.donor.${shipment.donor.type}`]) ?? shipment.donor.type) : undefined,
    ],
    ['page.handover.expires', shipment.expiresAt ? siteTime(shipment.expiresAt, NO_ZONE) : undefined],
    ['page.handover.route', `${shipment.origin ?? ''} → ${shipment.destination ?? ''}`],
    [
      'page.handover.container',
      tFirst([`term.container.${shipment.containerType}`]) ?? shipment.containerType,
    ],
    [
      'page.handover.storageMode',
      current?.profile?.storageMode
        ? (tFirst([`term.storageMode.${current.profile.storageMode}`]) ?? current.profile.storageMode)
        : undefined,
    ],
    ['page.handover.loggers', (shipment.deviceIds ?? []).join(', ')],
    [
      'page.handover.shipmentStatus',
      shipment.status ? t(`page.shipment.status.${shipment.status}`) : undefined,
    ],
  ];
  for (const [key, value] of rows) {
    if (value === undefined || value === '') continue;
    facts.append(el('dt', {}, t(key)), el('dd', { 'data-fact': key.split('.').pop() }, String(value)));
  }
}

function renderChart(series, band, verdict) {
  const note = $('band-note');
  const parts = [];
  if (band.minC !== undefined || band.maxC !== undefined)
    parts.push(t('page.handover.band', { range: rangeWords(band.minC, band.maxC) }));
  note.textContent = parts.join(' ');
  const chart = $('chart');
  const excursions = excursionsOf(verdict);
  const plot = drawChart(chart, { series, band, excursions });
  if (!plot) {
    chart.removeAttribute('role');
    chart.append(el('p', { class: 'small' }, t('page.handover.chartEmpty')));
    return;
  }
  // the canvas says nothing to a screen reader: the chart's summary in words does
  const temps = series.flatMap((s) => s.points.map((p) => p.tempC));
  chart.setAttribute('role', 'img');
  chart.setAttribute(
    'aria-label',
    t('page.handover.chartSummary', {
      n: temps.length,
      min: Math.min(...temps).toFixed(1),
      max: Math.max(...temps).toFixed(1),
      excursions: excursions.length,
    }),
  );
}

const MKT_MODES = new Set(['refrigerated', 'controlled_room']);

/**
 * The chart's summary row per logger, from the verdict's own statistics: min, max, mean, MKT (for
 * 2-8 °C and room-temperature legs only, as information) and the time out of range.
 */
function renderSummary(verdict) {
  const box = $('chart-summary');
  const loggers = verdict?.stats?.loggers ?? {};
  const ids = Object.keys(loggers);
  if (ids.length === 0) return box.replaceChildren();
  const mkt = MKT_MODES.has(current?.profile?.storageMode ?? verdict?.stats?.storageMode);
  const c = (v) => (typeof v === 'number' ? `${v.toFixed(1)} °C` : '—');
  const head = ['logger', 'min', 'max', 'mean', ...(mkt ? ['mkt'] : []), 'outOfRange'];
  const rows = ids.map((id) => {
    const s = loggers[id];
    const out = typeof s.minutesOutOfRange === 'number' ? duration(s.minutesOutOfRange * 60_000) : '—';
    const cells = [id, c(s.minC), c(s.maxC), c(s.meanC), ...(mkt ? [c(s.mktC)] : []), out];
    return el(
      'tr',
      { 'data-logger': id },
      ...cells.map((v, i) =>
        i === 0 ? el('th', { scope: 'row' }, v) : el('td', { class: 'num', 'data-col': head[i] }, v),
      ),
    );
  });
  box.replaceChildren(
    el(
      'table',
      { class: 'chart-summary' },
      el('caption', {}, t('chart.summary.title')),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, t(`chart.summary.${h}`))))),
      el('tbody', {}, ...rows),
    ),
    mkt ? el('p', { class: 'small' }, t('chart.summary.mktNotApplicable')) : '',
  );
}

/** The checks asked at receipt: 8.1.3's product state only when the shipment declares one. */
function receiptChecksFor(shipment) {
  return shipment?.product?.state ? [...RECEIPT_CHECKS, 'stateOk'] : RECEIPT_CHECKS;
}

function checkQuestion(name) {
  const expectedState = current?.shipment?.product?.state;
  return name === 'stateOk'
    ? t('page.handover.check.stateOk', { expected: t(`page.product.state.${expectedState}`) })
    : t(`page.handover.check.${name}`);
}

function renderReceiptChecks() {
  const box = $('receipt-checks');
  box.innerHTML = '';
  for (const name of receiptChecksFor(current?.shipment)) {
    const legendId = `legend-${name}`;
    const set = el('fieldset', { class: 'check', 'aria-labelledby': legendId });
    set.append(
      el('legend', { id: legendId }, checkQuestion(name)),
      el(
        'label',
        {},
        el('input', { type: 'radio', name, value: 'yes', required: true }),
        t('page.handover.checkPassed'),
      ),
      el('label', {}, el('input', { type: 'radio', name, value: 'no' }), t('page.check.fail')),
    );
    box.append(set);
  }
}

/**
 * The receipt's electronic signatures (21 CFR 11.50): printed name, meaning, time in the site zone
 * (labelled), the content signed, and whether the signature still matches the stored receipt.
 */
function renderSignatures(signatures) {
  const box = $('signatures');
  box.replaceChildren();
  if (!signatures?.length) {
    box.append(el('p', { class: 'small' }, t('page.signature.none')));
    return;
  }
  box.append(el('h3', {}, t('page.signature.title')));
  const list = el('ul', { class: 'signatures' });
  for (const sig of signatures) {
    const line = t('page.signature.line', {
      name: sig.printedName,
      meaning: t(`page.signature.meaning.${sig.meaning}`),
      time: siteTime(sig.signedAt),
      hash: sig.contentSha256.slice(0, 16),
    });
    const item = el('li', { 'data-signature': sig.meaning, class: sig.valid ? 'ok' : 'error' }, line);
    if (!sig.valid) item.append(el('strong', {}, ` · ${t('page.signature.invalid')}`));
    list.append(item);
  }
  box.append(list);
}

/** The receipt on record (8.1.7): when, who received, who verified, their signatures. */
function renderRecorded(receipt, verdict, signatures) {
  const at = receipt?.receivedAt ?? current.shipment?.receivedAt ?? verdict.window?.to;
  $('recorded').textContent = at
    ? t('page.handover.recorded', { at: siteTime(at, NO_ZONE) })
    : t('page.handover.alreadyFinal');
  const who = $('recorded-by');
  who.replaceChildren();
  if (receipt?.receiverName)
    who.append(el('dt', {}, t('page.handover.receiver')), el('dd', {}, receipt.receiverName));
  if (receipt?.verifierName)
    who.append(el('dt', {}, t('page.handover.verifier')), el('dd', {}, receipt.verifierName));
  renderSignatures(signatures);
  // 8.1.6: after a deviation, what happened to the product and who was told
  const quarantined = current.shipment?.status === 'quarantined' || verdict.status === 'deviation';
  const after = $('after-receipt');
  after.hidden = !quarantined;
  if (quarantined) {
    const qa = current.shipment?.manufacturer?.qaEmail;
    after.replaceChildren(
      el('p', { class: 'word' }, t('page.receipt.quarantined')),
      el('p', {}, qa ? t('page.receipt.notified', { qa }) : t('page.receipt.notifiedMaker')),
    );
  }
}

/**
 * On a deviation the receipt form comes right after the findings (not below the chart), and says
 * what confirming does: the product is quarantined and the manufacturer's QA informed (8.1.6).
 */
function placeReceipt(verdict) {
  const deviation = verdict.status === 'deviation' && verdict.final !== true;
  const section = $('receipt-section');
  if (deviation) $('findings').after(section);
  else $('logger-file-section').after(section);
  $('to-receipt').hidden = !deviation || !can('receipt');
  const consequence = $('receipt-consequence');
  consequence.hidden = !deviation;
  const qa = current.shipment?.manufacturer?.qaEmail;
  consequence.textContent = deviation
    ? t('page.receipt.consequence', { qa: qa ?? t('page.receipt.theMaker') })
    : '';
  $('confirm').textContent = t(deviation ? 'page.receipt.confirmQuarantine' : 'page.handover.confirm');
}

function showVerdict(verdict, receipt, signatures) {
  renderBanner($('banner'), verdict);
  // Annex 11 §8.2: the record changed after the receipt, said right under the verdict (the
  // message comes in the page's language); a shipment looked up next starts without it
  const changed = $('record-changed');
  const check = verdict.recordCheck;
  changed.hidden = check?.status !== 'changed';
  changed.textContent = check?.status === 'changed' ? `${check.code}: ${check.message}` : '';
  renderFindings($('findings'), verdict);
  renderChecks($('checks'), verdict);
  renderTransport($('transport'), verdict, current.profile);
  renderSummary(verdict);
  const final = verdict.final === true;
  placeReceipt(verdict);
  $('receipt-section').hidden = final;
  $('done').hidden = !final;
  if (final) renderRecorded(receipt, verdict, signatures);
}

async function lookup(id) {
  const error = $('error');
  error.hidden = true;
  $('result').hidden = true;
  const path = `/shipments/${encodeURIComponent(id)}`;
  try {
    const [shipment, verdict, context] = await Promise.all([
      optional(api(path)),
      api(`${path}/verdict`),
      optional(api(`${path}/context`)),
    ]);
    const profile = requirementsOf(context);
    current = { id, shipment, profile, verdict };
    renderFacts(current.shipment);
    $('result').hidden = false;
    const recorded = verdict.final ? await optional(api(`${path}/receipt`)) : undefined;
    showVerdict(verdict, recorded?.receipt, recorded?.signatures);
    renderReceiptChecks();
    // a person signs; a key (an integration) records typed names as before
    $('signers').hidden = !signedInPerson();
    $('typed-names').hidden = Boolean(signedInPerson());
    $('receipt-role').hidden = can('receipt');
    $('receipt').hidden = !can('receipt');
    const series = await loadReadings(id);
    renderChart(series, bandOf(profile, verdict), verdict);
    $('banner').focus?.();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      error.textContent = t('page.error.notFound', { id });
      error.hidden = false;
    } else showError(error, e);
  }
}

/**
 * The signatures of a receipt made by a signed-in person (21 CFR 11.200(a)(1)): the receiver's and,
 * when given, the second verifier's login name and password, each checked by the server. Returns
 * the field to fix when something is missing.
 */
function signaturesOf() {
  const value = (id) => $(id).value;
  const receiver = { login: value('sign-receiver-login').trim(), password: value('sign-receiver-password') };
  const verifier = { login: value('sign-verifier-login').trim(), password: value('sign-verifier-password') };
  if (!receiver.login) return { missing: 'sign-receiver-login' };
  if (!receiver.password) return { missing: 'sign-receiver-password' };
  const signatures = [{ ...receiver, meaning: 'received' }];
  if (verifier.login || verifier.password) {
    if (!verifier.login) return { missing: 'sign-verifier-login' };
    if (!verifier.password) return { missing: 'sign-verifier-password' };
    signatures.push({ ...verifier, meaning: 'verified' });
  }
  return { signatures };
}

function clearSignatureFields() {
  for (const id of ['sign-receiver-password', 'sign-verifier-login', 'sign-verifier-password'])
    $(id).value = '';
}

async function submitReceipt(event) {
  event.preventDefault();
  const form = $('receipt');
  const errorBox = $('receipt-error');
  errorBox.hidden = true;
  const data = new FormData(form);
  const person = signedInPerson();
  const signed = person ? signaturesOf() : undefined;
  if (signed?.missing) {
    errorBox.textContent = t('page.sign.missing', {
      field: $(signed.missing).labels?.[0]?.textContent ?? '',
    });
    errorBox.hidden = false;
    $(signed.missing).focus();
    return;
  }
  // a person's printed name comes from their account (the server puts it on the receipt)
  const receiverName = person ? person.name : String(data.get('receiverName') ?? '').trim();
  const asked = receiptChecksFor(current.shipment);
  const missing = asked.find((name) => !data.get(name));
  if (!receiverName || missing) {
    // say what to do, not only what is missing
    errorBox.textContent = !receiverName
      ? t('page.handover.receiverRequired')
      : t('page.receipt.answer', { question: checkQuestion(missing) });
    errorBox.hidden = false;
    (!receiverName ? $('receiver') : form.querySelector(`input[name="${missing}"]`)).focus();
    return;
  }
  const body = {
    receiverName,
    checks: Object.fromEntries(asked.map((name) => [name, data.get(name) === 'yes'])),
  };
  const verifierName = String(data.get('verifierName') ?? '').trim();
  if (signed) body.signatures = signed.signatures;
  else if (verifierName) body.verifierName = verifierName;
  const notes = String(data.get('notes') ?? '').trim();
  if (notes) body.notes = notes;
  $('confirm').disabled = true;
  try {
    const result = await api(`/shipments/${encodeURIComponent(current.id)}/receipt`, {
      method: 'POST',
      body,
    });
    const verdict = result?.verdict ?? result;
    current.verdict = verdict;
    if (result?.shipment) {
      current.shipment = result.shipment;
      renderFacts(current.shipment);
    }
    showVerdict({ ...verdict, final: true }, result?.receipt, result?.signatures);
    $('recorded').focus?.();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'CT_SIGNER_INVALID') {
      // in the reader's language; the API's detail names which signer, in English
      errorBox.textContent = `${t('page.sign.refused')} (${e.message})`;
      errorBox.hidden = false;
    } else showError(errorBox, e);
  } finally {
    // a password is never kept in the form after the attempt
    if (person) clearSignatureFields();
    $('confirm').disabled = false;
  }
}

/** The report needs the key, so it is fetched with it and opened from memory. */
async function openReport() {
  const tab = window.open('', '_blank');
  try {
    // the report in the page's language (the API's ?lang=), HTML to print from the browser
    const res = await api(`/shipments/${encodeURIComponent(current.id)}/report?lang=${state.locale}`, {
      accept: 'text/html',
      raw: true,
    });
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else location.assign(url);
  } catch (e) {
    tab?.close();
    showError($('error'), e);
  }
}

async function downloadCsv() {
  try {
    const res = await api(`/shipments/${encodeURIComponent(current.id)}/readings?format=csv`, {
      accept: 'text/csv',
      raw: true,
    });
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: `${current.id}-readings.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    showError($('error'), e);
  }
}

if (await boot({ active: '/handover' })) {
  $('banner').setAttribute('tabindex', '-1');
  $('recorded').setAttribute('tabindex', '-1');
  $('lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('shipment-id').value.trim();
    if (id) {
      history.replaceState(null, '', `/handover?id=${encodeURIComponent(id)}`);
      lookup(id);
    }
  });
  $('receipt').addEventListener('submit', submitReceipt);
  $('open-report').addEventListener('click', openReport);
  $('download-csv').addEventListener('click', downloadCsv);
  const id = new URLSearchParams(location.search).get('id');
  if (id) {
    $('shipment-id').value = id;
    lookup(id);
  } else $('shipment-id').focus();
}
