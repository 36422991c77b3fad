import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { launchBrowser, logIn } from './browser.js';
import { type PageLocale, type PagesFixture, seedPages, useLocale } from './pages-fixture.js';
import { ADMIN_KEY, type Stack, startStack } from './stack.js';

/**
 * axe-core over every built-in page and the printable report, in both languages, with the data a
 * person sees on a working day (a deviation, an alarm, open alerts): no serious or critical
 * violation. The pages run under their own CSP (see axe.ts for how axe gets in).
 */
const run = Date.now().toString(36);
const LOCALES: PageLocale[] = ['zh-CN', 'en'];

describe('accessibility (axe-core)', () => {
  let stack: Stack;
  let browser: Browser;
  let fixture: PagesFixture;
  let keys: { qa: string; receiver: string };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    fixture = await seedPages(stack, run);
    keys = { qa: await stack.keyFor('qa'), receiver: await stack.keyFor('receiver') };
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(locale: PageLocale, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale });
    await useLocale(context, locale);
    return { context, page: await context.newPage() };
  }

  for (const locale of LOCALES) {
    it(`login page, ${locale}`, async () => {
      const { context, page } = await open(locale);
      await page.goto(`${stack.baseUrl}/login`);
      await page.locator('body.ready').waitFor();
      await page.locator('details.key-login > summary').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await context.close();
    });

    it(`live board with an alarm and open alerts, ${locale}`, { timeout: 60_000 }, async () => {
      const { context, page } = await open(locale);
      await logIn(page, stack.baseUrl, keys.qa, '/board');
      await page
        .locator(`li[data-unit="FRIDGE-WARM-${run}"][data-status="alarm"]`)
        .waitFor({ timeout: 30_000 });
      await page.locator('#alerts tr[data-code]').first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await context.close();
    });

    it(`storage unit page with its status and daily report, ${locale}`, { timeout: 60_000 }, async () => {
      const { context, page } = await open(locale);
      await logIn(page, stack.baseUrl, keys.qa, `/storage?id=FRIDGE-WARM-${run}`);
      await page.locator('#verdict[data-status="alarm"]').waitFor({ timeout: 30_000 });
      await page.locator('#days-table tbody tr').first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await context.close();
    });

    it(`QA alerts with one alert opened, ${locale}`, { timeout: 60_000 }, async () => {
      const { context, page } = await open(locale);
      await logIn(page, stack.baseUrl, keys.qa, '/alerts');
      const link = page.locator('#alerts tr[data-alert] a.alert-words').first();
      await link.waitFor({ timeout: 30_000 });
      await link.click();
      await page.locator('#detail-history li').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await context.close();
    });

    it(`handover of a deviation in transit and of a received one, ${locale}`, {
      timeout: 60_000,
    }, async () => {
      const { context, page } = await open(locale);
      await logIn(page, stack.baseUrl, keys.receiver, '/handover');
      for (const id of [fixture.deviationId, fixture.receivedId]) {
        await page.goto(`${stack.baseUrl}/handover?id=${id}`);
        await page.locator('#banner[data-status="deviation"]').waitFor();
        await page.locator('#chart canvas').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
        expect(await seriousAxeViolations(page), id).toEqual([]);
      }
      await context.close();
    });

    it(`printable report, ${locale}`, async () => {
      const { context, page } = await open(locale);
      await context.setExtraHTTPHeaders({ authorization: `Bearer ${ADMIN_KEY}` });
      const res = await page.goto(
        `${stack.baseUrl}/api/v1/shipments/${fixture.receivedId}/report?lang=${locale}`,
      );
      expect(res?.status()).toBe(200);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await context.close();
    });
  }
});
