import type { FastifyInstance } from 'fastify';

export interface Route {
  method: string;
  url: string;
}

/**
 * Every method and full path in fastify's own route table (`printRoutes`, one tree node a line,
 * four characters of drawing per level), HEAD and OPTIONS left out. Unlike the OpenAPI document it
 * also holds the routes hidden from the docs.
 */
export function routeTable(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = Math.floor(m[1]!.length / 4) - 1;
    stack.length = Math.max(depth, 0);
    stack.push(m[2]!);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: stack.join('') });
    }
  }
  return routes;
}
