import { createHash, randomBytes } from 'node:crypto';
import { type SqlDb, toMs } from './sql-db.js';

/** A page session (issue 14): the cookie carries a random token, the table only its sha256. */
export interface SessionInfo {
  id: string;
  userId: string;
  csrfToken: string;
  createdAtMs: number;
  lastSeenAtMs: number;
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const toSession = (r: SessionRow): SessionInfo => ({
  id: r.id,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAtMs: toMs(r.created_at),
  lastSeenAtMs: toMs(r.last_seen_at),
});

export class SessionsRepo {
  constructor(private readonly db: SqlDb) {}

  /** Opens a session; returns the cookie's token once. */
  async open(
    userId: string,
    address: string,
    nowMs: number,
  ): Promise<{ session: SessionInfo; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = `s_${randomBytes(6).toString('hex')}`;
    const at = new Date(nowMs).toISOString();
    const rows = await this.db.query<SessionRow>(
      `INSERT INTO sessions (id, token_hash, user_id, csrf_token, address, created_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
      [id, sha256(token), userId, randomBytes(24).toString('base64url'), address, at],
    );
    return { session: toSession(rows[0]!), token };
  }

  /**
   * The live session of this token, its idle clock restarted; a session idle for idleMs or more
   * is ended ('idle') and undefined is returned, as for an unknown or signed-out token.
   */
  async touch(token: string, nowMs: number, idleMs: number): Promise<SessionInfo | undefined> {
    const rows = await this.db.query<SessionRow>(
      'SELECT * FROM sessions WHERE token_hash = $1 AND ended_at IS NULL',
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    const at = new Date(nowMs).toISOString();
    if (nowMs - toMs(row.last_seen_at) >= idleMs) {
      await this.end(row.id, 'idle', nowMs);
      return undefined;
    }
    await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [row.id, at]);
    return { ...toSession(row), lastSeenAtMs: nowMs };
  }

  async end(id: string, reason: 'sign_out' | 'idle' | 'password_change', nowMs: number): Promise<void> {
    await this.db.query(
      'UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL',
      [id, new Date(nowMs).toISOString(), reason],
    );
  }
}
