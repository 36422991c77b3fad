import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Scope } from '../domain/scope.js';
import type { Actor } from '../store/audit/audit-trail.js';
import type { ApiKeysRepo, Role } from '../store/sql/api-keys-repo.js';
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
  viewer: ['admin', 'logistics', 'receiver', 'qa', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

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
      // guessing keys is limited per address, before any key is looked at (never logged)
      const lockedMs = opts.failures?.lockedForMs(req.ip) ?? 0;
      if (lockedMs > 0) {
        const seconds = Math.ceil(lockedMs / 1000);
        reply.header('retry-after', String(seconds));
        throw new ApiErrors.authLocked(seconds);
      }
      const match = BEARER.exec(req.headers.authorization ?? '');
      const info = match?.[1] ? await opts.apiKeys.authenticate(match[1]) : undefined;
      if (!info) {
        // a request without credentials guesses nothing; a wrong or malformed one does
        if (req.headers.authorization) opts.failures?.recordFailure(req.ip);
        if (opts.failures && opts.failures.lockedForMs(req.ip) > 0) {
          req.log.warn({ clientAddress: req.ip, requestId: req.id }, 'API key guessing: address locked');
        }
        throw new ApiErrors.unauthorized();
      }
      req.actor = { id: info.id, name: info.name, role: info.role, scope: info.scope };
      if (!roles.includes(info.role)) throw new ApiErrors.forbidden(info.role, roles.join(', '));
    });
  },
  { name: 'coldtrace-auth', fastify: '5.x' },
);
