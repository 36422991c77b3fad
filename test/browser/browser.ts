import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Headless Chromium of the machine (no download, no network). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.COLDTRACE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A tablet-sized context (768 px wide), as at the receiving door. */
export async function tabletContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
}

/** Collects script errors of the page so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 4')) errors.push(m.text());
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens the log-in page's API-key form (folded away under the person's sign-in). */
export async function openKeyLogin(page: Page): Promise<void> {
  await page.locator('body.ready').waitFor();
  await page.locator('details.key-login > summary').click();
  await page.locator('#api-key').waitFor();
}

/** Logs in through the page with an API key, as an integration would (type and Enter). */
export async function logIn(page: Page, baseUrl: string, apiKey: string, next = '/handover'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await openKeyLogin(page);
  await page.locator('#api-key').fill(apiKey);
  await page.locator('#api-key').press('Enter');
  await page.waitForURL(`**${next}*`);
  await page.locator('body.ready').waitFor();
}

/** Signs a person in through the page with login name and password (type and Enter). */
export async function signIn(
  page: Page,
  baseUrl: string,
  login: string,
  password: string,
  next = '/handover',
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.locator('body.ready').waitFor();
  await page.locator('#login-name').fill(login);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(`**${next}*`);
  await page.locator('body.ready').waitFor();
}
