import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSmtp } from '../support/smtp.js';
import { launchBrowser, SCREENSHOT_DIR, screenshot, signIn, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, readingsBetween, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * Issue 14 end to end, in headless Chromium over `coldtrace start`: a receiver signs in with
 * login name and password (setting their own password at the first sign-in), records a receipt that
 * they and a second verifier (another account) sign electronically, and both signatures appear on
 * the page, in the report PDF (rendered to PNG with pdftoppm) and in the mail that reached a real
 * SMTP server. Once in zh-CN and once in English.
 */
const run = promisify(execFile);
const HOUR = 3_600_000;
const tag = Date.now().toString(36);
const SITE = 'site-ruijin';

const people = {
  receiver: {
    login: 'zhang.min',
    name: '张敏 Zhang Min',
    temporary: 'temporary password 1',
    own: 'zhang min own password',
  },
  verifier: { login: 'wang.fang', name: '王芳 Wang Fang', own: 'wang fang own password' },
};

describe('signing a receipt in the browser (21 CFR 11.50, 11.200)', () => {
  let stack: Stack;
  let smtp: TestSmtp;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    stack = await startStack({ COLDTRACE_SMTP_URL: smtp.url });
    browser = await launchBrowser();
    const admin = { id: 'test', name: 'browser test' };
    await stack.records.users.create(
      {
        login: people.receiver.login,
        printedName: people.receiver.name,
        email: 'zhang@ruijin.example',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: SITE },
        initialPassword: people.receiver.temporary,
      },
      admin,
    );
    const { invitation } = await stack.records.users.create(
      {
        login: people.verifier.login,
        printedName: people.verifier.name,
        email: 'wang@ruijin.example',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: SITE },
      },
      admin,
    );
    await stack.records.users.acceptInvitation(people.verifier.login, invitation!, people.verifier.own);
    await stack.admin('POST', '/profiles', profileBody(`P-${tag}`));
    const nowMs = Date.now();
    const dispatchedMs = nowMs - 3 * HOUR;
    for (const lang of ['zh', 'en']) {
      const id = `SIG-${lang}-${tag}`;
      const logger = `LOG-${lang}-${tag}`;
      await stack.admin('POST', '/devices', deviceBody(logger));
      const body = shipmentBody(id, `P-${tag}`, logger);
      await stack.admin('POST', '/shipments', {
        ...body,
        manufacturer: { ...body.manufacturer, locale: lang === 'zh' ? 'zh-CN' : 'en' },
        manufacturerOrg: 'suzhou-cell',
        destinationSite: SITE,
      });
      await stack.admin('POST', `/shipments/${id}/dispatch`, { at: new Date(dispatchedMs).toISOString() });
      // warm for 25 minutes on the way: a deviation, so the manufacturer gets the receipt mail (8.1.6)
      const excursion = { startMs: dispatchedMs + HOUR, endMs: dispatchedMs + HOUR + 25 * 60_000 };
      await stack.readings.writeReadings(
        readingsBetween(logger, dispatchedMs - 60_000, nowMs - 1_000, excursion),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await smtp?.stop();
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`signs with two people and shows both signatures (${lang})`, { timeout: 180_000 }, async () => {
      const id = `SIG-${lang}-${tag}`;
      const text =
        lang === 'zh'
          ? { received: '接收', verified: '复核', title: '电子签名' }
          : { received: 'received', verified: 'verified', title: 'Electronic signatures' };
      const context = await tabletContext(browser);
      if (lang === 'en') await context.addInitScript(() => localStorage.setItem('coldtrace.locale', 'en'));
      const page = await context.newPage();
      const errors = watchErrors(page);

      if (lang === 'zh') {
        // first sign-in with the password an administrator gave: the person sets their own
        await page.goto(`${stack.baseUrl}/handover?id=${id}`);
        await page.waitForURL('**/login?next=*');
        await page.locator('body.ready').waitFor();
        await screenshot(page, `signing-${lang}-1-sign-in`);
        await page.getByLabel('登录名').fill(people.receiver.login);
        await page.getByLabel('密码', { exact: true }).fill(people.receiver.temporary);
        await page.getByLabel('密码', { exact: true }).press('Enter');
        await page.locator('#change-password:not([hidden])').waitFor();
        await page.getByLabel('新密码').fill(people.receiver.own);
        await screenshot(page, `signing-${lang}-2-own-password`);
        await page.getByLabel('新密码').press('Enter');
        await page.waitForURL(`**/handover?id=${id}`);
        await page.locator('body.ready').waitFor();
      } else {
        await signIn(page, stack.baseUrl, people.receiver.login, people.receiver.own, `/handover?id=${id}`);
      }
      // no API key anywhere: the session cookie is httpOnly, the tab keeps no key
      expect(await page.evaluate(() => sessionStorage.getItem('coldtrace.apiKey'))).toBeNull();
      expect(await page.evaluate(() => document.cookie)).toBe('');
      expect(await page.locator('header .person').textContent()).toBe(people.receiver.name);

      await page.locator('#banner[data-status="deviation"]').waitFor();
      for (const name of ['quantityOk', 'labelOk', 'documentsOk', 'packagingOk', 'appearanceOk', 'stateOk'])
        await page.locator(`input[name="${name}"][value="yes"]`).check();
      expect(await page.locator('#typed-names').isHidden()).toBe(true);
      await page.locator('#sign-receiver-login').fill(people.receiver.login);
      await page.locator('#sign-receiver-password').fill(people.receiver.own);
      // a wrong verifier password is refused, nothing is recorded, and the passwords are cleared
      await page.locator('#sign-verifier-login').fill(people.verifier.login);
      await page.locator('#sign-verifier-password').fill('not the right password');
      await page.locator('#confirm').click();
      await page.locator('#receipt-error:not([hidden])').waitFor();
      expect(await page.locator('#receipt-error').textContent()).toContain(
        lang === 'zh' ? '签名被拒绝' : 'Signature refused',
      );
      expect(await page.locator('#sign-receiver-password').inputValue()).toBe('');
      expect(await page.locator('#done').isHidden()).toBe(true);

      await page.locator('#sign-receiver-password').fill(people.receiver.own);
      await page.locator('#sign-verifier-login').fill(people.verifier.login);
      await page.locator('#sign-verifier-password').fill(people.verifier.own);
      await screenshot(page, `signing-${lang}-3-form`);
      await page.locator('#confirm').click();
      await page.locator('#signatures li[data-signature="verified"]').waitFor();
      const lines = await page.locator('#signatures li').allTextContents();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(people.receiver.name);
      expect(lines[0]).toContain(text.received);
      expect(lines[1]).toContain(people.verifier.name);
      expect(lines[1]).toContain(text.verified);
      for (const l of lines) expect(l).toMatch(/\(Asia\/Shanghai, UTC\+08:00\)/);
      await screenshot(page, `signing-${lang}-4-signed`);
      await page
        .locator('#done')
        .screenshot({ path: path.join(SCREENSHOT_DIR, `signing-${lang}-4-signatures.png`) });

      // the PDF: fetched with the page's session, rendered to PNG, read back
      const locale = lang === 'zh' ? 'zh-CN' : 'en';
      const pdf = await page.request.get(
        `${stack.baseUrl}/api/v1/shipments/${id}/report?format=pdf&lang=${locale}`,
      );
      expect(pdf.status()).toBe(200);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const pdfFile = path.join(SCREENSHOT_DIR, `signing-${lang}-report.pdf`);
      await writeFile(pdfFile, await pdf.body());
      const { stdout: pdfText } = await run('pdftotext', ['-layout', pdfFile, '-']);
      for (const w of [text.title, people.receiver.name, people.verifier.name, text.received, text.verified])
        expect(pdfText).toContain(w);
      const prefix = path.join(SCREENSHOT_DIR, `signing-${lang}-5-report`);
      await run('pdftoppm', ['-png', '-r', '70', pdfFile, prefix]);
      const pngs = (await readdir(SCREENSHOT_DIR)).filter((f) => f.startsWith(`signing-${lang}-5-report`));
      expect(pngs.length).toBeGreaterThan(0);

      // the receipt mail to the manufacturer's QA (8.1.6), as it reached the SMTP server
      const [mail] = await smtp.waitForMails(
        1,
        (m) => (m.parsed.subject ?? '').includes(`[${id}] RECEIPT`),
        120_000,
      );
      // the printable report rides along as a PDF, next to the CSV record (issue 17)
      const pdfPart = mail!.parsed.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdfPart?.filename).toBe(`${id}-report.pdf`);
      expect(pdfPart!.content.subarray(0, 5).toString()).toBe('%PDF-');
      const body = mail!.parsed.text ?? '';
      expect(body).toContain(people.receiver.name);
      expect(body).toContain(people.verifier.name);
      const signedLine = body
        .split('\n')
        .find((l) => l.includes(people.verifier.name) && l.includes(text.verified));
      expect(signedLine, body).toMatch(/\(Asia\/Shanghai, UTC\+08:00\)/);
      await writeFile(path.join(SCREENSHOT_DIR, `signing-${lang}-6-mail.html`), String(mail!.parsed.html));
      const mailPage = await context.newPage();
      await mailPage.setContent(String(mail!.parsed.html));
      await screenshot(mailPage, `signing-${lang}-6-mail`);

      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
