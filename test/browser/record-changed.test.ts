import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../services/domain/contract.js';
import { launchBrowser, logIn, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, readingsBetween, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

const HOUR = 3_600_000;
const run = Date.now().toString(36);
const SHIPMENT = `SHP-CHG-${run}`;
const LOGGER = `LOG-CHG-${run}`;

/**
 * Annex 11 §8.2 at the door: a received shipment whose temperature record changed afterwards
 * (a second value for a signed-for reading, written to InfluxDB behind the application) shows
 * RECORD_CHANGED_AFTER_RECEIPT on the handover page, in the page's language; before the change,
 * nothing is shown.
 */
describe('handover page: the record changed after the receipt', () => {
  let stack: Stack;
  let browser: Browser;
  let receiverKey: string;
  let signed: Reading;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    receiverKey = await stack.keyFor('receiver');
    const nowMs = Date.now();
    const dispatchedMs = nowMs - 3 * HOUR;
    await stack.admin('POST', '/profiles', profileBody(`P-${run}`));
    await stack.admin('POST', '/devices', deviceBody(LOGGER));
    await stack.admin('POST', '/shipments', shipmentBody(SHIPMENT, `P-${run}`, LOGGER));
    await stack.admin('POST', `/shipments/${SHIPMENT}/dispatch`, {
      at: new Date(dispatchedMs).toISOString(),
    });
    const record = readingsBetween(LOGGER, dispatchedMs - 60_000, nowMs - 60_000);
    signed = record[12]!;
    await stack.readings.writeReadings(record);
    await stack.admin('POST', `/shipments/${SHIPMENT}/receipt`, {
      receiverName: '王芳',
      checks: {
        labelOk: true,
        packagingOk: true,
        appearanceOk: true,
        documentsOk: true,
        quantityOk: true,
        stateOk: true,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('says nothing while the record is the one signed for, and says so plainly once it changed', {
    timeout: 90_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    const scan = async () => {
      const input = page.getByLabel('扫描或输入运单号');
      await input.fill(SHIPMENT);
      await input.press('Enter');
      await page.locator('#recorded').waitFor({ state: 'visible' });
    };
    await scan();
    expect(await page.locator('#record-changed').isHidden()).toBe(true);

    // an excursion slipped in after the receipt, beside a reading that was signed for
    await stack.readings.writeReadings([{ ...signed, tempC: 14 }]);

    await page.reload();
    await page.locator('body.ready').waitFor();
    await scan();
    const banner = page.locator('#record-changed');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toContain('RECORD_CHANGED_AFTER_RECEIPT');
    expect(await banner.textContent()).toContain('接收后温度记录已被更改');
    // the final verdict recorded at receipt is still the one shown
    expect(await page.locator('#verdict-word').textContent()).toBe('通过');
    await screenshot(page, 'handover-record-changed');
    expect(errors).toEqual([]);
    await context.close();
  });
});
