import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot'));

/** Page paths and their HTML file: plain ES modules in the browser, nothing to build. */
const PAGES: Record<string, string> = {
  '/login': 'login.html',
  '/handover': 'handover.html',
  '/board': 'board.html',
  '/alerts': 'alerts.html',
  '/ward': 'ward.html',
  '/timeline': 'timeline.html',
  '/storage': 'storage.html',
  '/audit': 'audit.html',
  // issue 15: deviation cases (list, one case with its signed steps)
  '/case': 'case.html',
};

async function pages(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: publicDir, prefix: '/ui/', index: false });
  // uPlot served from node_modules: no CDN, no network at the bedside
  await app.register(fastifyStatic, {
    root: uplotDir,
    prefix: '/ui/vendor/uplot/',
    decorateReply: false,
    index: false,
  });

  // pages are for browsers, not API operations: kept out of /docs
  const hide = { schema: { hide: true } };
  for (const [url, file] of Object.entries(PAGES)) {
    app.get(url, hide, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile(file, publicDir));
  }
  app.get('/', hide, (_req, reply) => reply.redirect('/handover'));
}

/**
 * The built-in pages (handover, live board, QA alerts, ward, product timeline, log-in): static files only. Everything they
 * show comes from the documented API under /api/v1 (the site's zone, the message catalogue, the
 * records), called from the browser like any other client. Registered in a child context so its
 * static file decorations stay its own.
 */
export const webPagesPlugin: FastifyPluginAsync = fp(
  async (app) => {
    await app.register(pages);
  },
  { name: 'coldtrace-web-pages', fastify: '5.x' },
);
