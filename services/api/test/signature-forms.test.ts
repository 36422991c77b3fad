import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { formatSiteTime } from '../../domain/messages/time.js';
import { sqlDbOf } from '../../store/sql/records-store.js';

/**
 * 21 CFR 11.50(b): a signed receipt shows its signatures (printed name, date and time in the site
 * zone, labelled, and the meaning) on every human-readable form of the record: the receipt as the
 * handover page reads it, the printable report, the PDF, the CSV header and the mail to QA. A
 * signature copied onto another record is shown there as not matching (11.70).
 */
const run = promisify(execFile);
const HOUR_MS = 3_600_000;
const ZONE = 'Asia/Shanghai';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const checks = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };

describe('signatures on every form of the record (11.50(b))', () => {
  let h: Harness;
  let tmp: string;
  let signedAtMs = 0;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: admin, payload });

  async function person(login: string, printedName: string, password: string) {
    const { user, invitation } = await h.records.users.create(
      { login, printedName, email: `${login}@site-a.example`, locale: 'zh-CN', roles: ['receiver'] },
      { id: 'test', name: 'test setup' },
    );
    await h.records.users.acceptInvitation(login, invitation!, password);
    return user;
  }

  beforeAll(async () => {
    h = await startHarness('pglite');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ct-sigforms-'));
    const now = Date.now();
    const dispatchMs = now - 2 * HOUR_MS;
    const profile = {
      id: 'p-2-8',
      name: 'CAR-T fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await call('POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const [id, dev] of [
      ['SIG-1', 'SIGL1'],
      ['SIG-2', 'SIGL2'],
    ] as const) {
      const device = {
        id: dev,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      expect((await call('POST', '/api/v1/devices', device)).statusCode).toBe(201);
      const shipment = {
        id,
        profileId: profile.id,
        product: { name: 'CAR-T', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
        containerType: 'passive_2_8_box',
        deviceIds: [dev],
        manufacturer: { name: 'CellCo', qaEmail: 'qa@cellco.example', locale: 'zh-CN' },
        origin: 'plant',
        destination: 'Hospital A',
      };
      expect((await call('POST', '/api/v1/shipments', shipment)).statusCode).toBe(201);
      const at = new Date(dispatchMs).toISOString();
      expect((await call('POST', `/api/v1/shipments/${id}/dispatch`, { at })).statusCode).toBe(200);
      // warm on the way: a deviation, so the receipt also mails the manufacturer (8.1.6)
      await h.readings.writeReadings(minuteReadings(dev, dispatchMs, now - 60_000, () => 12));
    }
    await person('zhang.min', '张敏 Zhang Min', 'zhang min password 1');
    await person('wang.fang', '王芳 Wang Fang', 'wang fang password 1');
    const signed = await call('POST', '/api/v1/shipments/SIG-1/receipt', {
      receiverName: 'typed',
      checks,
      signatures: [
        { login: 'zhang.min', password: 'zhang min password 1', meaning: 'received' },
        { login: 'wang.fang', password: 'wang fang password 1', meaning: 'verified' },
      ],
    });
    expect(signed.statusCode, signed.body).toBe(201);
    signedAtMs = Date.parse(signed.json().signatures[0].signedAt);
    expect(
      (await call('POST', '/api/v1/shipments/SIG-2/receipt', { receiverName: 'Li', checks })).statusCode,
    ).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const when = () => formatSiteTime(signedAtMs, ZONE);

  it('the receipt the handover page shows', async () => {
    const body = (await call('GET', '/api/v1/shipments/SIG-1/receipt')).json();
    expect(
      body.signatures.map((s: { printedName: string; meaning: string; valid: boolean }) => [
        s.printedName,
        s.meaning,
        s.valid,
      ]),
    ).toEqual([
      ['张敏 Zhang Min', 'received', true],
      ['王芳 Wang Fang', 'verified', true],
    ]);
  });

  it('the printable report, in both languages', async () => {
    const zh = (await call('GET', '/api/v1/shipments/SIG-1/report?lang=zh-CN')).body;
    expect(zh).toContain('电子签名');
    expect(zh).toContain('<td>张敏 Zhang Min</td><td>接收</td>');
    expect(zh).toContain('<td>王芳 Wang Fang</td><td>复核</td>');
    // in the site zone, said once at the top of the report rather than after every time
    expect(when()).toMatch(/\(Asia\/Shanghai, UTC\+08:00\)$/);
    expect(zh).toContain(`<td>${when().replace(/ \(.*\)$/, '')}</td>`);
    expect(zh).toContain('所有时间均为站点时区 Asia/Shanghai, UTC+08:00');
    expect(zh).toContain('(已核验)');
    // what was signed electronically needs no hand-signature line; QA's review still has one
    expect(zh).not.toContain('接收人签字');
    expect(zh).toContain('质量负责人审核');
    const en = (await call('GET', '/api/v1/shipments/SIG-1/report?lang=en')).body;
    expect(en).toContain('<td>王芳 Wang Fang</td><td>verified</td>');
    expect(en).toContain('Signed at');
  });

  it('the PDF (read back with pdftotext)', async () => {
    for (const [lang, words] of [
      ['zh-CN', ['电子签名', '张敏 Zhang Min', '王芳 Wang Fang', '接收', '复核']],
      ['en', ['Electronic signatures', 'Zhang Min', 'Wang Fang', 'received', 'verified']],
    ] as const) {
      const res = await call('GET', `/api/v1/shipments/SIG-1/report?format=pdf&lang=${lang}`);
      expect(res.headers['content-type']).toBe('application/pdf');
      const file = path.join(tmp, `SIG-1-${lang}.pdf`);
      await writeFile(file, res.rawPayload);
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      for (const w of words) expect(stdout, lang).toContain(w);
      expect(stdout).toContain(when().slice(0, 19));
      expect(stdout).toContain('Asia/Shanghai, UTC+08:00');
    }
  });

  it('the CSV export: the signatures above the column header', async () => {
    const csv = (await call('GET', '/api/v1/shipments/SIG-1/readings?format=csv&lang=en')).body;
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('# Electronic signatures');
    expect(lines[1]).toMatch(
      new RegExp(
        `^# 张敏 Zhang Min \\(received\\) signed at ${regexText(when())} · content SHA-256 [0-9a-f]{64}$`,
      ),
    );
    expect(lines[2]).toMatch(/^# 王芳 Wang Fang \(verified\) signed at /);
    expect(lines[3]).toMatch(/^device_id,seq,time_utc,/);
    const zh = (await call('GET', '/api/v1/shipments/SIG-1/readings?format=csv&lang=zh-CN')).body;
    expect(zh.split('\r\n')[1]).toContain('张敏 Zhang Min（接收）于 ');
    // no signatures: the plain CSV, unchanged
    const plain = (await call('GET', '/api/v1/shipments/SIG-2/readings?format=csv')).body;
    expect(plain.startsWith('device_id,')).toBe(true);
  });

  it('the mail to QA and its CSV attachment', async () => {
    const due = await h.records.outbox.claimDue(Date.now() + HOUR_MS, 10, 60_000);
    const mail = due.find((m) => m.key === 'receipt-deviation:SIG-1');
    expect(mail, due.map((m) => m.key).join()).toBeDefined();
    for (const text of [mail!.text, mail!.html]) {
      expect(text).toContain('张敏 Zhang Min（接收）于 ');
      expect(text).toContain('王芳 Wang Fang（复核）于 ');
      expect(text).toContain(when());
    }
    const csv = mail!.attachments?.[0]?.content ?? '';
    expect(csv.split('\r\n')[1]).toContain('张敏 Zhang Min（接收）于 ');
    // issue 17: the printable report goes with it, as PDF, with the receipt and its signatures
    const pdf = mail!.attachments?.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toMatchObject({ filename: 'SIG-1-report.pdf', encoding: 'base64' });
    const file = path.join(tmp, 'SIG-1-mail.pdf');
    await writeFile(file, Buffer.from(pdf!.content, 'base64'));
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    for (const words of ['SIG-1', '张敏 Zhang Min', '王芳 Wang Fang']) expect(stdout).toContain(words);
  });

  it('a signature copied onto another receipt is shown there as not matching (11.70)', async () => {
    const db = sqlDbOf(h.records);
    await db.query(
      `INSERT INTO signatures (id, record_type, record_id, meaning, signer_id, signer_login, printed_name,
         signed_at, content_sha256, binding_sha256)
       SELECT id || '-copy', record_type, 'SIG-2', meaning, signer_id, signer_login, printed_name, signed_at,
         content_sha256, binding_sha256 FROM signatures WHERE record_id = 'SIG-1' AND meaning = 'received'`,
    );
    const receipt = (await call('GET', '/api/v1/shipments/SIG-2/receipt')).json();
    expect(receipt.signatures.map((s: { valid: boolean }) => s.valid)).toEqual([false]);
    const report = (await call('GET', '/api/v1/shipments/SIG-2/report?lang=en')).body;
    expect(report).toContain('(the signature does not match the stored content (changed or moved))');
    // a moved signature stands in for nobody: the receiver's hand-signature line stays
    expect(report).toContain('Receiver signature');
    const csv = (await call('GET', '/api/v1/shipments/SIG-2/readings?format=csv&lang=en')).body;
    expect(csv.split('\r\n')[1]).toMatch(/· the signature does not match the stored content/);
  });
});

const regexText = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
