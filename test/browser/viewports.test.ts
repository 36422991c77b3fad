import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from './browser.js';
import { type PageLocale, type PagesFixture, seedPages, useLocale } from './pages-fixture.js';
import { ADMIN_KEY, type Stack, startStack } from './stack.js';

/**
 * Board, handover, alerts and the printable report at a phone (390 px), a tablet at the door
 * (768 px) and a desk (1280 px), zh-CN and en: the page never scrolls sideways, and a full-page
 * screenshot of each is kept in test-artifacts/viewports/ for a person to look at.
 */
const run = Date.now().toString(36);
const WIDTHS = [390, 768, 1280] as const;
const LOCALES: PageLocale[] = ['zh-CN', 'en'];
const ARTIFACTS = path.resolve('test-artifacts/viewports');

async function keep(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * The outermost elements that stick out of the window sideways (tag#id.class), none when the page
 * fits its width.
 */
function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // content scrolled inside its own box (a wide table in a scroller) does not widen the page
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    const limit = window.innerWidth + 1;
    const sticksOut = (e: Element) => e.getBoundingClientRect().right > limit;
    return Array.from(document.body.querySelectorAll('*'))
      .filter((e) => sticksOut(e) && !(e.parentElement && sticksOut(e.parentElement)))
      .map((e) => {
        const within = e.parentElement?.closest('[id]')?.id;
        const classes = Array.from(e.classList)
          .map((c) => `.${c}`)
          .join('');
        const right = Math.round(e.getBoundingClientRect().right);
        return `${within ? `#${within} ` : ''}${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes} to ${right} px`;
      });
  });
}

describe('pages at 390, 768 and 1280 px', () => {
  let stack: Stack;
  let browser: Browser;
  let fixture: PagesFixture;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    fixture = await seedPages(stack, run);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const locale of LOCALES) {
    for (const width of WIDTHS) {
      it(`${locale} at ${width} px`, { timeout: 120_000 }, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale });
        await useLocale(context, locale);
        const page = await context.newPage();
        const overflow: Record<string, string[]> = {};
        const look = async (name: string) => {
          overflow[name] = await sidewaysOverflow(page);
          await keep(page, `${name}-${locale}-${width}`);
        };

        // an administrator sees every page and may record the receipt (the form is on the handover page)
        await logIn(page, stack.baseUrl, ADMIN_KEY, '/board');
        await page
          .locator(`li[data-unit="FRIDGE-WARM-${run}"][data-status="alarm"]`)
          .waitFor({ timeout: 30_000 });
        await page.locator('#alerts tr[data-code]').first().waitFor({ timeout: 30_000 });
        await look('board');

        await page.goto(`${stack.baseUrl}/alerts`);
        await page.locator('#alerts tr[data-alert] a.alert-words').first().click();
        await page.locator('#detail-history li').first().waitFor();
        await look('alerts');

        for (const [name, id] of [
          ['handover-deviation', fixture.deviationId],
          ['handover-received', fixture.receivedId],
        ] as const) {
          await page.goto(`${stack.baseUrl}/handover?id=${id}`);
          await page.locator('#banner[data-status="deviation"]').waitFor();
          await page.locator('#chart canvas').first().waitFor();
          await look(name);
        }

        await context.setExtraHTTPHeaders({ authorization: `Bearer ${ADMIN_KEY}` });
        await page.goto(`${stack.baseUrl}/api/v1/shipments/${fixture.receivedId}/report?lang=${locale}`);
        await look('report');

        expect(overflow).toEqual({
          board: [],
          alerts: [],
          'handover-deviation': [],
          'handover-received': [],
          report: [],
        });
        await context.close();
      });
    }
  }
});
