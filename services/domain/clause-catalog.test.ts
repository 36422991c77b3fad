import { describe, expect, it } from 'vitest';
import { clauseCatalog, clauseStatement } from './clause-catalog.js';
import { FINDING_CODES } from './contract.js';
import { buildFinding, findingMessage } from './finding.js';
import { allMessageKeys, LOCALES, t } from './messages/catalog.js';
import { clauseMessages } from './messages/clauses.js';
import { findingMessages } from './messages/findings.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('clause catalogue and finding messages', () => {
  it('every finding code is implemented under at least one clause, and 8.1.5 lists its checks', () => {
    const catalog = clauseCatalog('en');
    for (const code of FINDING_CODES) {
      expect(
        catalog.filter((c) => c.clause !== '8.1.6' && c.findingCodes.includes(code)).length,
      ).toBeGreaterThan(0);
    }
    const c815 = catalog.find((c) => c.clause === '8.1.5')!;
    expect(c815.checks).toEqual([
      'record_continuous',
      'temperature_in_range',
      'transport_time',
      'container',
      'delay_exposure_anomaly',
    ]);
    expect(catalog.find((c) => c.clause === '10.12')!.findingCodes).toEqual(['CALIBRATION_EXPIRED']);
    // the standard's 8.1.3 includes "transport record complete and within range"
    expect(catalog.find((c) => c.clause === '8.1.3')!.findingCodes).toEqual([
      'NO_DATA',
      'RECORD_GAP',
      'RECORD_INCOMPLETE',
      'TEMP_OUT_OF_RANGE',
      'PRODUCT_EXPIRED',
      'RECEIPT_CHECK_FAILED',
    ]);
    expect(catalog.find((c) => c.clause === '8.1.4')!.checks).toEqual([
      'coolant_level',
      'receipt.packagingOk',
      'receipt.appearanceOk',
    ]);
  });

  it('every clause and finding code has a plain statement in zh-CN and en', () => {
    for (const locale of LOCALES) {
      for (const entry of clauseCatalog(locale)) expect(entry.statement).not.toMatch(/^clause\./);
      for (const code of FINDING_CODES) expect(t(locale, `finding.${code}`)).not.toMatch(/^finding\./);
    }
    expect(clauseStatement('zh-CN', '8.1.6')).toBe('接收中发现任何异常，应立即停止使用并报告制备厂商。');
    expect(allMessageKeys()).toContain('check.receipt.labelOk');
  });

  it('each message has the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries({ ...findingMessages, ...clauseMessages })) {
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
    }
  });

  it('findingMessage renders a stored finding in the reader language, times in the site zone', () => {
    const f = buildFinding({
      code: 'RECORD_GAP',
      severity: 'major',
      deviceId: 'L7',
      fromMs: Date.parse('2026-11-26T12:00:00Z'),
      toMs: Date.parse('2026-11-26T12:40:00Z'),
      details: { kind: 'gap', gapMinutes: 40, maxGapMinutes: 15 },
    });
    expect(f.message).toBe(
      'Logger L7: no reading for 40 min from 2026-11-26 20:00:00 (Asia/Shanghai, UTC+08:00) to 2026-11-26 20:40:00 (Asia/Shanghai, UTC+08:00) (at most 15 min allowed).',
    );
    expect(findingMessage('zh-CN', f)).toBe(
      '记录仪 L7：2026-11-26 20:00:00 (Asia/Shanghai, UTC+08:00) 至 2026-11-26 20:40:00 (Asia/Shanghai, UTC+08:00) 共 40 分钟没有记录（最长允许 15 分钟）。',
    );
    expect(findingMessage('en', f, 'Europe/Berlin')).toContain(
      '2026-11-26 13:00:00 (Europe/Berlin, UTC+01:00)',
    );
    // every placeholder is filled for a finding of each variant the engine produces
    expect(findingMessage('zh-CN', f)).not.toMatch(/\{\w+\}/);
  });
});
