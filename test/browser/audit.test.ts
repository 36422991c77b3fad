import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { launchBrowser, screenshot, signIn, tabletContext, watchErrors } from './browser.js';
import { deviceBody, profileBody, shipmentBody } from './scenario.js';
import { type Stack, startStack } from './stack.js';

/**
 * The audit page (issue 14; Annex 11 §9, 21 CFR 11.10(e)) in headless Chromium over `coldtrace
 * start`: a manufacturer's QA and a global administrator sign in, read who did what to which record
 * and when, filter by person, record and time; the QA sees only the entries of their
 * manufacturer's shipments. Once in zh-CN, once in English.
 */
const tag = Date.now().toString(36);
const PASSWORD = 'audit page password';
const MAKER_A = `maker-a-${tag}`;
const SH_A = `SH-AUD-A-${tag}`;
const SH_A2 = `SH-AUD-A2-${tag}`;
const SH_B = `SH-AUD-B-${tag}`;

describe('the audit page', () => {
  let stack: Stack;
  let browser: Browser;
  let adminId = '';
  let beforeAll_ms = 0;

  /** A person who has taken up their invitation: signs in without a password change. */
  async function person(login: string, printedName: string, roles: ('admin' | 'qa')[], scope: object) {
    const { user, invitation } = await stack.records.users.create(
      { login, printedName, email: `${login}@example.org`, locale: 'zh-CN', roles, scope },
      { id: 'test', name: 'browser test' },
    );
    await stack.records.users.acceptInvitation(login, invitation!, PASSWORD);
    return user.id;
  }

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    beforeAll_ms = Date.now();
    adminId = await person('admin.li', '李伟 Li Wei', ['admin'], {});
    await person('qa.wang', '王芳 Wang Fang', ['qa'], { organisation: MAKER_A });
    // the administrator works through the API with their own session: the audit names them
    const signedIn = await fetch(`${stack.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin.li', password: PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers.get('set-cookie')).split(';')[0]!;
    const csrf = ((await signedIn.json()) as { csrfToken: string }).csrfToken;
    const asAdmin = async (path: string, body: unknown) => {
      const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    };
    await asAdmin('/profiles', profileBody(`P-AUD-${tag}`));
    for (const [id, maker, site] of [
      [SH_A, MAKER_A, 'site-a'],
      [SH_B, `maker-b-${tag}`, 'site-b'],
    ] as const) {
      await asAdmin('/devices', deviceBody(`L-${id}`));
      await asAdmin('/shipments', {
        ...shipmentBody(id, `P-AUD-${tag}`, `L-${id}`),
        manufacturerOrg: maker,
        destinationSite: site,
      });
      await asAdmin(`/shipments/${id}/dispatch`, { at: new Date(Date.now() - 3_600_000).toISOString() });
    }
    // one shipment of A created by a machine (the bootstrap key), not by the person
    await stack.admin('POST', '/devices', deviceBody(`L-${SH_A2}`));
    await stack.admin('POST', '/shipments', {
      ...shipmentBody(SH_A2, `P-AUD-${tag}`, `L-${SH_A2}`),
      manufacturerOrg: MAKER_A,
      destinationSite: 'site-a',
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const rows = (page: Page) =>
    page.locator('#entries tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        actor: tr.getAttribute('data-actor'),
        entity: tr.getAttribute('data-entity'),
        text: (tr as HTMLElement).textContent,
      })),
    );
  async function search(page: Page, fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) {
      if (id === 'f-entity') await page.locator(`#${id}`).selectOption(value);
      else await page.locator(`#${id}`).fill(value);
    }
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/audit?'));
    await page.locator('#audit-filter button[type=submit]').click();
    await answered;
    await page.locator('#entries table, #entries p').first().waitFor();
  }

  it('zh-CN: a manufacturer QA reads the trail of their shipments only, by person, record and time', async () => {
    const context = await tabletContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, stack.baseUrl, 'qa.wang', PASSWORD, '/audit');
    await expect.poll(() => page.locator('h1').textContent()).toBe('审计追踪');
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('审计追踪');
    await page.locator('#entries tbody tr').first().waitFor();
    const all = await rows(page);
    const text = all.map((r) => r.text).join('\n');
    expect(text).toContain(SH_A);
    expect(text).toContain(SH_A2);
    expect(text).toContain('李伟 Li Wei');
    expect(text).toContain('运单');
    expect(text).toContain('发运');
    // another manufacturer's shipment, and the accounts and keys, are not QA's to read
    expect(text).not.toContain(SH_B);
    expect(all.every((r) => r.entity === 'shipment')).toBe(true);

    // by person: the login name finds the account's entries
    await search(page, { 'f-actor': 'admin.li' });
    const byPerson = await rows(page);
    expect(byPerson.length).toBeGreaterThanOrEqual(2);
    expect(byPerson.every((r) => r.actor === adminId)).toBe(true);
    expect(byPerson.map((r) => r.text).join('\n')).not.toContain(SH_A2);
    // by record
    await search(page, { 'f-actor': '', 'f-entity': 'shipment', 'f-entity-id': SH_A2 });
    const byRecord = await rows(page);
    expect(byRecord.length).toBe(1);
    expect(byRecord[0]!.text).toContain('创建');
    await screenshot(page, 'audit-page-zh-CN');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // by time, typed in the site's zone: nothing before the test began
    const past = new Date(beforeAll_ms - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19);
    const start = new Date(beforeAll_ms - 60_000 + 8 * 3_600_000).toISOString().slice(0, 19);
    await search(page, { 'f-entity': '', 'f-entity-id': '', 'f-from': past, 'f-to': start });
    await expect.poll(() => page.locator('#entries').textContent()).toBe('没有符合条件的审计记录。');
    await search(page, { 'f-from': start, 'f-to': '' });
    expect((await rows(page)).length).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('en: a global administrator reads every record, the accounts too', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'en' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => localStorage.setItem('coldtrace.locale', 'en'));
    await signIn(page, stack.baseUrl, 'admin.li', PASSWORD, '/audit');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Audit trail');
    await search(page, { 'f-actor': 'admin.li' });
    const text = (await rows(page)).map((r) => r.text).join('\n');
    expect(text).toContain(SH_A);
    expect(text).toContain(SH_B);
    expect(text).toContain('dispatched');
    await search(page, { 'f-actor': '', 'f-entity': 'user' });
    const accounts = (await rows(page)).map((r) => r.text).join('\n');
    expect(accounts).toContain('invitation taken up, password set');
    expect(accounts).toContain('account');
    await screenshot(page, 'audit-page-en');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
