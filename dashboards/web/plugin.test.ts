import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPagesPlugin } from './plugin.js';

describe('web pages plugin', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(webPagesPlugin);
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves each page as HTML that loads its own module script, with no CDN', async () => {
    for (const page of ['/handover', '/board', '/alerts', '/ward', '/timeline', '/login']) {
      const res = await app.inject(page);
      expect(res.statusCode, page).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const scripts = [...res.body.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
      expect(scripts, page).toHaveLength(1);
      expect(res.body).not.toMatch(/https?:\/\//);
      expect((await app.inject(scripts[0]!)).statusCode, scripts[0]).toBe(200);
    }
    expect((await app.inject('/')).headers.location).toBe('/handover');
  });

  it('serves uPlot from node_modules as an ES module', async () => {
    const res = await app.inject('/ui/vendor/uplot/uPlot.esm.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('export');
    expect((await app.inject('/ui/vendor/uplot/uPlot.min.css')).statusCode).toBe(200);
  });

  it('serves no data of its own: the pages read the API', async () => {
    for (const url of ['/ui/api/me', '/ui/api/storage-units', '/ui/site.json', '/ui/messages/en.json']) {
      expect((await app.inject(url)).statusCode, url).toBe(404);
    }
  });
});
