import pg from 'pg';

/**
 * A session-level PostgreSQL advisory lock on a connection of its own: held while that connection
 * lives, released by PostgreSQL the moment the holder's connection ends, a SIGKILLed process
 * included (the kernel closes its socket). Locks are per database, so the key includes the
 * schema: two installations (or two test files) in one database do not contend.
 */
export class AdvisoryLock {
  private lostHandlers: ((error: Error) => void)[] = [];
  private ended = false;

  private constructor(
    private readonly client: pg.Client,
    readonly name: string,
  ) {
    const lose = (error: Error) => {
      if (this.ended) return;
      this.ended = true;
      for (const h of this.lostHandlers) h(error);
    };
    client.on('error', (error) => lose(error));
    client.on('end', () => lose(new Error('lock connection ended')));
  }

  static async connect(databaseUrl: string, name: string): Promise<AdvisoryLock> {
    // keepAlive: a silent network partition ends the connection (and frees the lock) in bounded time
    const client = new pg.Client({
      connectionString: databaseUrl,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    });
    await client.connect();
    return new AdvisoryLock(client, name);
  }

  /** true when this connection now holds the lock (or already did) */
  async tryAcquire(): Promise<boolean> {
    const r = await this.client.query<{ got: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext($1 || ':' || current_schema())) AS got",
      [this.name],
    );
    return r.rows[0]?.got === true;
  }

  /** the connection (and so the lock) is still alive: a round trip within `timeoutMs` */
  async stillHeld(timeoutMs: number): Promise<boolean> {
    if (this.ended) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const check = this.client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
           AND objid::bigint = (hashtext($1 || ':' || current_schema())::bigint & 4294967295)) AS held`,
        [this.name],
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('lock check timed out')), timeoutMs);
      });
      const r = await Promise.race([check, timeout]);
      return r.rows[0]?.held === true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  onLost(handler: (error: Error) => void): void {
    this.lostHandlers.push(handler);
  }

  /** ends the connection: PostgreSQL releases the lock */
  async release(): Promise<void> {
    this.ended = true;
    await this.client.end().catch(() => {});
  }
}
