import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../../domain/scope.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { PeopleErrors } from '../people/errors.js';
import { ACCOUNT_WINDOW_MS, afterFailure, type PairState, waitBeforeAttemptMs } from '../people/lockout.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../people/passwords.js';
import type { Role } from './api-keys-repo.js';
import { isUniqueViolation } from './rows.js';
import {
  fromJson,
  type SqlDb,
  type SqlQueryable,
  toIso,
  toIsoOrUndefined,
  toMsOrUndefined,
} from './sql-db.js';

export const INVITATION_DAYS = 7;

export interface UserInfo {
  id: string;
  login: string;
  printedName: string;
  email: string;
  locale: 'zh-CN' | 'en';
  roles: Role[];
  scope: Scope;
  passwordSet: boolean;
  mustChangePassword: boolean;
  disabledAt?: string;
  createdAt: string;
}

export interface NewUser {
  login: string;
  printedName: string;
  email: string;
  locale: 'zh-CN' | 'en';
  roles: Role[];
  scope?: Scope;
  /** set by the administrator: the person must change it at first sign-in; absent: an invitation */
  initialPassword?: string;
}

interface UserRow {
  id: string;
  login: string;
  printed_name: string;
  email: string;
  locale: 'zh-CN' | 'en';
  roles: unknown;
  scope_org: string | null;
  scope_site: string | null;
  password_hash: string | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  created_at: Date;
}

export const normaliseLogin = (login: string): string => login.trim().toLowerCase();

const toUser = (r: UserRow): UserInfo => ({
  id: r.id,
  login: r.login,
  printedName: r.printed_name,
  email: r.email,
  locale: r.locale,
  roles: fromJson<Role[]>(r.roles),
  scope: {
    ...(r.scope_org !== null && { organisation: r.scope_org }),
    ...(r.scope_site !== null && { site: r.scope_site }),
  },
  passwordSet: r.password_hash !== null,
  mustChangePassword: r.must_change_password,
  disabledAt: toIsoOrUndefined(r.disabled_at),
  createdAt: toIso(r.created_at),
});

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function checkPolicy(password: string, login: string): void {
  const problem = passwordProblem(password, login);
  if (problem) throw new PeopleErrors.passwordPolicy(problem);
}

export type CredentialCheck = { ok: true; user: UserInfo } | { ok: false; retryAfterMs?: number };

/** Personal accounts (issue 14): passwords as scrypt hashes, every change audited. */
export class UsersRepo {
  constructor(private readonly db: SqlDb) {}

