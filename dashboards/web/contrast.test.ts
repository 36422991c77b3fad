import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * WCAG 2.1 AA: text needs a contrast ratio of at least 4.5:1 against its background. The pages'
 * colours are CSS variables in app.css; each pair the pages put together is checked here.
 */
function luminance(hex: string): number {
  const n = hex.replace('#', '');
  const full = n.length === 3 ? [...n].map((c) => c + c).join('') : n;
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('colour contrast of the pages (WCAG AA)', () => {
  it('computes the known ratio of black on white', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('keeps every text/background pair of app.css at 4.5:1 or more', async () => {
    const css = await readFile(new URL('./public/css/app.css', import.meta.url), 'utf8');
    const vars = Object.fromEntries(
      [...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)].map((m) => [m[1]!, m[2]!]),
    );
    const v = (name: string) => {
      const value = vars[name];
      if (!value) throw new Error(`--${name} is not declared in app.css`);
      return value;
    };
    const header = /header\.app \{[^}]*background:\s*(#[0-9a-fA-F]{6})/.exec(css)?.[1];
    expect(header).toBeDefined();
    const pairs: [string, string, string][] = [
      ['body text', v('ink'), v('bg')],
      ['muted text', v('muted'), v('bg')],
      ['muted text on panels', v('muted'), v('panel')],
      ['links', v('link'), v('bg')],
      ['PASS banner', '#ffffff', v('pass')],
      ['DEVIATION banner', '#ffffff', v('dev')],
      ['pass tags', v('pass'), v('pass-bg')],
      ['deviation tags and errors', v('dev'), v('dev-bg')],
      ['pending tags', v('warn'), v('warn-bg')],
      ['header', '#ffffff', header!],
    ];
    const failing = pairs
      .map(([what, fg, bg]) => ({ what, ratio: Math.round(contrastRatio(fg, bg) * 100) / 100 }))
      .filter((p) => p.ratio < 4.5);
    expect(failing).toEqual([]);
  });
});
