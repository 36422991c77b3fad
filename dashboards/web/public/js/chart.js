// Temperature chart (uPlot, served from node_modules): one stepped line per logger (sample and hold,
// as the rule engine reads it), the allowed band shaded green, its limits dashed and labelled with
// a tick of their own, excursions shaded red with their peak marked and labelled.
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import { siteTime, state, t } from './common.js';

const COLOURS = ['#0047b3', '#6a3d9a', '#b15928', '#1f78b4', '#33a02c', '#e31a1c'];

/** Reads of the readings endpoint (JSON or CSV) into [{deviceId, points: [{tsMs, tempC}]}]. */
export function seriesFromReadings(body) {
  const rows = Array.isArray(body) ? body : Array.isArray(body?.readings) ? body.readings : parseCsv(body);
  const byDevice = new Map();
  for (const row of rows) {
    const deviceId = String(row.deviceId ?? row.device_id ?? row.device ?? '');
    const tsRaw = row.tsMs ?? row.ts_ms ?? row.time_utc ?? row.ts ?? row.time ?? row.timestamp;
    const tsMs =
      typeof tsRaw === 'number' ? tsRaw : /^\d+$/.test(String(tsRaw)) ? Number(tsRaw) : Date.parse(tsRaw);
    const tempC = Number(row.tempC ?? row.temp_c);
    if (!Number.isFinite(tsMs) || !Number.isFinite(tempC)) continue;
    if (!byDevice.has(deviceId)) byDevice.set(deviceId, []);
    byDevice.get(deviceId).push({ tsMs, tempC });
  }
  return [...byDevice.entries()].map(([deviceId, points]) => ({
    deviceId,
    points: points.sort((a, b) => a.tsMs - b.tsMs),
  }));
}

function parseCsv(text) {
  if (typeof text !== 'string') return [];
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  if (lines.length < 2) return [];
  const head = lines[0].split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}

function shade(u, band, excursions) {
  const { ctx, bbox } = u;
  ctx.save();
  if (band.minC !== undefined || band.maxC !== undefined) {
    const top = band.maxC === undefined ? bbox.top : u.valToPos(band.maxC, 'y', true);
    const bottom = band.minC === undefined ? bbox.top + bbox.height : u.valToPos(band.minC, 'y', true);
    const y0 = Math.max(bbox.top, Math.min(top, bottom));
    const y1 = Math.min(bbox.top + bbox.height, Math.max(top, bottom));
    ctx.fillStyle = 'rgba(11, 110, 46, 0.13)';
    if (y1 > y0) ctx.fillRect(bbox.left, y0, bbox.width, y1 - y0);
  }
  ctx.fillStyle = 'rgba(163, 0, 27, 0.22)';
  for (const ex of excursions) {
    const x0 = Math.max(bbox.left, u.valToPos(ex.fromMs / 1000, 'x', true));
    const x1 = Math.min(bbox.left + bbox.width, u.valToPos(ex.toMs / 1000, 'x', true));
    ctx.fillRect(x0, bbox.top, Math.max(3, x1 - x0), bbox.height);
  }
  ctx.restore();
}

/** The most extreme reading of each excursion: farthest from the band, on its own logger. */
export function peaksOf(series, band, excursions) {
  const distance = (c) =>
    band.maxC !== undefined && c > band.maxC ? c - band.maxC : band.minC !== undefined ? band.minC - c : -c;
  const out = [];
  for (const ex of excursions) {
    let peak;
    for (const s of series) {
      if (ex.deviceId && s.deviceId && s.deviceId !== ex.deviceId) continue;
      for (const p of s.points)
        if (p.tsMs >= ex.fromMs && p.tsMs <= ex.toMs && (!peak || distance(p.tempC) > distance(peak.tempC)))
          peak = p;
    }
    if (peak) out.push(peak);
  }
  return out;
}

