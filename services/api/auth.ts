import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Scope } from '../domain/scope.js';
import type { Actor } from '../store/audit/audit-trail.js';
import { type ApiKeysRepo, hashApiKey, type Role } from '../store/sql/api-keys-repo.js';
import type { AuthFailureLimiter } from './auth-failures.js';
import { ApiErrors } from './errors.js';
import { type SessionSettings, sessionActor } from './people/session.js';

export interface RequestActor extends Actor {
  role: Role;
  /** a person's roles (issue 14); a key has its one role */
  roles?: readonly Role[];
  /** what the person or key sees; empty or absent: global */
  scope?: Scope;
  /** set when a person signed in to a page session */
  user?: { id: string; login: string; printedName: string; locale: 'zh-CN' | 'en' };
  session?: { id: string; csrfToken: string };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** roles allowed on the route; unset: public (health checks, docs, pages) */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    actor?: RequestActor;
  }
}

/** The contract's role table (DESIGN.md, HTTP). An admin may do everything. */
export const Access = {
  admin: ['admin'],
  logistics: ['admin', 'logistics'],
  receiver: ['admin', 'receiver'],
  /** the shipment itself: who sends it, who receives it, QA who reviews it */
  shipmentReaders: ['admin', 'logistics', 'receiver', 'qa'],
  /** the verdict: the receiver at handover, QA on review */
  verdictReaders: ['admin', 'receiver', 'qa'],
  qa: ['admin', 'qa'],
  /** who puts items into storage and takes them out: shippers and the receiving site */
  storageKeepers: ['admin', 'logistics', 'receiver'],
  /** issue 16: who thaws, dilutes and infuses: the receiving site's staff */
  ward: ['admin', 'receiver'],
  viewer: ['admin', 'logistics', 'receiver', 'qa', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The API key an Authorization header carries, however its scheme is cased or spaced
 * (`Bearer K`, `bearer K`, `Bearer  K` are one key): auth and the rate limit read it the same way.
 */
export function bearerKey(header: string | undefined): string | undefined {
  return BEARER.exec(header ?? '')?.[1];
}

/** The rate limit's bucket: the key's hash when one is sent (never the key itself), else the address. */
export function rateLimitBucket(req: FastifyRequest): string {
  const key = bearerKey(req.headers.authorization);
  return key ? `key:${hashApiKey(key)}` : `ip:${req.ip}`;
}

/** The authenticated actor of a route that declared roles (set by the auth hook). */
export function actorOf(req: FastifyRequest): RequestActor {
  if (!req.actor) throw new ApiErrors.unauthorized();
  return req.actor;
}

/**
 * `Authorization: Bearer <api key>` on every route that declares `config.roles`; the key's role
 * must be one of them. Keys are looked up by their hash (records store).
 */
export const authPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { apiKeys: ApiKeysRepo; failures?: AuthFailureLimiter; sessions?: SessionSettings },
  ) => {
    app.addHook('onRequest', async (req, reply) => {
      const roles = req.routeOptions.config.roles;
      if (!roles) return;
      // a person's page session (people/session.ts) when no API key is sent
      const person =
        opts.sessions && !req.headers.authorization
          ? await sessionActor(req, roles, opts.sessions)
          : undefined;
      if (person) {
        req.actor = person;
        if (!roles.includes(person.role)) throw new ApiErrors.forbidden(person.role, roles.join(', '));
        return;
      }
      const header = req.headers.authorization;
      const key = bearerKey(header);
      // a short hash prefix names the credential in the counters (the key is never kept or logged)
      const credential = hashApiKey(key ?? header ?? '').slice(0, 16);
      const locked = (ms: number) => {
        const seconds = Math.ceil(ms / 1000);
        reply.header('retry-after', String(seconds));
        return new ApiErrors.authLocked(seconds);
      };
      // the same wrong key retried from one address is not looked up again until its back-off ends
      const pairLockedMs = header ? (opts.failures?.credentialLockedForMs(req.ip, credential) ?? 0) : 0;
      if (pairLockedMs > 0) throw locked(pairLockedMs);
      const info = key ? await opts.apiKeys.authenticate(key) : undefined;
      if (!info) {
        // a request without credentials guesses nothing; a wrong or malformed one does
        if (!header || !opts.failures) throw new ApiErrors.unauthorized();
        opts.failures.recordFailure(req.ip, credential);
        const lockedMs = opts.failures.lockedForMs(req.ip);
        if (lockedMs > 0) {
          req.log.warn({ clientAddress: req.ip, requestId: req.id }, 'API key guessing: address backing off');
          throw locked(lockedMs);
        }
        throw new ApiErrors.unauthorized();
      }
      req.actor = { id: info.id, name: info.name, role: info.role, scope: info.scope };
      if (!roles.includes(info.role)) throw new ApiErrors.forbidden(info.role, roles.join(', '));
    });
  },
  { name: 'coldtrace-auth', fastify: '5.x' },
);
