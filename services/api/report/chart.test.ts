import { describe, expect, it } from 'vitest';
import type { Finding } from '../../domain/contract.js';
import { layoutChart } from './chart.js';

describe('report chart layout', () => {
  it('keeps a one-reading spike among 10,000 readings and shades the excursion inside the plot', () => {
    const t0 = Date.parse('2026-11-20T00:00:00Z');
    const readings = Array.from({ length: 10_000 }, (_, i) => ({
      deviceId: 'L1',
      tsMs: t0 + i * 60_000,
      seq: i,
      tempC: i === 5_000 ? 15 : 5,
    }));
    const spike: Finding = {
      code: 'TEMP_OUT_OF_RANGE',
      clause: '7.7, 8.1.5',
      severity: 'critical',
      message: '',
      deviceId: 'L1',
      from: new Date(t0 + 5_000 * 60_000).toISOString(),
      to: new Date(t0 + 5_001 * 60_000).toISOString(),
    };
    const g = layoutChart({
      readings,
      deviceIds: ['L1'],
      fromMs: t0,
      toMs: t0 + 9_999 * 60_000,
      range: { minC: 2, maxC: 8 },
      findings: [spike],
      tickLabel: (ms) => new Date(ms).toISOString(),
      peakLabel: (c) => `peak ${c} °C`,
    });
    // dashed limit lines with a tick at each limit, the excursion's peak labelled
    expect(g.limits.map((l) => l.label)).toEqual(['2 °C', '8 °C']);
    expect(g.yTicks.map((tk) => tk.label)).toEqual(expect.arrayContaining(['2', '8']));
    for (const l of g.limits) expect(g.yTicks.find((tk) => tk.y === l.y)).toBeDefined();
    expect(g.peaks).toHaveLength(1);
    expect(g.peaks[0]!.label).toBe('peak 15 °C');
    const ys = g.series[0]!.points.map(([, y]) => y);
    expect(g.series[0]!.points.length).toBeLessThan(4 * g.plot.w);
    expect(Math.min(...ys)).toBeLessThan(g.band!.y); // the spike is drawn above the band
    expect(g.excursions).toHaveLength(1);
    const e = g.excursions[0]!;
    expect(e.x).toBeGreaterThan(g.plot.x + g.plot.w * 0.49);
    expect(e.x + e.w).toBeLessThan(g.plot.x + g.plot.w * 0.51);
  });
});
