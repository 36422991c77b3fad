import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../domain/alerts.js';
import { FINDING_CODES, type Shipment, type Verdict } from '../domain/contract.js';
import type { Locale } from '../domain/messages/catalog.js';
import { renderReceiptDeviationMail } from './receipt-mail.js';
import { type AlertMailInput, type AlertPhase, renderAlertMail } from './render-alert.js';

/**
 * Every alert mail template, in both languages and every phase, with only the figures the rules
 * worker may have kept (sometimes none): no `{placeholder}` left, no JSON, the recipient's language
 * first and the other below, a plain-text part and a table-layout HTML part.
 */
const ctx = { timeZone: 'Asia/Shanghai', publicUrl: 'https://ct.example' };
const t0 = Date.parse('2026-11-26T12:05:00Z');
const PHASES: AlertPhase[] = ['started', 'ended', 'escalated'];
const LOCALES: Locale[] = ['zh-CN', 'en'];

const input = (
  kind: AlertMailInput['kind'],
  phase: AlertPhase,
  locale: Locale,
  sparse: boolean,
): AlertMailInput => ({
  alertId: 7,
  episodeKey: `shp:SHP-1|L1|${kind}`,
  kind,
  phase,
  findingCode: 'TEMP_OUT_OF_RANGE',
  clause: '7.7, 8.1.5',
  severity: 'critical',
  deviceId: 'L1',
  happenedAtMs: t0,
  endedAtMs: phase === 'ended' ? t0 + (21 * 60 + 30) * 60_000 : undefined,
  detectedAtMs: t0 + 60_000,
  late: false,
  figures: sparse
    ? {}
    : {
        peakC: 9.4,
        durationMs: 0,
        elapsedMs: 58 * 3_600_000,
        maxTransportMinutes: 4320,
        maxGapMinutes: 30,
        limitAtMs: t0,
      },
  range: { minC: 2, maxC: 8 },
  shipment: {
    id: 'SHP-1',
    product: { name: 'CAR-T cell injection', batch: 'B-9', quantity: 2 },
    origin: 'Suzhou',
    destination: 'Shanghai',
  },
  storageUnit: kind.startsWith('STORAGE') ? { id: 'U-1', name: 'Freezer 3', site: 'Cell bank' } : undefined,
  item: kind.startsWith('STORAGE_LIMIT') ? { id: 'BAG-7', product: 'MSC bag' } : undefined,
  to: ['qa@maker.example'],
  locale,
});

const cases = ALERT_KINDS.flatMap((kind) =>
  PHASES.flatMap((phase) =>
    LOCALES.flatMap((locale) => [true, false].map((sparse) => [kind, phase, locale, sparse] as const)),
  ),
);

function expectClean(mail: { subject: string; text: string; html: string }): void {
  for (const part of [mail.subject, mail.text, mail.html]) {
    expect(part, 'a placeholder left').not.toMatch(/\{\w+\}/);
    expect(part, 'raw JSON').not.toMatch(/\{"|":\s*[{["\d]|\[object/);
    expect(part).not.toContain('undefined');
    expect(part).not.toContain('NaN');
  }
}

describe('every alert mail template', () => {
  it.each(cases)('%s %s %s (sparse figures: %s)', (kind, phase, locale, sparse) => {
    const mail = renderAlertMail(input(kind, phase, locale, sparse), ctx);
    expectClean(mail);
    const [first, second] = locale === 'zh-CN' ? ['产品', 'Product'] : ['Product', '产品'];
    expect(mail.text.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(mail.text.indexOf(first)).toBeLessThan(mail.text.indexOf(second));
    expect(mail.html).toMatch(/<table role="presentation"/);
    expect(mail.html).toContain(`lang="${locale}"`);
    expect(mail.text).toContain('https://ct.example/');
    if (phase === 'ended') expect(mail.text).toContain(locale === 'en' ? '21 h 30 min' : '21 小时 30 分钟');
  });
});

describe('the deviation mail at receipt (8.1.6)', () => {
  const shipment = (locale: Locale) =>
    ({
      id: 'SHP-9',
      profileId: 'P',
      product: { name: 'CAR-T cell injection', cellType: 'CAR-T', batch: 'B-9', quantity: 2 },
      containerType: 'passive_2_8_box',
      deviceIds: ['L1'],
      manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example', locale },
      origin: 'Suzhou',
      destination: 'Shanghai',
    }) as Shipment;
  // every finding code, each with no figures at all: the worst a stored verdict can give
  const verdict = {
    shipmentId: 'SHP-9',
    status: 'deviation',
    final: true,
    window: { from: '2026-11-26T00:00:00Z', to: '2026-11-26T06:00:00Z' },
    findings: FINDING_CODES.map((code) => ({
      code,
      clause: '8.1.5',
      severity: 'major',
      message: `${code} message`,
      deviceId: 'L1',
      details: { unusedFigure: { nested: [1, 2] } },
    })),
    checks: [],
    stats: {},
    evaluatedAt: '2026-11-26T06:00:00Z',
  } as unknown as Verdict;

  it.each(LOCALES)('in %s first, every finding once, with the CSV and the PDF', (locale) => {
    const mail = renderReceiptDeviationMail(
      {
        shipment: shipment(locale),
        verdict,
        csv: 'device_id,seq\r\n',
        reportPdfBase64: 'JVBERi0=',
        receipt: { receivedAt: '2026-11-26T06:00:00Z', receiverName: '王芳', notes: 'box dented' },
        signatures: [
          {
            printedName: '王芳',
            meaning: 'received',
            signedAt: '2026-11-26T06:00:00Z',
            contentSha256: 'ab'.repeat(32),
          },
        ],
      },
      { timeZone: 'Asia/Shanghai', locale: 'zh-CN', publicUrl: 'https://ct.example' },
    );
    expectClean(mail);
    const [first, second] = locale === 'zh-CN' ? ['产品', 'Product'] : ['Product', '产品'];
    expect(mail.text.indexOf(first)).toBeLessThan(mail.text.indexOf(second));
    expect(mail.html).toMatch(/<table role="presentation"/);
    expect(mail.html).toContain(`lang="${locale}"`);
    const [own] = mail.text.split('==============================');
    // the section lists each finding once: one line per code in the reader's half
    expect(own!.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(FINDING_CODES.length);
    expect(mail.attachments?.map((a) => a.contentType)).toEqual(['text/csv', 'application/pdf']);
  });
});
