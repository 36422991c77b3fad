import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../services/domain/messages/catalog.js';
import { launchBrowser, logIn, openKeyLogin, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, readingsBetween, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * Handover at the receiving door, through the page in headless Chromium: scan (type + Enter), see
 * PASS or DEVIATION with the findings and the record, fill the 8.1.3 / 8.1.4 / 8.1.7 checklist,
 * confirm, get the final verdict and open the printable report.
 */
const HOUR = 3_600_000;
const run = Date.now().toString(36);
const PASS_ID = `SHP-PASS-${run}`;
const DEV_ID = `SHP-DEV-${run}`;
const KEY_ID = `SHP-KBD-${run}`;

describe('handover page', () => {
  let stack: Stack;
  let browser: Browser;
  let receiverKey: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    receiverKey = await stack.keyFor('receiver');
    const nowMs = Date.now();
    const dispatchedMs = nowMs - 3 * HOUR;
    await stack.admin('POST', '/profiles', profileBody(`P-${run}`));
    for (const [shipmentId, loggerId] of [
      [PASS_ID, `LOG-P-${run}`],
      [DEV_ID, `LOG-D-${run}`],
      [KEY_ID, `LOG-K-${run}`],
    ] as const) {
      await stack.admin('POST', '/devices', deviceBody(loggerId));
      await stack.admin('POST', '/shipments', shipmentBody(shipmentId, `P-${run}`, loggerId));
      await stack.admin('POST', `/shipments/${shipmentId}/dispatch`, {
        at: new Date(dispatchedMs).toISOString(),
      });
      // 8.1.5: the deviating shipment's logger read 9.6 °C for 25 minutes half-way
      const excursion =
        shipmentId === DEV_ID
          ? { startMs: dispatchedMs + 1.5 * HOUR, endMs: dispatchedMs + 1.5 * HOUR + 25 * 60_000 }
          : undefined;
      await stack.readings.writeReadings(
        readingsBetween(loggerId, dispatchedMs - 60_000, nowMs - 1_000, excursion),
      );
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function scan(page: Page, id: string): Promise<void> {
    const input = page.getByLabel('扫描或输入运单号');
    await input.fill(id);
    await input.press('Enter'); // a barcode scanner types the id and presses Enter
    await page.locator('#banner[data-status]').waitFor();
  }

  async function fillReceipt(page: Page, answers: 'all-ok' | { packagingOk: false }): Promise<void> {
    // 8.1.3: the shipment declares a fresh product, so the page asks for its state, showing what is expected
    expect(await page.locator('#legend-stateOk').textContent()).toContain('应为新鲜');
    for (const name of ['quantityOk', 'labelOk', 'documentsOk', 'packagingOk', 'appearanceOk', 'stateOk']) {
      const ok = answers === 'all-ok' || name !== 'packagingOk';
      await page.locator(`input[name="${name}"][value="${ok ? 'yes' : 'no'}"]`).check();
    }
    await page.getByLabel('接收人员姓名（8.1.7）').fill('王芳');
    await page.getByLabel('复核人员姓名').fill('李明');
  }

  it('passes a shipment kept in range, records the receipt and opens the report', {
    timeout: 60_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    await scan(page, PASS_ID);
    // a receiver is not offered the QA alerts page (the ward's page is theirs: issue 16)
    expect(await page.locator('header nav a').allTextContents()).toEqual(['交接验收', '实时看板', '病区']);

    await expect.poll(() => page.locator('#verdict-word').textContent()).toBe('通过');
    expect(await page.locator('#banner').getAttribute('class')).toContain('pass');
    expect(await page.locator('#findings').textContent()).toContain('未发现问题');
    // the chart with its band, and times in the site zone, labelled
    await page.locator('#chart canvas').first().waitFor();
    expect(await page.locator('#band-note').textContent()).toContain('允许范围 2 °C 至 8 °C');
    expect(await page.locator('#transport-text').textContent()).toMatch(/3 小时( \d 分钟)? \/ 最长 8 小时$/);
    // the zone is said once, at the top of the page; the times below are not labelled again
    expect(await page.locator('.site-zone').textContent()).toContain('Asia/Shanghai, UTC+08:00');
    for (const part of ['#banner', '#facts', '#findings', '#transport', '#chart'])
      expect(await page.locator(part).textContent()).not.toContain('Asia/Shanghai');
    // human names, not the contract's codes
    expect(await page.locator('[data-fact="container"]').textContent()).toBe('2–8 °C 被动冷链箱');
    expect(await page.locator('[data-fact="storageMode"]').textContent()).toBe('冷藏（2–8 °C）');
    await screenshot(page, 'handover-pass-provisional');

    await fillReceipt(page, 'all-ok');
    await page.getByRole('button', { name: '确认接收并记录' }).click();
    await page.locator('#recorded').waitFor({ state: 'visible' });
    expect(await page.locator('#banner').textContent()).toContain('最终结论');
    expect(await page.locator('#verdict-word').textContent()).toBe('通过');
    await screenshot(page, 'handover-pass-final');

    // the receipt is on record as the receiver entered it (8.1.7)
    const recorded = (await stack.admin('GET', `/shipments/${PASS_ID}/receipt`)) as {
      receipt: { receiverName: string; verifierName?: string; checks: Record<string, boolean> };
      verdict: { status: string; final: boolean };
    };
    expect(recorded.receipt.receiverName).toBe('王芳');
    expect(recorded.receipt.verifierName).toBe('李明');
    expect(recorded.receipt.checks).toMatchObject({ stateOk: true });
    expect(Object.values(recorded.receipt.checks).every(Boolean)).toBe(true);
    expect(recorded.verdict).toMatchObject({ status: 'pass', final: true });

    // the printable report opens in a new tab, fetched with the key
    const [report, popup] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/shipments/${PASS_ID}/report`)),
      context.waitForEvent('page'),
      page.getByRole('button', { name: '打开可打印报告' }).click(),
    ]);
    expect(report.status()).toBe(200);
    expect(report.url()).toContain('lang=zh-CN');
    await popup.waitForURL(/^blob:/);
    await popup.waitForLoadState();
    expect(await popup.locator('body').textContent()).toContain(PASS_ID);
    await screenshot(popup, 'handover-pass-report');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a deviation with its finding and clause, and records a failed packaging check', {
    timeout: 60_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    await scan(page, DEV_ID);

    await expect.poll(() => page.locator('#verdict-word').textContent()).toBe('偏差');
    const finding = page.locator('#findings li[data-code="TEMP_OUT_OF_RANGE"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('条款 7.7');
    // the plain statement of the rules the finding and the check apply (docs/rules.md R11, R3)
    expect(await finding.locator('.rule').textContent()).toBe(
      `规则 R11：${t('zh-CN', 'rule.R11')}规则 R3：${t('zh-CN', 'rule.R3')}`,
    );
    const rangeCheck = page.locator('#checks li[data-check="temperature_in_range"] .rule');
    expect(await rangeCheck.textContent()).toContain(`规则 R1：${t('zh-CN', 'rule.R1')}`);
    expect(await page.locator('#banner').textContent()).toContain('8.1.6');
    await page.locator('#chart canvas').first().waitFor();
    expect(await page.locator('#chart').getAttribute('aria-label')).toMatch(/最高 9\.6 °C，超温时段 1 个/);
    await screenshot(page, 'handover-deviation-provisional');

    // on a deviation the receipt form comes before the chart, and says what confirming does
    const formAboveChart = await page.evaluate(
      () =>
        (document
          .getElementById('receipt-section')!
          .compareDocumentPosition(document.getElementById('chart')!) &
          Node.DOCUMENT_POSITION_FOLLOWING) !==
        0,
    );
    expect(formAboveChart).toBe(true);
    expect(await page.locator('#receipt-consequence').textContent()).toMatch(
      /产品将被隔离.*通知制备厂商质量部门/,
    );
    await fillReceipt(page, { packagingOk: false });
    await page.getByRole('button', { name: '确认接收并隔离产品' }).click();
    await page.locator('#recorded').waitFor({ state: 'visible' });
    expect(await page.locator('#verdict-word').textContent()).toBe('偏差');
    await page.locator('#findings li[data-code="RECEIPT_CHECK_FAILED"]').waitFor();
    await screenshot(page, 'handover-deviation-final');

    const shipment = (await stack.admin('GET', `/shipments/${DEV_ID}`)) as { status: string };
    expect(shipment.status).toBe('quarantined');
    // 8.1.6: the page says the product is quarantined
    expect(await page.locator('[data-fact="shipmentStatus"]').textContent()).toContain('已隔离');
    // and who was told
    expect(await page.locator('#after-receipt').textContent()).toMatch(
      /产品已隔离.*已通过邮件通知制备厂商质量部门：\S+@/,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches to English and remembers the choice', { timeout: 60_000 }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    expect(await page.locator('h1').textContent()).toBe('交接验收');
    await page.getByLabel('语言').selectOption('en');
    await page.waitForLoadState('load');
    await page.locator('body.ready').waitFor();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Handover');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // remembered: another page of the same browser opens in English
    await page.goto(`${stack.baseUrl}/handover?id=${PASS_ID}`);
    await page.locator('#banner[data-status]').waitFor();
    expect(await page.locator('#verdict-word').textContent()).toBe('PASS');
    expect(await page.locator('#banner').textContent()).toContain('Final verdict');
    expect(await page.locator('#checks li[data-check="temperature_in_range"] .rule').textContent()).toContain(
      `Rule R11: ${t('en', 'rule.R11')}`,
    );
    expect(await page.locator('#recorded-by').textContent()).toContain('王芳');
    expect(await page.getByLabel('Language').inputValue()).toBe('en');
    await screenshot(page, 'handover-english');
    await context.close();
  });

  it('works with the keyboard alone, every control labelled', { timeout: 60_000 }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // a wrong key is refused on the log-in page itself
    await page.goto(`${stack.baseUrl}/login`);
    await openKeyLogin(page);
    await page.getByLabel('API 密钥').fill('not-a-key-of-this-site');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#error').textContent()).toBe('密钥无效。');
    await screenshot(page, 'login-refused');
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    // the scan field has the focus when the page opens: a scanner can type straight away
    await page.keyboard.type(KEY_ID);
    await page.keyboard.press('Enter');
    await page.locator('#banner[data-status="pass"]').waitFor();

    const unlabelled = await page.$$eval('input, select, textarea', (els) =>
      els
        .filter((e) => {
          const c = e as HTMLInputElement;
          return !c.labels?.length && !c.getAttribute('aria-label');
        })
        .map((e) => e.id || (e as HTMLInputElement).name),
    );
    expect(unlabelled).toEqual([]);

    const focused = () =>
      page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');
    for (let i = 0; i < 40 && (await focused()) !== 'quantityOk'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('quantityOk');
    for (const name of ['quantityOk', 'labelOk', 'documentsOk', 'packagingOk', 'appearanceOk', 'stateOk']) {
      expect(await focused()).toBe(name);
      await page.keyboard.press('Space'); // the focused answer is "OK"
      await page.keyboard.press('Tab');
    }
    expect(await focused()).toBe('receiverName');
    await page.keyboard.type('张伟');
    await page.keyboard.press('Tab');
    await page.keyboard.type('赵丽');
    await page.keyboard.press('Tab'); // notes
    await page.keyboard.press('Tab'); // confirm
    await page.keyboard.press('Enter');
    await page.locator('#recorded').waitFor({ state: 'visible' });
    const recorded = (await stack.admin('GET', `/shipments/${KEY_ID}/receipt`)) as {
      receipt: { receiverName: string; checks: Record<string, boolean> };
    };
    expect(recorded.receipt.receiverName).toBe('张伟');
    expect(Object.values(recorded.receipt.checks).every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
