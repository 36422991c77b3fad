import { describe, expect, it } from 'vitest';
// the very module the login page loads (dashboards/web/public/js/login.js)
import { sameSiteNext } from './public/js/safe-next.js';

const ORIGIN = 'https://coldtrace.clinic.example';

describe('login: next page stays on the site', () => {
  it.each([
    '/\\evil.example',
    '/%5Cevil.example',
    '//evil.example',
    '/\\/evil.example',
    '/\t/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
  ])('refuses %j', (next) => {
    const target = sameSiteNext(decodeURIComponent(next), ORIGIN);
    expect(target).toBe('/handover');
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
  });

  it('keeps a page of the site with its query and hash', () => {
    expect(sameSiteNext('/board?site=a#x', ORIGIN)).toBe('/board?site=a#x');
  });

  it('reads next as URLSearchParams gives it from /login?next=/%5Cevil.example', () => {
    const next = new URLSearchParams('?next=/%5Cevil.example').get('next') ?? '';
    expect(sameSiteNext(next, ORIGIN)).toBe('/handover');
  });
});
