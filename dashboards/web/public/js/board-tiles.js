// The board as a fleet view: one tile per shipment in transit and per storage unit, coloured by
// state with a shape and a word beside the colour, counts on top. Pure rendering: board.js fetches.
import { isActive, sortAlerts } from './alerts-view.js';
import { el, t } from './common.js';

/** Most urgent first: the order of the tiles and of the counts. */
export const TILE_STATES = ['alarm', 'nodata', 'warning', 'ok'];
/** a shape beside the colour, so a state never rests on colour alone */
const STATE_MARK = { alarm: '■', nodata: '◌', warning: '▲', ok: '●' };
/** findings that say the record is missing, not that the product is at risk */
const DATA_CODES = new Set(['NO_DATA', 'RECORD_GAP', 'RECORD_INCOMPLETE']);

/**
 * The state of one tile:
 * - alarm: an open critical or major alert, a unit in alarm, or a provisional deviation that is about
 *   the product (not only about missing data);
 * - nodata: the stalest device has sent nothing for longer than the max gap (N min shown);
 * - warning: an open minor alert (pre-alarms: warning band, 80 % of the transport time);
 * - ok: none of these.
 */
export function tileState({ alerts = [], status, findings = [], latest = [], maxGapMinutes = 15, nowMs }) {
  const active = alerts.filter(isActive);
  const worst = sortAlerts(active)[0]?.severity;
  const productFinding = findings.some((f) => !DATA_CODES.has(f.code) && f.severity !== 'info');
  if (worst === 'critical' || worst === 'major' || status === 'alarm') return { state: 'alarm' };
  if (status === 'deviation' && productFinding) return { state: 'alarm' };
  const times = latest.map((l) => l.tsMs).filter((ms) => typeof ms === 'number' && Number.isFinite(ms));
  // a device that never reported counts as silent too
  const stalest = times.length === latest.length && times.length > 0 ? Math.min(...times) : undefined;
  const silentMs = stalest === undefined ? Number.POSITIVE_INFINITY : nowMs - stalest;
  if (latest.length > 0 && silentMs > maxGapMinutes * 60_000)
    return { state: 'nodata', silentMin: Number.isFinite(silentMs) ? Math.floor(silentMs / 60_000) : null };
  if (worst === 'minor' || status === 'deviation') return { state: 'warning' };
  return { state: 'ok' };
}

export function stateWord(state, silentMin) {
  if (state === 'nodata')
    return silentMin === null || silentMin === undefined
      ? `${t('page.fleet.state.nodata')} · ${t('page.fleet.never')}`
      : t('page.fleet.silentFor', { n: silentMin });
  return t(`page.fleet.state.${state}`);
}

/**
 * One tile. `kind` is "shipment" or "unit"; `lines` are short texts under the name (product,
 * temperature, time left, why); `attrs` keep the data-* the tests and scripts look for.
 */
export function tile({ kind, id, href, name, lines = [], state, silentMin, attrs = {}, alertCount = 0 }) {
  const word = stateWord(state, silentMin);
  const label = t(kind === 'shipment' ? 'page.fleet.tileShipment' : 'page.fleet.tileUnit', {
    id,
    state: word,
  });
  const head = el(
    'div',
    { class: 'tile-state' },
    el('span', { class: 'mark', 'aria-hidden': 'true' }, STATE_MARK[state]),
    ` ${word}`,
    alertCount > 0
      ? el(
          'span',
          { class: 'tile-alerts', title: t('page.fleet.openAlerts', { n: alertCount }) },
          ` · ${alertCount}`,
        )
      : null,
  );
  const title = href
    ? el('a', { href, class: 'tile-id', 'aria-label': label }, id)
    : el('b', { class: 'tile-id' }, id);
  return el(
    'li',
    { class: `tile st-${state}`, 'data-state': state, ...attrs },
    head,
    title,
    name ? el('div', { class: 'tile-name' }, name) : null,
    ...lines.filter(Boolean).map((line) => el('div', { class: 'tile-line' }, line)),
  );
}

/** Tiles sorted most urgent first, then by id; with `onlyAttention` the ok ones are left out. */
export function tileGrid(tiles, { onlyAttention = false } = {}) {
  const rank = (node) => TILE_STATES.indexOf(node.dataset.state);
  const sorted = [...tiles].sort(
    (a, b) => rank(a) - rank(b) || (a.dataset.id ?? '').localeCompare(b.dataset.id ?? ''),
  );
  const shown = onlyAttention ? sorted.filter((n) => n.dataset.state !== 'ok') : sorted;
  if (shown.length === 0) return el('p', { class: 'small' }, t('page.board.none'));
  return el('ul', { class: 'tiles' }, ...shown);
}

/** "■ Alarm 3  ◌ No data 1  ▲ Warning 2  ● OK 494": the counts on top, most urgent first. */
export function countsBar(tiles) {
  const counts = Object.fromEntries(TILE_STATES.map((s) => [s, 0]));
  for (const node of tiles) counts[node.dataset.state] = (counts[node.dataset.state] ?? 0) + 1;
  return el(
    'ul',
    { class: 'fleet-counts', 'aria-label': t('page.fleet.counts') },
    ...TILE_STATES.map((s) =>
      el(
        'li',
        { class: `count st-${s}`, 'data-count': s },
        el('span', { class: 'mark', 'aria-hidden': 'true' }, STATE_MARK[s]),
        ` ${t(`page.fleet.state.${s}`)} `,
        el('b', {}, String(counts[s])),
      ),
    ),
  );
}
