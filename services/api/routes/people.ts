import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PeopleErrors } from '../../store/people/errors.js';
import { ROLES } from '../../store/sql/api-keys-repo.js';
import type { UserInfo } from '../../store/sql/users-repo.js';
import { Access, actorOf } from '../auth.js';
import { loginSchema, meSchema, newUserSchema, passwordSchema, userSchema } from '../people/schemas.js';
import { clearSessionCookie, setSessionCookie } from '../people/session.js';
import { errorBodySchema } from '../schemas.js';

/** Everyone who may hold a session or a key. */
const ANYONE = ROLES;

/** A scoped administrator manages only accounts inside their own scope. */
function withinAdminScope(
  admin: { organisation?: string; site?: string } | undefined,
  user: UserInfo['scope'],
): boolean {
  if (!admin) return true;
  if (admin.site !== undefined && user.site !== admin.site) return false;
  if (admin.organisation !== undefined && user.organisation !== admin.organisation) return false;
  return true;
}

/**
 * People (issue 14): accounts (admin), sign-in to a page session and sign-out, the caller's own
 * identity and password. Sign-in failures are counted per account and address (store/people/lockout.ts).
 */
export const peopleRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { users, sessions } = app.deps.records;
    const secureCookie = app.deps.config.tls !== undefined;

    app.post(
      '/users',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['people'],
          summary: 'create a personal account with a temporary password',
          description:
            'Creates a personal account. Without initialPassword the response carries an invitation token, once.',
          body: newUserSchema,
          response: {
            201: z.object({ user: userSchema, invitation: z.string().optional() }),
            400: errorBodySchema,
            403: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        if (!withinAdminScope(actor.scope, req.body.scope)) throw new PeopleErrors.scopeRefused();
        const created = await users.create(req.body, actor, app.deps.now());
        return reply.code(201).send(created);
      },
    );
    app.get(
      '/users',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['people'],
          summary: 'list personal accounts',
          response: { 200: z.array(userSchema) },
        },
      },
      async (req) => (await users.list()).filter((u) => withinAdminScope(actorOf(req).scope, u.scope)),
    );
    app.post(
      '/users/:id/reset',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['people'],
          summary: "reset a person's password to a temporary one",
          description:
            "Administrator's password reset (audited): the person's sessions end; a new invitation or a temporary password to change at sign-in.",
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z
            .strictObject({
              temporaryPassword: passwordSchema.optional(),
              reason: z.string().max(1000).optional(),
            })
            .optional(),
          response: {
            200: z.object({ user: userSchema, invitation: z.string().optional() }),
            400: errorBodySchema,
            404: errorBodySchema,
          },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const target = await users.get(req.params.id);
        if (!withinAdminScope(actor.scope, target.scope)) throw new PeopleErrors.userNotFound(req.params.id);
        return users.resetPassword(target.id, actor, { ...req.body, nowMs: app.deps.now() });
      },
    );
    app.post(
      '/users/activate',
      {
        schema: {
          tags: ['people'],
          summary: 'set an own password on first sign-in',
          description: 'Takes up an invitation: the person sets their own password.',
          body: z.strictObject({
            login: loginSchema,
            invitation: z.string().min(1).max(200),
            password: passwordSchema,
          }),
          response: { 200: userSchema, 400: errorBodySchema },
        },
      },
      async (req) =>
        users.acceptInvitation(req.body.login, req.body.invitation, req.body.password, app.deps.now()),
    );

    app.post(
      '/session',
      {
        schema: {
          tags: ['people'],
          summary: 'sign in with login name and password (session cookie)',
          description:
            'Signs a person in with login name and password: sets the httpOnly session cookie and returns the CSRF token to send as x-csrf-token.',
          body: z.strictObject({ login: loginSchema, password: passwordSchema }),
          response: { 200: meSchema, 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (req, reply) => {
        const nowMs = app.deps.now();
        const check = await users.verifyCredentials(req.body.login, req.body.password, req.ip, nowMs);
        if (!check.ok) {
          if (check.retryAfterMs !== undefined) {
            const seconds = Math.ceil(check.retryAfterMs / 1000);
            reply.header('retry-after', String(seconds));
            throw new PeopleErrors.signInLocked(seconds);
          }
          req.log.info({ clientAddress: req.ip }, 'sign-in refused');
          throw new PeopleErrors.signInFailed();
        }
        const { user } = check;
        const { session, token } = await sessions.open(user.id, req.ip, nowMs);
        setSessionCookie(reply, token, { secureCookie });
        return {
          kind: 'user' as const,
          id: user.id,
          name: user.printedName,
          login: user.login,
          role: user.roles[0]!,
          roles: user.roles,
          scope: user.scope,
          locale: user.locale,
          csrfToken: session.csrfToken,
          mustChangePassword: user.mustChangePassword,
        };
      },
    );
    app.delete(
      '/session',
      {
        config: { roles: ANYONE, duringPasswordChange: true },
        schema: {
          tags: ['people'],
          summary: 'sign out: end the session',
          description: 'Signs out: the session ends at once.',
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        if (actor.session) await sessions.end(actor.session.id, 'sign_out', app.deps.now());
        clearSessionCookie(reply, { secureCookie });
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/me',
      {
        config: { roles: ANYONE, duringPasswordChange: true },
        schema: {
          tags: ['people'],
          summary: 'who is calling: person or key, role and scope',
          description: 'Who the caller is: person or key, roles, scope.',
          response: { 200: meSchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const user = actor.user ? await users.get(actor.user.id) : undefined;
        return {
          kind: user ? ('user' as const) : ('key' as const),
          id: actor.id,
          name: actor.name,
          login: user?.login,
          role: actor.role,
          roles: [...(actor.roles ?? [actor.role])],
          scope: actor.scope ?? {},
          locale: user?.locale,
          csrfToken: actor.session?.csrfToken,
          mustChangePassword: user?.mustChangePassword,
        };
      },
    );
    app.post(
      '/me/password',
      {
        config: { roles: ANYONE, duringPasswordChange: true },
        schema: {
          tags: ['people'],
          summary: 'change your own password',
          description: 'The signed-in person changes their own password (the current one is asked again).',
          body: z.strictObject({ currentPassword: passwordSchema, newPassword: passwordSchema }),
          response: { 204: z.null(), 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        if (!actor.user) throw new PeopleErrors.signInFailed();
        const nowMs = app.deps.now();
        const check = await users.verifyCredentials(
          actor.user.login,
          req.body.currentPassword,
          req.ip,
          nowMs,
        );
        if (!check.ok) {
          if (check.retryAfterMs !== undefined)
            throw new PeopleErrors.signInLocked(Math.ceil(check.retryAfterMs / 1000));
          throw new PeopleErrors.signInFailed();
        }
        await users.changePassword(actor.user.id, req.body.newPassword, actor, nowMs);
        return reply.code(204).send(null);
      },
    );
  },
  { name: 'coldtrace-people', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
