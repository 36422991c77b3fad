import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../../domain/scope.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { StoreErrors } from './errors.js';
import { type SqlDb, toIso, toIsoOrUndefined } from './sql-db.js';

export const ROLES = ['admin', 'logistics', 'receiver', 'qa', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt?: string;
  /** what the key sees (issue 14); empty: global */
  scope: Scope;
}

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  created_at: Date;
  revoked_at: Date | null;
  scope_org?: string | null;
  scope_site?: string | null;
}

const toInfo = (r: KeyRow): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: toIso(r.created_at),
  revokedAt: toIsoOrUndefined(r.revoked_at),
  scope: {
    ...(r.scope_org != null && { organisation: r.scope_org }),
    ...(r.scope_site != null && { site: r.scope_site }),
  },
});

/** Keys are random 32 bytes, so a plain sha256 is enough to keep them unguessable at rest. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export const BOOTSTRAP_ADMIN_KEY_ID = 'bootstrap-admin';

export class ApiKeysRepo {
  constructor(private readonly db: SqlDb) {}

  /** Issues a key; the key text is returned once and only its hash is kept. */
  async issue(
    name: string,
    role: Role,
    actor: Actor,
    scope: Scope = {},
  ): Promise<{ info: ApiKeyInfo; key: string }> {
    const id = `k_${randomBytes(6).toString('hex')}`;
    const key = `ctk_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<KeyRow>(
        'INSERT INTO api_keys (id, name, role, key_hash, scope_org, scope_site) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [id, name, role, hashApiKey(key), scope.organisation ?? null, scope.site ?? null],
      );
      await appendAudit(tx, {
        actor,
        action: 'create',
        entity: 'api_key',
        entityId: id,
        newValue: { name, role, ...((scope.organisation || scope.site) && { scope }) },
      });
      return { info: toInfo(rows[0]!), key };
    });
  }

  /**
   * COLDTRACE_ADMIN_KEY: makes sure this key is a valid admin key (a fresh installation and
   * automation start without a manual step). Changing the variable replaces the old bootstrap key.
   */
  async ensureBootstrapAdmin(key: string): Promise<void> {
    const keyHash = hashApiKey(key);
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ key_hash: string }>(
        'SELECT key_hash FROM api_keys WHERE id = $1 FOR UPDATE',
        [BOOTSTRAP_ADMIN_KEY_ID],
      );
      if (rows[0]?.key_hash === keyHash) return;
      const actor = { id: 'system', name: 'COLDTRACE_ADMIN_KEY' };
      if (rows[0]) {
        await tx.query('UPDATE api_keys SET key_hash = $2, revoked_at = NULL WHERE id = $1', [
          BOOTSTRAP_ADMIN_KEY_ID,
          keyHash,
        ]);
      } else {
        await tx.query(
          "INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, 'bootstrap admin', 'admin', $2)",
          [BOOTSTRAP_ADMIN_KEY_ID, keyHash],
        );
      }
      await appendAudit(tx, {
        actor,
        action: rows[0] ? 'replace' : 'create',
        entity: 'api_key',
        entityId: BOOTSTRAP_ADMIN_KEY_ID,
        reason: 'bootstrap admin key from the environment',
        newValue: { name: 'bootstrap admin', role: 'admin' },
      });
    });
  }

  /** The key's holder, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<ApiKeyInfo | undefined> {
    const rows = await this.db.query<KeyRow>(
      'SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashApiKey(key)],
    );
    return rows[0] ? toInfo(rows[0]) : undefined;
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.db.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at')).map(toInfo);
  }

  async revoke(id: string, actor: Actor, reason?: string): Promise<ApiKeyInfo> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<KeyRow>(
        'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING *',
        [id],
      );
      if (!rows[0]) throw new StoreErrors.apiKeyNotFound(id);
      await appendAudit(tx, {
        actor,
        action: 'revoke',
        entity: 'api_key',
        entityId: id,
        reason,
        oldValue: { revokedAt: null },
        newValue: { revokedAt: toIso(rows[0].revoked_at) },
      });
      return toInfo(rows[0]);
    });
  }
}
