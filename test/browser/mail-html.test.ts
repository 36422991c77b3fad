import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shipment, Verdict } from '../../services/domain/contract.js';
import type { Locale } from '../../services/domain/messages/catalog.js';
import { renderReceiptDeviationMail } from '../../services/notify/receipt-mail.js';
import { renderAlertMail } from '../../services/notify/render-alert.js';
import { seriousAxeViolations } from './axe.js';
import { launchBrowser } from './browser.js';

/**
 * The mails' HTML as a mail client shows it (the HTML set as the page's content in Chromium): an
 * excursion alert, its "resolved" mail and the deviation mail at receipt, each with the reader's
 * language first; on a phone (390 px), at the mail's own width (640 px), a tablet (768 px) and a desk (1280 px) nothing sticks
 * out sideways, no serious accessibility problem; screenshots in test-artifacts/mails/.
 */
const ARTIFACTS = path.resolve('test-artifacts/mails');
const T0 = Date.parse('2026-11-26T04:05:00Z');
const site = { timeZone: 'Asia/Shanghai', publicUrl: 'https://coldtrace.example' };

function alertMail(locale: Locale, phase: 'started' | 'ended') {
  return renderAlertMail(
    {
      alertId: 42,
      episodeKey: 'shipment:SHP-2026-118:LOG-7:excursion',
      kind: 'TEMP_EXCURSION',
      phase,
      findingCode: 'TEMP_OUT_OF_RANGE',
      clause: '7.7, 8.1.5',
      severity: 'critical',
      deviceId: 'LOG-7',
      happenedAtMs: T0,
      endedAtMs: phase === 'ended' ? T0 + 25 * 60_000 : undefined,
      detectedAtMs: T0 + 60_000,
      late: false,
      figures: { tempC: 9.6, peakC: 9.6, durationMs: 25 * 60_000 },
      range: { minC: 2, maxC: 8 },
      shipment: {
        id: 'SHP-2026-118',
        product: { name: 'CAR-T 细胞注射液', batch: 'B-2026-118', quantity: 2 },
        origin: 'Suzhou GMP plant',
        destination: 'Shanghai Ruijin Hospital',
      },
      to: ['qa@cell.example'],
      locale,
    },
    site,
  );
}

function receiptMail(locale: Locale) {
  const shipment = {
    id: 'SHP-2026-118',
    profileId: 'CAR-T-2-8',
    product: { name: 'CAR-T 细胞注射液', cellType: 'CAR-T', batch: 'B-2026-118', quantity: 2 },
    containerType: 'passive_2_8_box',
    deviceIds: ['LOG-7'],
    manufacturer: { name: 'Suzhou Cell Co.', qaEmail: 'qa@cell.example', locale },
    origin: 'Suzhou GMP plant',
    destination: 'Shanghai Ruijin Hospital',
  } as Shipment;
  const verdict = {
    shipmentId: shipment.id,
    status: 'deviation',
    final: true,
    window: { from: '2026-11-26T01:00:00Z', to: '2026-11-26T07:30:00Z' },
    findings: [
      {
        code: 'TEMP_OUT_OF_RANGE',
        clause: '7.7, 8.1.5',
        severity: 'major',
        message: 'temperature outside 2–8 °C',
        deviceId: 'LOG-7',
        from: '2026-11-26T04:05:00Z',
        to: '2026-11-26T04:30:00Z',
        details: { kind: 'excursion', rangeC: '2–8', durationMinutes: 25, peakC: 9.6 },
      },
      {
        code: 'RECEIPT_CHECK_FAILED',
        clause: '8.1.3, 8.1.4',
        severity: 'critical',
        message: 'packaging',
        details: { check: 'packagingOk' },
      },
    ],
    checks: [],
    stats: {},
    evaluatedAt: '2026-11-26T07:30:00Z',
  } as unknown as Verdict;
  return renderReceiptDeviationMail(
    {
      shipment,
      verdict,
      csv: 'device_id,seq\r\n',
      reportPdfBase64: 'JVBERi0=',
      receipt: { receivedAt: '2026-11-26T07:30:00Z', receiverName: '王芳', notes: '外箱一角破损' },
      signatures: [
        {
          printedName: '王芳 Wang Fang',
          meaning: 'received',
          signedAt: '2026-11-26T07:31:00Z',
          contentSha256: 'c0ffee'.repeat(10).slice(0, 64),
        },
      ],
    },
    { ...site, locale: 'zh-CN' },
  );
}

const MAILS = {
  'alert-started': (l: Locale) => alertMail(l, 'started'),
  'alert-resolved': (l: Locale) => alertMail(l, 'ended'),
  'receipt-deviation': receiptMail,
};

describe('mails in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    for (const [name, render] of Object.entries(MAILS)) {
      it(`${name}, ${locale} first`, { timeout: 60_000 }, async () => {
        const mail = render(locale);
        for (const width of [390, 640, 768, 1280]) {
          const context = await browser.newContext({ viewport: { width, height: 800 } });
          const page = await context.newPage();
          await page.setContent(mail.html);
          await page.screenshot({
            path: path.join(ARTIFACTS, `${name}-${locale}-${width}.png`),
            fullPage: true,
          });
          // the reader's language is the first block, the other below it
          const blocks = await page
            .locator('td[lang]')
            .evaluateAll((tds) => tds.map((td) => td.getAttribute('lang')));
          expect(blocks).toEqual([locale, locale === 'zh-CN' ? 'en' : 'zh-CN']);
          expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
          expect(await page.locator('a[href^="https://coldtrace.example/"]').count()).toBeGreaterThan(0);
          expect(await seriousAxeViolations(page)).toEqual([]);
          await context.close();
        }
      });
    }
  }
});
