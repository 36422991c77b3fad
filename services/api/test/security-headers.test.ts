import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../test/browser/browser.js';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';

/** Security headers (@fastify/helmet) on the API, the built-in pages and /docs, and both still work. */
describe('security headers', () => {
  let h: Harness;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHarness('pglite');
    baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
  });

  const directives = (csp: unknown) =>
    new Map(
      String(csp)
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.split(/\s+/)[0] ?? '', d.split(/\s+/).slice(1)]),
    );

  it('every answer (API, error, page, docs) carries CSP, nosniff, frame refusal and Referrer-Policy', async () => {
    const answers = await Promise.all([
      h.app.inject({ url: '/api/v1/shipments', headers: { authorization: `Bearer ${h.keys.qa}` } }),
      h.app.inject({ url: '/api/v1/shipments' }), // 401
      h.app.inject({ url: '/login' }),
      h.app.inject({ url: '/docs' }),
      h.app.inject({ url: '/healthz' }),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    }
    // the pages: no inline script, nothing from elsewhere; inline styles for the printable report
    const pages = directives(answers[2]?.headers['content-security-policy']);
    expect(pages.get('script-src')).toEqual(["'self'"]);
    expect(pages.get('script-src-attr')).toEqual(["'none'"]);
    expect(pages.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(pages.get('default-src')).toEqual(["'self'"]);
  });

  it('in Chromium, /docs renders the API under its CSP without a violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(e.message));
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('coldtrace API');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('in Chromium, the login page loads its module script and CSS without a violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(e.message));
    await page.goto(`${baseUrl}/login`);
    await page.locator('#login-name').waitFor();
    // app.css applied (not blocked): the page is not the browser's unstyled default
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toBe('');
    expect(violations).toEqual([]);
    // under the pages' policy an injected inline script does not run, an inline style (the
    // printable report's <style>, opened as a blob: page that inherits this policy) applies
    const injected = await page.evaluate(async () => {
      const w = window as unknown as { injectedRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.head.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { outline-color: rgb(1, 2, 3) }';
      document.head.append(style);
      await new Promise((r) => setTimeout(r, 50));
      return { ran: w.injectedRan === true, outline: getComputedStyle(document.body).outlineColor };
    });
    expect(injected).toEqual({ ran: false, outline: 'rgb(1, 2, 3)' });
    await page.close();
  });
});
