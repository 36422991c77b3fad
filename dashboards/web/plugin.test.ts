import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPagesPlugin } from './plugin.js';

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

/** Every catalogue key the pages use: data-i18n attributes in the HTML, t('page....') calls in the scripts. */
async function keysUsedByPages(): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of await readdir(publicDir)) {
    if (!file.endsWith('.html')) continue;
    const html = await readFile(path.join(publicDir, file), 'utf8');
    for (const m of html.matchAll(/data-i18n(?:-placeholder|-label)?="([\w.]+)"/g)) keys.add(m[1]!);
  }
  for (const file of await readdir(path.join(publicDir, 'js'))) {
    const js = await readFile(path.join(publicDir, 'js', file), 'utf8');
    for (const m of js.matchAll(/\bt\('((?:page|check|clause|finding)\.[\w.]+)'/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('web pages plugin', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(webPagesPlugin, { site: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' } });
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves each page as HTML that loads its own module script, with no CDN', async () => {
    for (const page of ['/handover', '/board', '/alerts', '/login']) {
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

  it('tells the pages the site zone and default language', async () => {
    const res = await app.inject('/ui/site.json');
    expect(res.json()).toMatchObject({
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      locales: ['zh-CN', 'en'],
    });
  });

  it('hands the browser the one catalogue, with every key the pages use, in both languages', async () => {
    const zh = (await app.inject('/ui/messages/zh-CN.json')).json() as Record<string, string>;
    const en = (await app.inject('/ui/messages/en.json')).json() as Record<string, string>;
    const used = await keysUsedByPages();
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !(k in zh) || !(k in en));
    expect(missing).toEqual([]);
    // the domain's finding and clause texts come along: one catalogue, not a copy
    expect(zh['finding.TEMP_OUT_OF_RANGE']).toMatch(/温度/);
    expect(en['clause.8.1.5']).toBeDefined();
    expect(zh['page.handover.pass']).toBe('通过');
    expect(en['page.handover.pass']).toBe('PASS');
    const fr = await app.inject('/ui/messages/fr.json');
    expect(fr.statusCode).toBe(404);
    expect(fr.json()).toMatchObject({ code: 'CT_PAGE_LOCALE_UNKNOWN' });
  });

  it('refuses a malformed shipment id on its own endpoints with a stable code', async () => {
    const res = await app.inject('/ui/api/shipments/bad%20id/context');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CT_PAGE_BAD_ID' });
    // outside the API there are no stores: a clear 503, not a crash
    const noStores = await app.inject('/ui/api/shipments/SHP-1/context');
    expect(noStores.statusCode).toBe(503);
    expect(noStores.json()).toMatchObject({ code: 'CT_PAGE_NO_RECORDS' });
  });
});
