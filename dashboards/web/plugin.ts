import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { LOCALES, type Locale } from '../../services/domain/messages/catalog.js';
import { PageErrors } from './errors.js';
import { loadAllMessages, messagesFor } from './messages.js';
import { type PageStores, pageDataRoutes } from './page-data.js';

export interface WebPagesOptions extends PageStores {
  /** the site's zone and default language (Config.site); times on the pages are shown in this zone */
  site?: { timeZone: string; locale: Locale };
}

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot'));

/** Page paths and their HTML file: plain ES modules in the browser, nothing to build. */
const PAGES: Record<string, string> = {
  '/login': 'login.html',
  '/handover': 'handover.html',
  '/board': 'board.html',
  '/alerts': 'alerts.html',
};

const localeParams = z.object({ locale: z.enum(LOCALES) });

async function pages(app: FastifyInstance, opts: WebPagesOptions): Promise<void> {
  const site = opts.site ?? { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const };
  await loadAllMessages();

  await app.register(fastifyStatic, { root: publicDir, prefix: '/ui/', index: false });
  // uPlot served from node_modules: no CDN, no network at the bedside
  await app.register(fastifyStatic, {
    root: uplotDir,
    prefix: '/ui/vendor/uplot/',
    decorateReply: false,
    index: false,
  });

  for (const [url, file] of Object.entries(PAGES)) {
    app.get(url, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile(file, publicDir));
  }
  app.get('/', (_req, reply) => reply.redirect('/handover'));

  await pageDataRoutes(app, { records: opts.records, readings: opts.readings });

  app.get('/ui/site.json', () => ({ timeZone: site.timeZone, locale: site.locale, locales: LOCALES }));

  app.get('/ui/messages/:locale.json', (req, reply) => {
    const parsed = localeParams.safeParse(req.params);
    if (!parsed.success)
      throw new PageErrors.localeUnknown(String((req.params as { locale?: unknown }).locale));
    return reply.header('cache-control', 'no-cache').send(messagesFor(parsed.data.locale));
  });
}

/**
 * The built-in pages (handover, live board, QA alerts, log-in) and what they load: their scripts,
 * uPlot, the site's zone and the message catalogue. Registered in a child context so its static
 * file decorations stay its own.
 */
export const webPagesPlugin: FastifyPluginAsync<WebPagesOptions> = fp(
  async (app, opts) => {
    await app.register(pages, opts);
  },
  { name: 'coldtrace-web-pages', fastify: '5.x' },
);
