import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlert } from '../../services/store/sql/alerts-repo.js';
import { launchBrowser, logIn, screenshot, tabletContext, watchErrors } from './browser.js';
import { deviceBody, LOGGING_INTERVAL_S, profileBody, readingsBetween, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * The live board updates by itself: a shipment in transit turns to DEVIATION and its excursion
 * alert appears without a reload, and QA acknowledges the alert from the board.
 */
const HOUR = 3_600_000;
const run = Date.now().toString(36);
const SHIPMENT = `SHP-LIVE-${run}`;
const LOGGER = `LOG-LIVE-${run}`;
const FRIDGE = `FRIDGE-${run}`;
const FRIDGE_SENSOR = `SENS-${run}`;
const WARM_FRIDGE = `FRIDGE-WARM-${run}`;
const WARM_SENSOR = `SENS-WARM-${run}`;

describe('live board', () => {
  let stack: Stack;
  let browser: Browser;
  let qaKey: string;
  let dispatchedMs: number;
  let device: MqttClient;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    qaKey = await stack.keyFor('qa');
    const nowMs = Date.now();
    dispatchedMs = nowMs - 2 * HOUR;
    await stack.admin('POST', '/profiles', profileBody(`P-${run}`));
    device = await stack.connectDevice(deviceBody(LOGGER));
    await stack.admin('POST', '/shipments', shipmentBody(SHIPMENT, `P-${run}`, LOGGER));
    await stack.admin('POST', `/shipments/${SHIPMENT}/dispatch`, {
      at: new Date(dispatchedMs).toISOString(),
    });
    await stack.readings.writeReadings(readingsBetween(LOGGER, dispatchedMs - 60_000, nowMs - 1_000));
    // a 2-8 °C fridge on the ward, with its sensor
    await stack.admin('POST', '/devices', { ...deviceBody(FRIDGE_SENSOR), kind: 'storage_sensor' });
    await stack.admin('POST', '/storage-units', {
      id: FRIDGE,
      name: '病区冰箱 3',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 10,
      deviceIds: [FRIDGE_SENSOR],
      site: 'Ward 3',
    });
    await stack.readings.writeReadings(readingsBetween(FRIDGE_SENSOR, nowMs - HOUR, nowMs - 1_000));
    // a second fridge whose door was left open: 9.6 °C for the last 30 minutes, alarm delay 10
    await stack.admin('POST', '/devices', { ...deviceBody(WARM_SENSOR), kind: 'storage_sensor' });
    await stack.admin('POST', '/storage-units', {
      id: WARM_FRIDGE,
      name: '病区冰箱 4',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 10,
      deviceIds: [WARM_SENSOR],
      site: 'Ward 4',
    });
    await stack.readings.writeReadings(
      readingsBetween(WARM_SENSOR, nowMs - HOUR, nowMs - 1_000, {
        startMs: nowMs - 30 * 60_000,
        endMs: nowMs,
      }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a new excursion and its alert without a reload, and QA acknowledges it', {
    timeout: 60_000,
  }, async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, qaKey, '/board?refreshMs=1000');
    expect(await page.locator('header nav a').allTextContents()).toEqual([
      '交接验收',
      '实时看板',
      '质量告警',
      '审计追踪',
    ]);
    const row = page.locator(`li[data-shipment="${SHIPMENT}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('pass');
    expect(await row.textContent()).toMatch(/剩余时间|小时/);
    const unit = page.locator(`li[data-unit="${FRIDGE}"]`);
    await expect.poll(() => unit.getAttribute('data-status')).toBe('ok');
    expect(await unit.textContent()).toMatch(/病区冰箱 3.*°C/);
    const warm = page.locator(`li[data-unit="${WARM_FRIDGE}"]`);
    await expect.poll(() => warm.getAttribute('data-status')).toBe('alarm');
    expect(await warm.textContent()).toMatch(/超出规定范围 2 °C 至 8 °C/);
    await screenshot(page, 'board-before-excursion');
    await page.evaluate(() => {
      (window as unknown as { boardMarker: number }).boardMarker = 42;
    });

    // the logger reports 9.8 °C (2-8 °C allowed) over MQTT; the rules worker raises the alert
    const nowMs = Date.now();
    const lastSeq = Math.floor((nowMs - 1_000 - (dispatchedMs - 60_000)) / (LOGGING_INTERVAL_S * 1000));
    await device.publishAsync(
      `coldtrace/v1/devices/${LOGGER}/readings`,
      JSON.stringify({ ts: nowMs, seq: lastSeq + 1, temp_c: 9.8, battery_pct: 90 }),
      { qos: 1 },
    );

    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('deviation');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('9.8 °C');
    const alertRow = page.locator(`#alerts tr[data-code="TEMP_OUT_OF_RANGE"][data-subject="${SHIPMENT}"]`);
    await alertRow.waitFor({ timeout: 20_000 });
    expect(await alertRow.textContent()).toContain('峰值 9.8 °C');
    // no reload happened: the marker set before the excursion is still there
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(42);
    await screenshot(page, 'board-excursion');

    // acknowledge with a reason, keyboard only
    await alertRow.getByLabel('确认原因').focus();
    await page.keyboard.type('已电话通知制备厂商 QA');
    await page.keyboard.press('Enter');
    // acknowledged, it stays in view until its condition is resolved: worded so, without the form
    await alertRow.locator('form.ack').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await alertRow.locator('.tag.acknowledged').textContent()).toBeTruthy();
    expect(await alertRow.locator('[data-severity="critical"]').textContent()).toContain('危急');
    const alerts = (await stack.admin('GET', `/alerts?shipmentId=${SHIPMENT}`)) as {
      findingCode: string;
      state: string;
      ackReason?: string;
    }[];
    expect(alerts.filter((a) => a.findingCode === 'TEMP_OUT_OF_RANGE')).toMatchObject([
      { state: 'acknowledged', ackReason: '已电话通知制备厂商 QA' },
    ]);
    await screenshot(page, 'board-acknowledged');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('QA view: an alert with its history, and the shipment audit trail', { timeout: 60_000 }, async () => {
    const nowMs = Date.now();
    const gap = await stack.records.transaction((tx) =>
      openAlert(tx, {
        episodeKey: `shipment:${SHIPMENT}:${LOGGER}:gap:${nowMs}`,
        kind: 'RECORD_GAP',
        findingCode: 'RECORD_GAP',
        clause: '8.1.5',
        severity: 'major',
        deviceId: LOGGER,
        shipmentId: SHIPMENT,
        happenedAtMs: nowMs - 40 * 60_000,
        detectedAtMs: nowMs - 20 * 60_000,
        late: false,
        details: { transition: 'gap_detected', maxGapMinutes: 15 },
      }),
    );
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, stack.baseUrl, qaKey, '/alerts');
    const alertRow = page.locator(`#alerts tr[data-alert="${gap!.id}"]`);
    await alertRow.waitFor();
    await alertRow.getByLabel('确认原因').fill('记录仪电池更换，已评估');
    await alertRow.getByRole('button', { name: '确认' }).click();
    await alertRow.locator('form.ack').waitFor({ state: 'detached' });
    expect(await alertRow.locator('[data-severity="major"]').textContent()).toContain('严重');

    await page.getByLabel('显示').selectOption('all');
    const link = page.locator(`#alerts tr[data-alert="${gap!.id}"] a.alert-words`);
    await link.waitFor();
    await link.press('Enter'); // keyboard: the alert's words are a link to its history
    const history = page.locator('#detail-history li');
    await expect.poll(() => history.count()).toBe(3);
    expect(await history.nth(2).textContent()).toContain('记录仪电池更换，已评估');
    expect(await page.locator('#detail').textContent()).toContain('(Asia/Shanghai, UTC+08:00)');
    // the shipment leads to its handover view
    expect(
      await page.locator(`#alerts tr[data-alert="${gap!.id}"] a[href^="/handover"]`).getAttribute('href'),
    ).toBe(`/handover?id=${SHIPMENT}`);

    await page.getByLabel('查看运单审计记录').fill(SHIPMENT);
    await page.getByLabel('查看运单审计记录').press('Enter');
    const audit = page.locator('#audit tbody tr');
    await expect.poll(() => audit.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#audit tr[data-action="create"]').textContent()).toContain('创建');
    expect(await page.locator('#audit tr[data-action="dispatch"]').textContent()).toContain(
      'back-dated dispatch',
    );
    await screenshot(page, 'qa-alert-history-audit');
    expect(errors).toEqual([]);
    await context.close();
  });
});
