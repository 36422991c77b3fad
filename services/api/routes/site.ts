import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MESSAGE_TABLES } from '../../domain/messages/all.js';
import { LOCALES, type Locale, type MessageTable } from '../../domain/messages/catalog.js';
import { ApiErrors } from '../errors.js';
import { errorBodySchema } from '../schemas.js';

const TABLES: readonly MessageTable[] = MESSAGE_TABLES;

/** The whole catalogue in one locale, as the pages' scripts read it: key -> text with {placeholders}. */
function messagesFor(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of TABLES) for (const [key, entry] of Object.entries(table)) out[key] = entry[locale];
  return out;
}

/**
 * What every page loads first, without a key: the site's zone and default language, and the one
 * message catalogue in a language (public: the log-in page needs them before anyone signs in).
 */
export const siteRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { site } = app.deps.config;
    app.get(
      '/site',
      {
        schema: {
          tags: ['site'],
          summary: "the site's zone, language and languages offered",
          description: "The site's time zone (times on the pages are shown in it) and default language.",
          response: {
            200: z.object({
              timeZone: z.string(),
              locale: z.enum(LOCALES),
              locales: z.array(z.enum(LOCALES)),
            }),
          },
        },
      },
      async () => ({ timeZone: site.timeZone, locale: site.locale, locales: [...LOCALES] }),
    );
    app.get(
      '/messages/:locale',
      {
        schema: {
          tags: ['site'],
          summary: "the pages' message catalogue in one language",
          description:
            'Every text a person reads (pages, findings, clauses, errors, mails, reports) in one language: key -> text with {placeholders}.',
          params: z.object({ locale: z.string() }),
          response: { 200: z.record(z.string(), z.string()), 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const locale = LOCALES.find((l) => l === req.params.locale);
        if (!locale) throw new ApiErrors.pageLocaleUnknown(req.params.locale);
        return reply.header('cache-control', 'no-cache').send(messagesFor(locale));
      },
    );
  },
  { name: 'coldtrace-site', fastify: '5.x' },
);