/** Dashed, labelled limit lines and the labelled peaks, drawn over the lines. */
function annotate(u, band, peaks) {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.font = `bold ${12 * px}px system-ui, sans-serif`;
  ctx.strokeStyle = '#a3001b';
  ctx.fillStyle = '#a3001b';
  ctx.lineWidth = 1.5 * px;
  ctx.setLineDash([6 * px, 4 * px]);
  for (const [c, key] of [
    [band.maxC, 'chart.limit.max'],
    [band.minC, 'chart.limit.min'],
  ]) {
    if (c === undefined) continue;
    const y = u.valToPos(c, 'y', true);
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    const above = key === 'chart.limit.max';
    haloText(ctx, t(key, { c }), bbox.left + bbox.width - 4 * px, above ? y - 4 * px : y + 14 * px, px);
  }
  ctx.setLineDash([]);
  ctx.textAlign = 'left';
  for (const p of peaks) {
    const x = u.valToPos(p.tsMs / 1000, 'x', true);
    const y = u.valToPos(p.tempC, 'y', true);
    ctx.beginPath();
    ctx.arc(x, y, 4 * px, 0, 2 * Math.PI);
    ctx.fill();
    const label = t('chart.peak', { c: p.tempC.toFixed(1) });
    const w = ctx.measureText(label).width;
    const lx = Math.min(x + 6 * px, bbox.left + bbox.width - w - 2 * px);
    haloText(ctx, label, lx, Math.max(bbox.top + 12 * px, y - 6 * px), px);
  }
  ctx.restore();
}

/** Text with a white outline under it: readable where it crosses the record's line or its points. */
function haloText(ctx, text, x, y, px) {
  ctx.save();
  ctx.setLineDash([]);
  ctx.lineJoin = 'round';
  ctx.lineWidth = 4 * px;
  ctx.strokeStyle = '#fff';
  ctx.strokeText(text, x, y);
  ctx.restore();
  ctx.fillText(text, x, y);
}

/** The y axis' own ticks, with one at each limit (those too close to a limit make room for it). */
function ySplits(band) {
  return (_u, _axis, min, max, incr) => {
    const limits = [band.minC, band.maxC].filter((c) => c !== undefined && c >= min && c <= max);
    const out = [];
    for (let v = Math.ceil(min / incr) * incr; v <= max; v += incr) {
      const r = Math.round(v * 1000) / 1000;
      if (limits.every((l) => Math.abs(r - l) > incr * 0.35)) out.push(r);
    }
    return [...out, ...limits].sort((a, b) => a - b);
  };
}

/** 24-hour site time for the x axis, with the date under each tick ("14:30\n11-26"). */
function axisTime(seconds) {
  const [date, time] = siteTime(seconds * 1000, { label: false }).split(' ');
  return `${time.slice(0, 5)}\n${date.slice(5)}`;
}

/**
 * Draws the chart into `container` (emptied first); returns the uPlot instance or null when there
 * is nothing to draw.
 */
export function drawChart(container, { series, band = {}, excursions = [], yLabel = '°C' }) {
  container.innerHTML = '';
  const withPoints = series.filter((s) => s.points.length > 0);
  if (withPoints.length === 0) return null;
  const tables = withPoints.map((s) => [s.points.map((p) => p.tsMs / 1000), s.points.map((p) => p.tempC)]);
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  const zone = state.site.timeZone;
  const temps = withPoints.flatMap((s) => s.points.map((p) => p.tempC));
  const limits = [band.minC, band.maxC].filter((v) => v !== undefined);
  const lo = Math.min(...temps, ...limits);
  const hi = Math.max(...temps, ...limits);
  const margin = Math.max(1, (hi - lo) * 0.1);
  const width = Math.max(300, container.clientWidth - 10);
  const peaks = peaksOf(withPoints, band, excursions);
  const opts = {
    width,
    height: 300,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), zone),
    scales: { x: { time: true }, y: { range: [lo - margin, hi + margin] } },
    series: [
      // the page says the zone once, at its top
      {
        label: t('page.chart.time'),
        value: (_u, v) => (v == null ? '' : siteTime(v * 1000, { label: false })),
      },
      ...withPoints.map((s, i) => ({
        label: s.deviceId || `#${i + 1}`,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        paths: uPlot.paths.stepped({ align: 1 }),
        value: (_u, v) => (v == null ? '' : `${v.toFixed(1)} °C`),
      })),
    ],
    axes: [
      { label: t('page.chart.time'), values: (_u, splits) => splits.map(axisTime), space: 70 },
      { label: yLabel, splits: ySplits(band), size: 56 },
    ],
    hooks: {
      drawClear: [(u) => shade(u, band, excursions)],
      draw: [(u) => annotate(u, band, peaks)],
    },
  };
  return new uPlot(opts, data, container);
}
