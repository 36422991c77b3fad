// Where the login page may send the reader after signing in: a page of this site only (#12).
// The browser reads `/\evil.example` as `//evil.example`, another site; parse as the browser does.
export function sameSiteNext(next, origin, fallback = '/handover') {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  let url;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
