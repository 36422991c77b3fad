import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PeopleErrors } from '../../store/people/errors.js';
import type { Role } from '../../store/sql/api-keys-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import type { RequestActor } from '../auth.js';

/**
 * Page sessions (issue 14): a random token in an httpOnly, SameSite=Strict cookie (Secure under
 * TLS); the sessions table keeps only its sha256. A session idle for the configured minutes ends.
 * Every state-changing request made with a session must carry the session's CSRF token in the
 * `x-csrf-token` header (a cross-site form cannot read it, nor set the header).
 */
export const SESSION_COOKIE = 'ct_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a session whose password must be changed may still use this route */
    duringPasswordChange?: boolean;
  }
}

export interface SessionSettings {
  records: Pick<RecordsStore, 'sessions' | 'users'>;
  idleMs: number;
  secureCookie: boolean;
  now: () => number;
}

/** The session token from the Cookie header, if any. */
export function sessionToken(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  s: Pick<SessionSettings, 'secureCookie'>,
): void {
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${s.secureCookie ? '; Secure' : ''}`,
  );
}

export function clearSessionCookie(reply: FastifyReply, s: Pick<SessionSettings, 'secureCookie'>): void {
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${s.secureCookie ? '; Secure' : ''}`,
  );
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The person behind the request's session cookie, or undefined when there is none. Throws
 * CT_SESSION_EXPIRED for an ended or idle session, CT_CSRF_REFUSED for a change without the
 * token, CT_PASSWORD_CHANGE_REQUIRED while the person has not set their own password.
 */
export async function sessionActor(
  req: FastifyRequest,
  allowed: readonly Role[],
  s: SessionSettings,
): Promise<RequestActor | undefined> {
  const token = sessionToken(req);
  if (!token) return undefined;
  const session = await s.records.sessions.touch(token, s.now(), s.idleMs);
  if (!session) throw new PeopleErrors.sessionExpired();
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) throw new PeopleErrors.csrfRefused();
  }
  const user = await s.records.users.get(session.userId);
  if (user.disabledAt) throw new PeopleErrors.sessionExpired();
  if (user.mustChangePassword && !req.routeOptions.config.duringPasswordChange) {
    throw new PeopleErrors.passwordChangeRequired();
  }
  // the route's role the person holds, else their first (the auth hook then refuses it)
  const role = user.roles.find((r) => allowed.includes(r)) ?? user.roles[0] ?? 'viewer';
  return {
    id: user.id,
    name: user.printedName,
    role,
    roles: user.roles,
    scope: user.scope,
    user: { id: user.id, login: user.login, printedName: user.printedName, locale: user.locale },
    session: { id: session.id, csrfToken: session.csrfToken },
  };
}
