import type { Finding, Reading } from '../../domain/contract.js';
import type { TempRange } from '../../domain/storage-modes.js';

/** A chart already laid out in its own coordinates, drawn by both the SVG and the PDF renderer. */
export interface ChartGeometry {
  width: number;
  height: number;
  plot: { x: number; y: number; w: number; h: number };
  /** the allowed band, clipped to the plot; absent when wholly outside the shown range */
  band?: { y: number; h: number };
  excursions: { x: number; w: number }[];
  series: { deviceId: string; color: string; points: [number, number][] }[];
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  /** the range's limits as dashed, labelled lines ("8 °C"); each also has its own y tick */
  limits: { y: number; label: string }[];
  /** each excursion's most extreme reading, marked and labelled */
  peaks: { x: number; y: number; label: string }[];
}

export const SERIES_COLORS = ['#1f5fbf', '#b8860b', '#2e8b57', '#8b2e8b', '#c0392b', '#16a085'];

/**
 * Lays out the temperature chart: each logger's line (min and max per pixel column, so a brief
 * excursion is never averaged away), the allowed band, and the excursions shaded (from the
 * verdict's TEMP_OUT_OF_RANGE findings). `tickLabel` formats a time in the site zone.
 */
export function layoutChart(opts: {
  readings: readonly Reading[];
  deviceIds: readonly string[];
  fromMs: number;
  toMs: number;
  range: TempRange;
  findings: readonly Finding[];
  tickLabel: (ms: number) => string;
  /** the label of an excursion's peak, e.g. "peak 9.6 °C" */
  peakLabel?: (tempC: number) => string;
  width?: number;
  height?: number;
}): ChartGeometry {
  const width = opts.width ?? 900;
  const height = opts.height ?? 300;
  const plot = { x: 56, y: 10, w: width - 66, h: height - 40 };
  const span = Math.max(1, opts.toMs - opts.fromMs);
  const temps = opts.readings.map((r) => r.tempC);
  const bandMin = Number.isFinite(opts.range.minC) ? opts.range.minC : undefined;
  const bandMax = Number.isFinite(opts.range.maxC) ? opts.range.maxC : undefined;
  const limits = [bandMin, bandMax].filter((v): v is number => v !== undefined);
  let lo = Math.min(...temps, ...limits);
  let hi = Math.max(...temps, ...limits);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 10];
  const pad = Math.max(1, (hi - lo) * 0.08);
  lo -= pad;
  hi += pad;
  const xOf = (ms: number) => plot.x + ((ms - opts.fromMs) / span) * plot.w;
  const yOf = (c: number) => plot.y + ((hi - c) / (hi - lo)) * plot.h;

  let band: ChartGeometry['band'];
  const top = yOf(Math.min(bandMax ?? hi, hi));
  const bottom = yOf(Math.max(bandMin ?? lo, lo));
  if (bottom > top) band = { y: top, h: bottom - top };

  const excursions = opts.findings
    .filter((f) => f.code === 'TEMP_OUT_OF_RANGE' && f.from)
    .map((f) => {
      const x0 = xOf(Math.max(opts.fromMs, Date.parse(f.from!)));
      const x1 = xOf(Math.min(opts.toMs, Date.parse(f.to ?? f.from!)));
      return { x: x0, w: Math.max(1.5, x1 - x0) };
    });

  const columns = Math.max(1, Math.round(plot.w));
  const series = opts.deviceIds.map((deviceId, i) => {
    const byColumn = new Map<number, { first: Reading; min: Reading; max: Reading; last: Reading }>();
    for (const r of opts.readings) {
      if (r.deviceId !== deviceId || r.tsMs < opts.fromMs || r.tsMs > opts.toMs) continue;
      const col = Math.min(columns - 1, Math.floor(((r.tsMs - opts.fromMs) / span) * columns));
      const c = byColumn.get(col);
      if (!c) byColumn.set(col, { first: r, min: r, max: r, last: r });
      else {
        if (r.tempC < c.min.tempC) c.min = r;
        if (r.tempC > c.max.tempC) c.max = r;
        c.last = r;
      }
    }
    const points: [number, number][] = [];
    for (const col of [...byColumn.keys()].sort((a, b) => a - b)) {
      const c = byColumn.get(col)!;
      const picks = [...new Set([c.first, c.min, c.max, c.last])].sort((a, b) => a.tsMs - b.tsMs);
      for (const r of picks) points.push([round(xOf(r.tsMs)), round(yOf(r.tempC))]);
    }
    return { deviceId, color: SERIES_COLORS[i % SERIES_COLORS.length]!, points };
  });

  // a tick at each limit; the regular ticks too close to one make room for it
  const ticks = niceTicks(lo, hi, 6);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : hi - lo;
  const kept = ticks.filter((v) => limits.every((l) => Math.abs(v - l) > step * 0.35));
  const yTicks = [...kept, ...limits]
    .sort((a, b) => a - b)
    .map((v) => ({ y: round(yOf(v)), label: String(v) }));
  const limitLines = limits.map((v) => ({ y: round(yOf(v)), label: `${v} °C` }));
  const peakLabel = opts.peakLabel ?? ((c: number) => `${c} °C`);
  const peaks = opts.findings.flatMap((f) => {
    if (f.code !== 'TEMP_OUT_OF_RANGE' || !f.from) return [];
    const fromMs = Date.parse(f.from);
    const toMs = Date.parse(f.to ?? f.from);
    let peak: Reading | undefined;
    const distance = (c: number) =>
      c > (bandMax ?? Number.POSITIVE_INFINITY) ? c - bandMax! : (bandMin ?? c) - c;
    for (const r of opts.readings) {
      if ((f.deviceId && r.deviceId !== f.deviceId) || r.tsMs < fromMs || r.tsMs > toMs) continue;
      if (!Number.isFinite(r.tempC)) continue;
      if (!peak || distance(r.tempC) > distance(peak.tempC)) peak = r;
    }
    if (!peak) return [];
    const tempC = Math.round(peak.tempC * 10) / 10;
    return [{ x: round(xOf(peak.tsMs)), y: round(yOf(peak.tempC)), label: peakLabel(tempC) }];
  });
  const xTicks = Array.from({ length: 5 }, (_, k) => {
    const ms = opts.fromMs + (span * k) / 4;
    return { x: round(xOf(ms)), label: opts.tickLabel(ms) };
  });
  return { width, height, plot, band, excursions, series, yTicks, xTicks, limits: limitLines, peaks };
}

const round = (v: number) => Math.round(v * 10) / 10;

function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}
