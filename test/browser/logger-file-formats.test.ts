import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * Issue 19's acceptance on the handover page in headless Chromium: the five broken files (wrong
 * columns, bad time, duplicate lines, an extra logger, an empty file) each answered with its code
 * and where, nothing kept; then a UTC CSV for one logger and a JSON export for the other fill the
 * record and the verdict turns to PASS. (The local-time CSV is in logger-file.test.ts.)
 */
const MIN = 60_000;
const run = Date.now().toString(36);
const SHIPMENT = `SHP-FMT-${run}`;
const CSV_LOGGER = `LOG-CSV-${run}`;
const JSON_LOGGER = `LOG-JSON-${run}`;

describe('handover page: logger files of every kind, broken ones refused', () => {
  let stack: Stack;
  let browser: Browser;
  let receiverKey: string;
  const dispatchedMs = Math.floor((Date.now() - 60 * MIN) / MIN) * MIN;
  const iso = (i: number) => new Date(dispatchedMs + i * 5 * MIN).toISOString();

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    receiverKey = await stack.keyFor('receiver');
    await stack.admin('POST', '/profiles', profileBody(`P-FMT-${run}`));
    await stack.admin('POST', '/devices', deviceBody(CSV_LOGGER));
    await stack.admin('POST', '/devices', deviceBody(JSON_LOGGER));
    await stack.admin('POST', '/shipments', {
      ...shipmentBody(SHIPMENT, `P-FMT-${run}`, CSV_LOGGER),
      deviceIds: [CSV_LOGGER, JSON_LOGGER],
    });
    await stack.admin('POST', `/shipments/${SHIPMENT}/dispatch`, {
      at: new Date(dispatchedMs).toISOString(),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const broken: [string, string, string, string][] = [
    ['wrong columns', 'when,reading\n2026-11-30T00:00:00Z,4\n', 'CT_LOGGER_FILE_COLUMNS', 'line 1'],
    [
      'a bad time',
      `time,temp_c\n${iso(0)},4\n2026-11-31T00:05:00Z,4.5\n`,
      'CT_LOGGER_FILE_TIME',
      'line 3, column 1 (time)',
    ],
    [
      'duplicate lines',
      `time,temp_c\n${iso(0)},4\n${iso(1)},4.5\n${iso(1)},4.5\n`,
      'CT_LOGGER_FILE_DUPLICATE',
      'line 4, column 1 (time)',
    ],
    [
      'an extra logger',
      `device_id,time,temp_c\n${CSV_LOGGER},${iso(0)},4\nLOG-STRANGER,${iso(1)},4\n`,
      'CT_LOGGER_FILE_DEVICE',
      'line 3, column 1 (device_id)',
    ],
    ['an empty file', '', 'CT_LOGGER_FILE_EMPTY', 'line 1'],
  ];

  it('refuses each broken file naming where, keeps nothing; a UTC CSV and a JSON export give PASS', {
    timeout: 120_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, receiverKey, '/handover');
    const input = page.getByLabel('扫描或输入运单号');
    await input.fill(SHIPMENT);
    await input.press('Enter');
    await page.locator('#banner[data-status]').waitFor();
    await page.locator(`#logger-file-device option[value="${JSON_LOGGER}"]`).waitFor({ state: 'attached' });
    const upload = async (name: string, mimeType: string, text: string, deviceId: string) => {
      await page.locator('#logger-file-device').selectOption(deviceId);
      await page.locator('#logger-file-input').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
      await page.getByRole('button', { name: '上传并加入温度记录' }).click();
    };

    for (const [what, text, code, where] of broken) {
      await upload(`${what.replace(/ /g, '-')}.csv`, 'text/csv', text, CSV_LOGGER);
      const error = page.locator(`#logger-file-error[data-code="${code}"]`);
      await error.waitFor({ state: 'visible' });
      const shown = (await error.textContent()) ?? '';
      expect(shown, what).toContain(where);
      expect(shown, what).toContain('未保存任何数据');
      const kept = (await stack.admin('GET', `/shipments/${SHIPMENT}/logger-files`)) as { files: unknown[] };
      expect(kept.files, what).toEqual([]);
      const record = (await stack.admin('GET', `/shipments/${SHIPMENT}/readings`)) as { readings: unknown[] };
      expect(record.readings, what).toEqual([]);
      if (code === 'CT_LOGGER_FILE_DEVICE') await screenshot(page, 'handover-logger-file-extra-logger');
    }

    // a logger's CSV in UTC (ISO times with Z), a reading a minute from just before dispatch
    const csv = ['Timestamp (UTC),Temp'];
    for (let ms = dispatchedMs - MIN; ms <= Date.now() - MIN; ms += MIN)
      csv.push(`${new Date(ms).toISOString()},4.5`);
    await upload(`${CSV_LOGGER}.csv`, 'text/csv', csv.join('\n'), CSV_LOGGER);
    await page.locator('#logger-file-done').waitFor({ state: 'visible' });
    expect(await page.locator('#logger-file-done').textContent()).toContain(
      `已保存 ${csv.length - 1} 条读数`,
    );

    // the other logger's JSON export
    const readings = [];
    for (let ms = dispatchedMs - MIN, seq = 0; ms <= Date.now() - MIN; ms += MIN, seq++)
      readings.push({ ts: new Date(ms).toISOString(), seq, temp_c: 5.5 });
    await upload(
      `${JSON_LOGGER}.json`,
      'application/json',
      JSON.stringify({ deviceId: JSON_LOGGER, readings }),
      JSON_LOGGER,
    );
    await page.locator('#logger-file-done', { hasText: JSON_LOGGER }).waitFor({ state: 'visible' });
    expect(await page.locator('#logger-file-done').textContent()).toContain(
      `已保存 ${readings.length} 条读数（${JSON_LOGGER}）`,
    );
    await expect.poll(() => page.locator('#verdict-word').textContent(), { timeout: 20_000 }).toBe('通过');
    await screenshot(page, 'handover-logger-file-csv-json-pass');
    const files = (await stack.admin('GET', `/shipments/${SHIPMENT}/logger-files`)) as {
      files: { deviceId: string; format: string; timeZone: string }[];
    };
    expect(files.files.map((f) => [f.deviceId, f.format]).sort()).toEqual(
      [
        [CSV_LOGGER, 'csv'],
        [JSON_LOGGER, 'json'],
      ].sort(),
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
