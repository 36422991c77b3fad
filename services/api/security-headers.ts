import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The built-in pages (dashboards/web) are ES modules, uPlot and one CSS file, all from this origin,
 * calling only this origin: no inline script, nothing from elsewhere. Inline styles are allowed:
 * the printable report (routes/report.ts) carries its own <style> and style attributes so that it
 * prints alone, and the handover page opens it as a blob: document, which inherits the page's
 * policy. Plain HTTP is allowed (TLS is optional), so no upgrade-insecure-requests. Framing is
 * refused everywhere (clickjacking).
 */
export const PAGES_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Security headers on every answer (CSP, nosniff, frame refusal, no referrer). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: PAGES_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over TLS; harmless over plain HTTP (browsers ignore it there)
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
}

/**
 * /docs (swagger-ui) runs inline scripts whose hashes @fastify/swagger-ui computes (`staticCSP:
 * true`); that policy is kept for scripts, but as strict as the pages' on framing, without the
 * upgrade to https (plain HTTP must keep working), and with inline styles allowed: swagger-ui's
 * React sets style attributes at run time (no hash can name them; a hash in style-src would also
 * disable 'unsafe-inline'). The docs page shows no user data, only the OpenAPI document.
 */
export function docsCsp(header: string | number | string[]): string {
  const text = Array.isArray(header) ? header.join('; ') : String(header);
  const kept = text
    .split(';')
    .map((d) => d.trim())
    .filter((d) => {
      const name = d.split(/\s+/)[0];
      return (
        d && !['upgrade-insecure-requests', 'frame-ancestors', 'style-src', 'font-src'].includes(name ?? '')
      );
    });
  return [
    ...kept,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
  ].join('; ');
}
