import type { FastifyRequest } from 'fastify';
import { type Locale, parseLocale } from '../domain/messages/catalog.js';

/** The reader's language: `?lang=` first, then Accept-Language, then the site's default. */
export function requestLocale(req: FastifyRequest, fallback: Locale): Locale {
  const query = req.query as Record<string, unknown> | undefined;
  const lang = typeof query?.lang === 'string' ? query.lang : undefined;
  if (lang) return parseLocale(lang, fallback);
  const header = req.headers['accept-language'];
  return header ? parseLocale(header.split(',')[0]?.trim(), fallback) : fallback;
}
