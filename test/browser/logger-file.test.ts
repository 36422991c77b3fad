import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * The handover page's "upload the logger's file" step in headless Chromium: a shipment whose logger
 * never touched MQTT shows no data, the receiver uploads the logger's CSV, the verdict turns to PASS;
 * a broken file is answered with the line and column, nothing kept.
 */
const MIN = 60_000;
const run = Date.now().toString(36);
const SHIPMENT = `SHP-FILE-${run}`;
const LOGGER = `LOG-F-${run}`;

describe('handover page: upload the logger file', () => {
  let stack: Stack;
  let browser: Browser;
  let receiverKey: string;
  const dispatchedMs = Math.floor((Date.now() - 60 * MIN) / MIN) * MIN;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    receiverKey = await stack.keyFor('receiver');
    await stack.admin('POST', '/profiles', profileBody(`P-F-${run}`));
    await stack.admin('POST', '/devices', deviceBody(LOGGER));
    await stack.admin('POST', '/shipments', shipmentBody(SHIPMENT, `P-F-${run}`, LOGGER));
    await stack.admin('POST', `/shipments/${SHIPMENT}/dispatch`, {
      at: new Date(dispatchedMs).toISOString(),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a CSV uploaded on the page fills the record and the verdict; a broken one names its line', {
    timeout: 90_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    const input = page.getByLabel('扫描或输入运单号');
    await input.fill(SHIPMENT);
    await input.press('Enter');
    await page.locator('#banner[data-status]').waitFor();
    expect(await page.locator('#verdict-word').textContent()).not.toBe('通过');
    await page.locator('#logger-file-device option').first().waitFor({ state: 'attached' });
    expect(await page.locator('#logger-file-device').inputValue()).toBe(LOGGER);

    const broken = 'time,temp_c\n2026-11-30T00:00:00Z,4\n2026-11-30T00:05:00Z,warm\n';
    await page
      .locator('#logger-file-input')
      .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: '上传并加入温度记录' }).click();
    await page.locator('#logger-file-error').waitFor({ state: 'visible' });
    expect(await page.locator('#logger-file-error').textContent()).toContain('line 3, column 2 (temp_c)');
    expect(await page.locator('#logger-file-error').textContent()).toContain('未保存任何数据');
    await screenshot(page, 'handover-logger-file-refused');

    // the logger's own export: local time in the header, a reading a minute up to now
    const lines = ['Date Time (Asia/Shanghai),Temperature (°C)'];
    for (let ms = dispatchedMs - MIN; ms <= Date.now() - MIN; ms += MIN) {
      lines.push(`${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')},5.0`);
    }
    await page.locator('#logger-file-input').setInputFiles({
      name: `${LOGGER}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: '上传并加入温度记录' }).click();
    await page.locator('#logger-file-done').waitFor({ state: 'visible' });
    expect(await page.locator('#logger-file-done').textContent()).toContain(
      `已保存 ${lines.length - 1} 条读数`,
    );
    await expect.poll(() => page.locator('#verdict-word').textContent(), { timeout: 20_000 }).toBe('通过');
    await page.locator('#chart canvas').first().waitFor();
    await screenshot(page, 'handover-logger-file-pass');
    const files = (await stack.admin('GET', `/shipments/${SHIPMENT}/logger-files`)) as { files: unknown[] };
    expect(files.files).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
