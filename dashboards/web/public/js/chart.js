// Temperature chart (uPlot, served from node_modules): one stepped line per logger (sample and hold,
// as the rule engine reads it), the allowed band shaded green, excursions shaded red.
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import { offsetLabel, siteTime, state } from './common.js';

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
  const firstMs = withPoints[0].points[0].tsMs;
  const opts = {
    width,
    height: 300,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), zone),
    scales: { x: { time: true }, y: { range: [lo - margin, hi + margin] } },
    series: [
      { label: `${zone} (${offsetLabel(firstMs)})`, value: (_u, v) => (v == null ? '' : siteTime(v * 1000)) },
      ...withPoints.map((s, i) => ({
        label: s.deviceId || `#${i + 1}`,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        paths: uPlot.paths.stepped({ align: 1 }),
        value: (_u, v) => (v == null ? '' : `${v.toFixed(1)} °C`),
      })),
    ],
    axes: [
      { label: `${zone} (${offsetLabel(firstMs)})`, values: (_u, splits) => splits.map(axisTime), space: 70 },
      { label: yLabel },
    ],
    hooks: { drawClear: [(u) => shade(u, band, excursions)] },
  };
  return new uPlot(opts, data, container);
}
