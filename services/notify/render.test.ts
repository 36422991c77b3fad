import { describe, expect, it } from 'vitest';
import type { Shipment, Verdict } from '../domain/contract.js';
import { renderReceiptDeviationMail } from './receipt-mail.js';
import { type AlertMailInput, alertSubject, renderAlertMail } from './render-alert.js';

const ctx = { timeZone: 'Asia/Shanghai', publicUrl: 'https://ct.example/' };
const t0 = Date.parse('2026-11-26T12:05:00Z');
const alert = (over: Partial<AlertMailInput> = {}): AlertMailInput => ({
  alertId: 7,
  episodeKey: 'shp:SHP-1|L1|excursion::1',
  kind: 'TEMP_EXCURSION',
  phase: 'ended',
  findingCode: 'TEMP_OUT_OF_RANGE',
  clause: '7.7, 8.1.5',
  severity: 'major',
  deviceId: 'L1',
  happenedAtMs: t0,
  endedAtMs: t0 + 65 * 60_000,
  detectedAtMs: t0 + 2 * 60_000,
  late: false,
  figures: { peakC: 9.4, durationMs: 65 * 60_000 },
  range: { minC: 2, maxC: 8 },
  shipment: {
    id: 'SHP-1',
    product: { name: 'CAR-T <cells>', batch: 'B-9', quantity: 2 },
    origin: 'Shanghai',
    destination: 'Beijing',
  },
  to: ['qa@maker.example'],
  locale: 'en',
  ...over,
});

describe('alert mail', () => {
  it('has a subject that sorts and filters: tags, severity, shipment, code, phase', () => {
    expect(alertSubject(alert({ phase: 'started' }))).toMatch(
      /^\[coldtrace\]\[ALERT\]\[MAJOR\]\[SHP-1\] TEMP_OUT_OF_RANGE STARTED L1: /,
    );
    expect(alertSubject(alert({ late: true }))).toMatch(
      /^\[coldtrace\]\[RESOLVED\]\[MAJOR\]\[LATE\]\[SHP-1\]/,
    );
  });

  it('states product, batch, clause, finding, span in site time, figures and the verdict link', () => {
    const m = renderAlertMail(alert(), ctx);
    expect(m.key).toBe('alert:shp:SHP-1|L1|excursion::1:ended');
    for (const part of [
      'CAR-T <cells>',
      'B-9',
      '7.7, 8.1.5',
      'TEMP_OUT_OF_RANGE',
      '2026-11-26 20:05:00 (Asia/Shanghai, UTC+08:00)',
      '2026-11-26 21:10:00 (Asia/Shanghai, UTC+08:00)',
      '1 h 05 min',
      '9.4 °C',
      '2 °C to 8 °C',
      'https://ct.example/handover?id=SHP-1',
    ]) {
      expect(m.text).toContain(part);
    }
    expect(m.html).toContain('CAR-T &lt;cells&gt;');
    expect(m.html).not.toContain('<cells>');
  });

  it('speaks the recipient language', () => {
    const m = renderAlertMail(alert({ locale: 'zh-CN' }), ctx);
    expect(m.text).toContain('温度已恢复至范围内');
    expect(m.text).toContain('批号');
    expect(m.text).toContain('1 小时 05 分钟');
  });

  it('says when late data happened and when it was received', () => {
    const m = renderAlertMail(alert({ late: true }), ctx);
    expect(m.text).toContain('Late data: this happened at 2026-11-26 20:05:00 (Asia/Shanghai, UTC+08:00)');
  });
});

describe('receipt deviation mail (8.1.6)', () => {
  const shipment = {
    id: 'SHP-2',
    profileId: 'P',
    product: { name: 'MSC', cellType: 'MSC', batch: 'B-2', quantity: 1 },
    containerType: 'ln2_dry_shipper',
    deviceIds: ['L1'],
    manufacturer: { name: 'M', qaEmail: 'qa@maker.example' },
    origin: 'A',
    destination: 'B',
  } as Shipment;
  const verdict = {
    shipmentId: 'SHP-2',
    status: 'deviation',
    final: true,
    window: { from: '2026-11-26T00:00:00Z', to: '2026-11-26T06:00:00Z' },
    findings: [
      {
        code: 'TEMP_OUT_OF_RANGE',
        clause: '7.7, 8.1.5',
        severity: 'major',
        message: 'too warm',
        deviceId: 'L1',
      },
      {
        code: 'RECEIPT_CHECK_FAILED',
        clause: '8.1.3, 8.1.4',
        severity: 'critical',
        message: 'label torn',
        details: { check: 'labelOk' },
      },
    ],
    checks: [],
    stats: {},
    evaluatedAt: '2026-11-26T06:00:00Z',
  } as Verdict;

  it('carries every finding and the CSV record, in the site language when the maker states none', () => {
    const m = renderReceiptDeviationMail(
      { shipment, verdict, csv: 'ts,temp_c\n1,5\n' },
      { ...ctx, locale: 'zh-CN' },
    );
    expect(m.subject).toMatch(
      /^\[coldtrace\]\[DEVIATION\]\[SHP-2\] RECEIPT TEMP_OUT_OF_RANGE,RECEIPT_CHECK_FAILED: /,
    );
    // each finding once per language, in the catalogue's words (the site's language first)
    const zh = m.text.split('==============================')[0]!;
    expect(zh.match(/温度超出规定范围/g)).toHaveLength(1);
    expect(zh.match(/接收核查未通过/g)).toHaveLength(1);
    expect(m.text.indexOf('接收核查未通过')).toBeLessThan(m.text.indexOf('Receipt check failed'));
    expect(m.text).toContain('8.1.6');
    expect(m.attachments).toEqual([
      { filename: 'SHP-2-temperature-record.csv', contentType: 'text/csv', content: 'ts,temp_c\n1,5\n' },
    ]);
    expect(m.key).toBe('receipt-deviation:SHP-2');
  });

  it('attaches the report PDF when there is one, and says so', () => {
    const m = renderReceiptDeviationMail(
      { shipment, verdict, csv: 'ts,temp_c\n1,5\n', reportPdfBase64: 'JVBERi0=' },
      { ...ctx, locale: 'en' },
    );
    expect(m.attachments?.[1]).toEqual({
      filename: 'SHP-2-report.pdf',
      contentType: 'application/pdf',
      content: 'JVBERi0=',
      encoding: 'base64',
    });
    expect(m.text).toContain('the printable report (PDF)');
  });
});
