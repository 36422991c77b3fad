import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { t } from '../../domain/messages/catalog.js';

/**
 * The report prints the plain statement of the rule each finding and check applies (docs/rules.md,
 * services/domain/rule-book.ts), beside it, in the reader's language; the verdict names the rules.
 */
const HOUR_MS = 3_600_000;
const SHIPMENT = 'S-RULES-1';

describe('report: the rule beside each finding and check', () => {
  let h: Harness;
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.keys[role]}` } });
  const dispatchMs = Date.now() - 2 * HOUR_MS;

  beforeAll(async () => {
    h = await startHarness('pglite');
    await call('admin', 'POST', '/api/v1/profiles', {
      id: 'rules-2-8',
      name: 'CAR-T, 2-8 °C',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    });
    await call('admin', 'POST', '/api/v1/devices', {
      id: 'L-RULES-1',
      kind: 'shipper_logger',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    });
    const created = await call('logistics', 'POST', '/api/v1/shipments', {
      id: SHIPMENT,
      profileId: 'rules-2-8',
      product: { name: 'CAR-T', cellType: 'T cell', batch: 'B-RULES', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: ['L-RULES-1'],
      manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example' },
      origin: 'Suzhou plant',
      destination: 'Shanghai clinic',
    });
    expect(created.statusCode).toBe(201);
    await call('logistics', 'POST', `/api/v1/shipments/${SHIPMENT}/dispatch`, {
      at: new Date(dispatchMs).toISOString(),
    });
    // 9.6 °C for 20 minutes an hour in, back in range after
    const excursionFrom = dispatchMs + HOUR_MS;
    await h.readings.writeReadings(
      minuteReadings('L-RULES-1', dispatchMs - 60_000, Date.now(), (ms) =>
        ms >= excursionFrom && ms < excursionFrom + 20 * 60_000 ? 9.6 : 5,
      ),
    );
  });
  afterAll(() => h?.close());

  it("the verdict names each finding's and check's rules", async () => {
    const verdict = (await call('receiver', 'GET', `/api/v1/shipments/${SHIPMENT}/verdict`)).json();
    expect(verdict.status).toBe('deviation');
    expect(verdict.findings).toContainEqual(
      expect.objectContaining({ code: 'TEMP_OUT_OF_RANGE', rules: ['R11', 'R3'] }),
    );
    expect(verdict.checks).toContainEqual(
      expect.objectContaining({ id: 'temperature_in_range', rules: ['R11', 'R1', 'R3'] }),
    );
  });

  for (const [locale, word] of [
    ['en', 'Rule'],
    ['zh-CN', '规则'],
  ] as const) {
    it(`prints the statement beside the finding and the check (${locale})`, async () => {
      const res = await call('viewer', 'GET', `/api/v1/shipments/${SHIPMENT}/report?lang=${locale}`);
      expect(res.statusCode).toBe(200);
      const rows = res.body.split('<tr>');
      const sep = locale === 'en' ? ': ' : '：';
      const finding = rows.find((r) => r.startsWith('<td class="code" data-code="TEMP_OUT_OF_RANGE">'));
      expect(finding).toContain(
        `${word} R11${sep}${t(locale, 'rule.R11')}\n${word} R3${sep}${t(locale, 'rule.R3')}`,
      );
      const check = rows.find((r) => r.startsWith(`<td>${t(locale, 'check.temperature_in_range')}</td>`));
      expect(check).toContain(`${word} R1${sep}${t(locale, 'rule.R1')}`);
      // the header names the column
      expect(res.body).toContain(locale === 'en' ? '<th>Rule applied</th>' : '<th>依据的规则</th>');
    });
  }

  it('the PDF carries the statement too', async () => {
    const res = await call('viewer', 'GET', `/api/v1/shipments/${SHIPMENT}/report?lang=en&format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const dir = path.resolve('test-artifacts');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'report-rules-en.pdf');
    writeFileSync(file, res.rawPayload);
    const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
    for (const words of ['Rule applied', 'Rule R11:', 'Rule R3:', 'Rule R1:'])
      expect(stdout).toContain(words);
    await promisify(execFile)('pdftoppm', ['-png', '-r', '60', file, path.join(dir, 'report-rules-en')]);
  });
});
