import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, signIn, watchErrors } from './browser.js';
import { ADMIN_KEY, type Stack, startStack } from './stack.js';

/**
 * The ward page and the product timeline (issue 16) in headless Chromium, at a phone's width at the
 * bedside (390 px) and a desk screen (1280 px), in zh-CN and en: each product's clock (time left,
 * nearly due, overtime in red), the products in storage, a step recorded with the button and signed
 * by the person signed in; the timeline with every step, who signed, the unit, site-zone times.
 * Screenshots in test-artifacts/.
 */
const MIN = 60_000;
const run = Date.now().toString(36);
const SITE = 'Shanghai Ruijin Hospital cell therapy unit';
const ARTIFACTS = path.resolve('test-artifacts');
const nurse = { login: `nurse.zhou.${run}`, name: 'Zhou Min', password: 'ward nurse password 9' };
const id = (name: string) => `${name}-${run}`;
const TANK = id('TANK');
const TANK2 = id('TANK2');

describe('ward page and product timeline', () => {
  let stack: Stack;
  let browser: Browser;
  const iso = (ms: number) => new Date(ms).toISOString();
  const signature = { login: nurse.login, password: nurse.password };

  /** a product stored 3 h before `thawFinishedMs`, taken out and thawed; signed by the nurse */
  async function thawed(
    productId: string,
    thawFinishedMs: number,
    o: { move?: boolean; finish?: boolean } = {},
  ) {
    await stack.admin('POST', `/storage-units/${TANK}/items`, {
      id: productId,
      product: { name: 'CAR-T 细胞注射液', batch: 'B2026-1202', cellType: 'CAR-T', quantity: 1 },
      profileId: id('P'),
      storedAt: iso(thawFinishedMs - 180 * MIN),
      signature,
    });
    let unit = TANK;
    if (o.move) {
      await stack.admin('POST', `/storage-units/${TANK}/items/${productId}/move`, {
        toUnitId: TANK2,
        at: iso(thawFinishedMs - 120 * MIN),
        signature,
      });
      unit = TANK2;
    }
    await stack.admin('POST', `/storage-units/${unit}/items/${productId}/remove`, {
      purpose: 'use',
      at: iso(thawFinishedMs - 15 * MIN),
      signature,
    });
    await stack.admin('POST', `/products/${productId}/thaw-started`, {
      at: iso(thawFinishedMs - 10 * MIN),
      signature,
    });
    if (o.finish !== false)
      await stack.admin('POST', `/products/${productId}/thaw-finished`, {
        at: iso(thawFinishedMs),
        signature,
      });
  }

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
    const admin = { id: 'test', name: 'browser test' };
    const person = await stack.records.users.create(
      {
        login: nurse.login,
        printedName: nurse.name,
        email: 'zhou@ruijin.example',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: SITE },
        initialPassword: 'first password of zhou',
      },
      admin,
    );
    await stack.records.users.changePassword(person.user.id, nurse.password, admin);
    await stack.admin('POST', '/profiles', {
      id: id('P'),
      name: 'CAR-T cryopreserved',
      storageMode: 'ln2_vapor',
      maxTransportMinutes: 600,
      containerTypes: ['ln2_dry_shipper'],
      maxGapMinutes: 30,
      storageLimitDays: 365,
      postThawUseMinutes: 30,
      thaw: { tempMinC: 36, tempMaxC: 38, method: 'water_bath' },
    });
    for (const [unit, name] of [
      [TANK, '病区液氮罐 1'],
      [TANK2, '病区液氮罐 2'],
    ] as const) {
      await stack.admin('POST', '/devices', {
        id: `${unit}-S`,
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
      await stack.admin('POST', '/storage-units', {
        id: unit,
        name,
        storageMode: 'ln2_vapor',
        alarmDelayMinutes: 15,
        deviceIds: [`${unit}-S`],
        site: SITE,
      });
      const readings = [];
      for (let ms = Date.now() - 5 * 60 * MIN, seq = 0; ms < Date.now() - MIN; ms += 5 * MIN, seq++)
        readings.push({ deviceId: `${unit}-S`, tsMs: ms, seq, tempC: -186 + (seq % 3) });
      await stack.readings.writeReadings(readings);
    }
    const now = Date.now();
    await thawed(id('BAG-OK'), now - 5 * MIN); // 25 min left
    await thawed(id('BAG-DUE'), now - 26 * MIN); // past 80 %: nearly due
    await thawed(id('BAG-OVER'), now - 42 * MIN); // over by 12 min: do not use
    await thawed(id('BAG-THAWING'), now + 10 * MIN, { finish: false }); // in the bath now
    await stack.admin('POST', `/storage-units/${TANK}/items`, {
      id: id('BAG-STORED'),
      product: { name: 'CAR-T 细胞注射液', batch: 'B2026-1203', cellType: 'CAR-T', quantity: 1 },
      profileId: id('P'),
      signature,
    });
    // a whole journey: stored, moved, out, thawed, infused in time
    await thawed(id('BAG-DONE'), now - 20 * MIN, { move: true });
    await stack.admin('POST', `/products/${id('BAG-DONE')}/infused`, {
      at: iso(now - 10 * MIN),
      productIdentifier: id('BAG-DONE'),
      patientCode: 'MRN-0042137',
      signature,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(
    width: number,
    locale: 'zh-CN' | 'en',
    next: string,
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale });
    await context.addInitScript((l) => localStorage.setItem('coldtrace.locale', l), locale);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, ADMIN_KEY, next);
    return { page, errors };
  }
  const noSideScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [390, 1280]) {
      it(`ward page at ${width} px in ${locale}: time left, nearly due, overtime in red, storage`, {
        timeout: 60_000,
      }, async () => {
        const { page, errors } = await open(width, locale, '/ward');
        const card = (name: string) => page.locator(`li[data-product="${id(name)}"]`);
        await card('BAG-OVER').waitFor();
        expect(await card('BAG-OK').getAttribute('class')).toContain('ok');
        expect(await card('BAG-DUE').getAttribute('class')).toContain('warning');
        expect(await card('BAG-OVER').getAttribute('class')).toContain('over');
        const overText = (await card('BAG-OVER').locator('.clock .left').textContent()) ?? '';
        expect(overText).toMatch(
          locale === 'zh-CN' ? /^已超时 00:1\d:\d\d：不应使用$/ : /^over by 00:1\d:\d\d: do not use$/,
        );
        // red: the catalogue's deviation colour on the overtime clock
        expect(
          await card('BAG-OVER')
            .locator('.clock .left')
            .evaluate((e) => getComputedStyle(e).color),
        ).toBe('rgb(163, 0, 27)');
        expect(await card('BAG-OK').locator('.clock .left').textContent()).toMatch(
          locale === 'zh-CN' ? /^剩余 00:2[45]:\d\d$/ : /^00:2[45]:\d\d left$/,
        );
        // the most urgent first
        const order = await page
          .locator('#out li.product')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-product')));
        expect(order.indexOf(id('BAG-OVER'))).toBeLessThan(order.indexOf(id('BAG-OK')));
        expect(await card('BAG-OK').textContent()).toContain('(Asia/Shanghai, UTC+08:00)');
        await page.locator(`#stored li[data-product="${id('BAG-STORED')}"]`).waitFor();
        expect(await page.locator('#out').textContent()).not.toContain(id('BAG-DONE'));
        expect(await noSideScroll(page), 'no sideways scrolling').toBe(true);
        await page.screenshot({ path: path.join(ARTIFACTS, `ward-${locale}-${width}.png`), fullPage: true });
        expect(errors).toEqual([]);
        await page.context().close();
      });

      it(`timeline page at ${width} px in ${locale}: every step, who signed, the unit, site-zone times`, {
        timeout: 60_000,
      }, async () => {
        const { page, errors } = await open(width, locale, `/timeline?id=${id('BAG-DONE')}`);
        await page.locator('#entries li.entry').first().waitFor();
        const kinds = await page
          .locator('#entries > li')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
        expect(kinds).toEqual([
          'stored',
          'storage',
          'moved',
          'storage',
          'removed',
          'thaw_started',
          'thaw_finished',
          'infused',
        ]);
        for (const kind of ['stored', 'moved', 'removed', 'thaw_started', 'thaw_finished', 'infused']) {
          const sig = page.locator(`#entries > li[data-kind="${kind}"] ul.signatures li`);
          expect(await sig.count(), kind).toBe(1);
          expect(await sig.textContent()).toContain(nurse.name);
        }
        const text = (await page.locator('#entries').textContent()) ?? '';
        expect(text).toContain(TANK);
        expect(text).toContain(TANK2);
        expect(text).toContain('MRN-0042137');
        for (const when of await page.locator('#entries .when').allTextContents())
          expect(when).toMatch(/\(Asia\/Shanghai, UTC\+08:00\)$/);
        expect(await page.locator('#state .word').textContent()).toBe(
          locale === 'zh-CN' ? '已输注' : 'infused',
        );
        expect(await page.locator('h1').textContent()).toContain(
          locale === 'zh-CN' ? '产品时间线' : 'Product timeline',
        );
        expect(await noSideScroll(page), 'no sideways scrolling').toBe(true);
        await page.screenshot({
          path: path.join(ARTIFACTS, `timeline-${locale}-${width}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('a nurse signed in records "thaw finished" with the button, signing with her password', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, stack.baseUrl, nurse.login, nurse.password, '/ward');
    const card = page.locator(`li[data-product="${id('BAG-THAWING')}"]`);
    await card.locator('button[data-action="thaw-finished"]').click();
    await card.locator('input[type="password"]').fill(nurse.password);
    await card.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#done').textContent()).toContain('复苏完成');
    await expect.poll(() => card.locator('.tag').first().textContent()).toBe('已复苏');
    const view = (await stack.admin('GET', `/products/${id('BAG-THAWING')}`)) as {
      events: { kind: string; signatures: { printedName: string }[] }[];
    };
    expect(view.events.at(-1)).toMatchObject({
      kind: 'thaw_finished',
      signatures: [{ printedName: nurse.name }],
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ward-step-zh-CN-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
