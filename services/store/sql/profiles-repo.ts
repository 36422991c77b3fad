import type { Profile } from '../../domain/contract.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { StoreErrors } from './errors.js';
import { fromJson, type SqlDb, type SqlQueryable, toIso } from './sql-db.js';

export interface StoredProfile {
  profile: Profile;
  version: number;
  createdAt: string;
}

interface ProfileRow {
  body: unknown;
  version: number;
  created_at: Date;
}

const toStored = (r: ProfileRow): StoredProfile => ({
  profile: fromJson<Profile>(r.body),
  version: Number(r.version),
  createdAt: toIso(r.created_at),
});

/**
 * Profiles are versioned (7.7): saving an existing id adds a version; shipments pin the version
 * they were created under, so a later change never rewrites a past verdict.
 */
export class ProfilesRepo {
  constructor(private readonly db: SqlDb) {}

  async save(profile: Profile, actor: Actor, reason?: string): Promise<StoredProfile> {
    return this.db.transaction(async (tx) => {
      const current = await latest(tx, profile.id, true);
      const version = (current?.version ?? 0) + 1;
      const rows = await tx.query<ProfileRow>(
        `INSERT INTO profiles (id, version, body, created_by) VALUES ($1, $2, $3, $4)
         RETURNING body, version, created_at`,
        [profile.id, version, JSON.stringify(profile), actor.id],
      );
      await appendAudit(tx, {
        actor,
        action: current ? 'update' : 'create',
        entity: 'profile',
        entityId: profile.id,
        reason: reason ?? (current ? `new version ${version}` : undefined),
        oldValue: current?.profile,
        newValue: { ...profile, version },
      });
      return toStored(rows[0]!);
    });
  }

  async get(id: string, version?: number): Promise<StoredProfile> {
    const found =
      version === undefined
        ? await latest(this.db, id, false)
        : (
            await this.db.query<ProfileRow>(
              'SELECT body, version, created_at FROM profiles WHERE id = $1 AND version = $2',
              [id, version],
            )
          ).map(toStored)[0];
    if (!found) throw new StoreErrors.profileNotFound(id);
    return found;
  }

  async list(): Promise<StoredProfile[]> {
    const rows = await this.db.query<ProfileRow>(
      `SELECT DISTINCT ON (id) body, version, created_at FROM profiles ORDER BY id, version DESC`,
    );
    return rows.map(toStored);
  }
}

async function latest(db: SqlQueryable, id: string, forUpdate: boolean): Promise<StoredProfile | undefined> {
  const rows = await db.query<ProfileRow>(
    `SELECT body, version, created_at FROM profiles WHERE id = $1 ORDER BY version DESC LIMIT 1${
      forUpdate ? ' FOR UPDATE' : ''
    }`,
    [id],
  );
  return rows.map(toStored)[0];
}