  /** Creates an account; without an initial password it returns an invitation token (once). */
  async create(
    input: NewUser,
    actor: Actor,
    nowMs = Date.now(),
  ): Promise<{ user: UserInfo; invitation?: string }> {
    const login = normaliseLogin(input.login);
    if (input.initialPassword !== undefined) checkPolicy(input.initialPassword, login);
    const id = `u_${randomBytes(6).toString('hex')}`;
    const invitation =
      input.initialPassword === undefined ? `cti_${randomBytes(24).toString('base64url')}` : undefined;
    const passwordHash =
      input.initialPassword === undefined ? null : await hashPassword(input.initialPassword);
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<UserRow>(
          `INSERT INTO users (id, login, printed_name, email, locale, roles, scope_org, scope_site,
             password_hash, must_change_password, invitation_hash, invitation_expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
          [
            id,
            login,
            input.printedName,
            input.email,
            input.locale,
            JSON.stringify(input.roles),
            input.scope?.organisation ?? null,
            input.scope?.site ?? null,
            passwordHash,
            passwordHash !== null,
            invitation ? sha256(invitation) : null,
            invitation ? new Date(nowMs + INVITATION_DAYS * 86_400_000).toISOString() : null,
          ],
        );
        const user = toUser(rows[0]!);
        await appendAudit(tx, {
          actor,
          action: 'create',
          entity: 'user',
          entityId: id,
          newValue: { ...publicFields(user), invited: invitation !== undefined },
        });
        return { user, invitation };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new PeopleErrors.loginTaken(login);
      throw err;
    }
  }

  async get(id: string): Promise<UserInfo> {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    if (!rows[0]) throw new PeopleErrors.userNotFound(id);
    return toUser(rows[0]);
  }

  async byLogin(login: string): Promise<UserInfo | undefined> {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE login = $1', [
      normaliseLogin(login),
    ]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async list(): Promise<UserInfo[]> {
    return (await this.db.query<UserRow>('SELECT * FROM users ORDER BY login')).map(toUser);
  }

  /** Takes up an invitation: the person sets their own password. */
  async acceptInvitation(
    login: string,
    token: string,
    password: string,
    nowMs = Date.now(),
  ): Promise<UserInfo> {
    const name = normaliseLogin(login);
    checkPolicy(password, name);
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<UserRow>(
        `UPDATE users SET password_hash = $3, must_change_password = false, invitation_hash = NULL,
           invitation_expires_at = NULL, password_changed_at = $4, updated_at = $4
         WHERE login = $1 AND invitation_hash = $2 AND invitation_expires_at > $4 AND disabled_at IS NULL
         RETURNING *`,
        [name, sha256(token), hash, new Date(nowMs).toISOString()],
      );
      if (!rows[0]) throw new PeopleErrors.invitationInvalid();
      const user = toUser(rows[0]);
      await appendAudit(tx, {
        actor: { id: user.id, name: user.printedName },
        action: 'accept_invitation',
        entity: 'user',
        entityId: user.id,
        reason: 'password set by its holder',
      });
      return user;
    });
  }

  /** The holder changes their own password (after checking the current one: the caller's job). */
  async changePassword(id: string, password: string, actor: Actor, nowMs = Date.now()): Promise<UserInfo> {
    const current = await this.get(id);
    checkPolicy(password, current.login);
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<UserRow>(
        `UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = $3,
           updated_at = $3 WHERE id = $1 RETURNING *`,
        [id, hash, new Date(nowMs).toISOString()],
      );
      await appendAudit(tx, { actor, action: 'change_password', entity: 'user', entityId: id });
      return toUser(rows[0]!);
    });
  }

  /**
   * Administrator's reset: the old password stops working at once, the person's sessions end, and
   * a new invitation is returned (once), or the temporary password given must be changed at sign-in.
   */
  async resetPassword(
    id: string,
    actor: Actor,
    opts: { temporaryPassword?: string; reason?: string; nowMs?: number } = {},
  ): Promise<{ user: UserInfo; invitation?: string }> {
    const current = await this.get(id);
    const nowMs = opts.nowMs ?? Date.now();
    if (opts.temporaryPassword !== undefined) checkPolicy(opts.temporaryPassword, current.login);
    const invitation =
      opts.temporaryPassword === undefined ? `cti_${randomBytes(24).toString('base64url')}` : undefined;
    const hash = opts.temporaryPassword === undefined ? null : await hashPassword(opts.temporaryPassword);
    return this.db.transaction(async (tx) => {
      const at = new Date(nowMs).toISOString();
      const rows = await tx.query<UserRow>(
        `UPDATE users SET password_hash = $2, must_change_password = $3, invitation_hash = $4,
           invitation_expires_at = $5, updated_at = $6 WHERE id = $1 RETURNING *`,
        [
          id,
          hash,
          hash !== null,
          invitation ? sha256(invitation) : null,
          invitation ? new Date(nowMs + INVITATION_DAYS * 86_400_000).toISOString() : null,
          at,
        ],
      );
      await tx.query(
        "UPDATE sessions SET ended_at = $2, end_reason = 'password_reset' WHERE user_id = $1 AND ended_at IS NULL",
        [id, at],
      );
      await tx.query('DELETE FROM login_attempts WHERE login = $1', [current.login]);
      await appendAudit(tx, {
        actor,
        action: 'reset_password',
        entity: 'user',
        entityId: id,
        reason: opts.reason,
        newValue: { invited: invitation !== undefined },
      });
      return { user: toUser(rows[0]!), invitation };
    });
  }

  /**
   * Checks a login name and password from an address under the lockout (people/lockout.ts). A
   * locked attempt is refused before the password is looked at, and is not counted again.
   */
  async verifyCredentials(
    login: string,
    password: string,
    address: string,
    nowMs = Date.now(),
  ): Promise<CredentialCheck> {
    const name = normaliseLogin(login);
    const wait = await this.waitMs(name, address, nowMs);
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE login = $1', [name]);
    const row = rows[0];
    // an unknown login costs the same scrypt as a known one
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    if (ok && row && row.password_hash !== null && row.disabled_at === null) {
      await this.db.query('DELETE FROM login_attempts WHERE login = $1 AND address = $2', [name, address]);
      return { ok: true, user: toUser(row) };
    }
    await this.recordFailure(name, address, nowMs);
    return { ok: false };
  }

  private async waitMs(login: string, address: string, nowMs: number): Promise<number> {
    const rows = await this.db.query<{
      address: string;
      failures: number;
      last_failure_at: Date;
      locked_until: Date | null;
    }>(
      'SELECT address, failures, last_failure_at, locked_until FROM login_attempts WHERE login = $1 AND last_failure_at > $2',
      [login, new Date(nowMs - ACCOUNT_WINDOW_MS).toISOString()],
    );
    const pairRow = rows.find((r) => r.address === address);
    const pair: PairState | undefined = pairRow && {
      failures: Number(pairRow.failures),
      lockedUntilMs: toMsOrUndefined(pairRow.locked_until),
    };
    const lastFailureMs = rows.reduce<number | undefined>((max, r) => {
      const ms = toMsOrUndefined(r.last_failure_at) ?? 0;
      return max === undefined || ms > max ? ms : max;
    }, undefined);
    const recentFailures = rows.reduce((sum, r) => sum + Number(r.failures), 0);
    return waitBeforeAttemptMs(pair, { recentFailures, lastFailureMs }, nowMs);
  }

  private async recordFailure(login: string, address: string, nowMs: number): Promise<void> {
    await this.db.transaction(async (tx: SqlQueryable) => {
      await tx.query(
        'INSERT INTO login_attempts (login, address, last_failure_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [login, address, new Date(nowMs).toISOString()],
      );
      const rows = await tx.query<{ failures: number; locked_until: Date | null }>(
        'SELECT failures, locked_until FROM login_attempts WHERE login = $1 AND address = $2 FOR UPDATE',
        [login, address],
      );
      const before = rows[0] && {
        failures: Number(rows[0].failures),
        lockedUntilMs: toMsOrUndefined(rows[0].locked_until),
      };
      const next = afterFailure(before, nowMs);
      const at = new Date(nowMs).toISOString();
      const lockedUntil =
        next.lockedUntilMs === undefined ? null : new Date(next.lockedUntilMs).toISOString();
      await tx.query(
        'UPDATE login_attempts SET failures = $3, last_failure_at = $4, locked_until = $5 WHERE login = $1 AND address = $2',
        [login, address, next.failures, at, lockedUntil],
      );
    });
  }
}

/** What the audit trail records of an account (never a hash or an invitation). */
export const publicFields = (u: UserInfo) => ({
  login: u.login,
  printedName: u.printedName,
  email: u.email,
  locale: u.locale,
  roles: u.roles,
  scope: u.scope,
});
