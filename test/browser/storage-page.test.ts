import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, readingsBetween } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * The storage unit page: a fridge quiet today but warm for two hours ten days ago. Judged over the
 * last day it is OK; over 30 days the excursion is there, judged from hourly summaries with the
 * warm hours read raw; the daily report marks the warm day so it stands out in the table.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const run = Date.now().toString(36);
const FRIDGE = `FRIDGE-R-${run}`;
const SENSOR = `SENS-R-${run}`;

describe('storage unit page', () => {
  let stack: Stack;
  let browser: Browser;
  let qaKey: string;
  const nowMs = Date.now();
  const warmMs = nowMs - 10 * DAY;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    qaKey = await stack.keyFor('qa');
    await stack.admin('POST', '/devices', { ...deviceBody(SENSOR), kind: 'storage_sensor' });
    await stack.admin('POST', '/storage-units', {
      id: FRIDGE,
      name: '细胞库冰箱 1',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 10,
      deviceIds: [SENSOR],
      site: 'Cell bank',
    });
    await stack.readings.writeReadings(
      readingsBetween(SENSOR, nowMs - 40 * DAY, nowMs - 60_000, {
        startMs: warmMs,
        endMs: warmMs + 2 * HOUR,
      }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the status over the chosen days and the daily report with the warm day marked', {
    timeout: 60_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, qaKey, `/storage?id=${FRIDGE}`);
    const verdict = page.locator('#verdict');
    await expect.poll(() => verdict.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    expect(await verdict.textContent()).toContain('正常');
    expect(await page.locator('#title').textContent()).toContain('细胞库冰箱 1');

    // the report: 30 local days by default, the warm day marked
    const rows = page.locator('#days-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(30);
    const warmRows = page.locator('#days-table tbody tr.out');
    expect(await warmRows.count()).toBe(1);
    expect(await warmRows.first().textContent()).toMatch(/9\.6 °C.*小时含超限读数/);
    expect(await page.locator('#zone').textContent()).toContain('Asia/Shanghai');
    expect(await page.locator('#sensors tbody tr.out').count()).toBe(1);

    // over 30 days the excursion of ten days ago is in the status, from summaries and raw hours
    await page.locator('#days').selectOption('30');
    await expect.poll(() => verdict.getAttribute('data-status'), { timeout: 20_000 }).toBe('alarm');
    expect(await verdict.textContent()).toContain('报警');
    const finding = page.locator('#findings li[data-code="TEMP_OUT_OF_RANGE"]');
    expect(await finding.textContent()).toContain('9.6 °C');
    expect(await page.locator('#source').textContent()).toMatch(/\d+ 个由小时汇总判定/);
    await screenshot(page, 'storage-unit-30-days');
    expect(errors).toEqual([]);
    await context.close();
  });
});
