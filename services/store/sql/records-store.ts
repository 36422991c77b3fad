import type { Config } from '../../config/config.js';
import { verifyAuditChain } from '../audit/audit-trail.js';
import { ApiKeysRepo } from './api-keys-repo.js';
import { type DeviceDirectory, DevicesRepo } from './devices-repo.js';
import { openSqlDb } from './open-db.js';
import { ProfilesRepo } from './profiles-repo.js';
import { SessionsRepo } from './sessions-repo.js';
import { ShipmentsRepo } from './shipments-repo.js';
import { SignaturesRepo } from './signatures-repo.js';
import type { SqlDb } from './sql-db.js';
import { StorageRepo } from './storage-repo.js';
import { UsersRepo } from './users-repo.js';

/** The records store: entities in SQL (PostgreSQL or PGlite), each change audited. */
export interface RecordsStore {
  db: SqlDb;
  profiles: ProfilesRepo;
  devices: DevicesRepo;
  shipments: ShipmentsRepo;
  storage: StorageRepo;
  apiKeys: ApiKeysRepo;
  /** people: accounts, page sessions, electronic signatures (issue 14) */
  users: UsersRepo;
  sessions: SessionsRepo;
  signatures: SignaturesRepo;
  /** for the gateway's device authentication */
  deviceDirectory: DeviceDirectory;
  /** the store answers a trivial query */
  ping(): Promise<boolean>;
  verifyAudit(): ReturnType<typeof verifyAuditChain>;
  close(): Promise<void>;
}

export function recordsStoreOver(db: SqlDb): RecordsStore {
  const devices = new DevicesRepo(db);
  return {
    db,
    profiles: new ProfilesRepo(db),
    devices,
    shipments: new ShipmentsRepo(db),
    storage: new StorageRepo(db),
    apiKeys: new ApiKeysRepo(db),
    users: new UsersRepo(db),
    sessions: new SessionsRepo(db),
    signatures: new SignaturesRepo(db),
    deviceDirectory: devices,
    async ping() {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    verifyAudit: () => verifyAuditChain(db),
    close: () => db.close(),
  };
}

/**
 * PostgreSQL when COLDTRACE_DATABASE_URL is set, else PGlite in `<dataDir>/records`; migrated.
 * `inMemory` (tests) gives a PGlite without a folder. The bootstrap admin key is ensured here.
 */
export async function openRecordsStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'adminKey'>,
  opts: { inMemory?: boolean } = {},
): Promise<RecordsStore> {
  const db = await openSqlDb({
    databaseUrl: config.databaseUrl,
    dataDir: opts.inMemory ? undefined : config.dataDir,
  });
  const store = recordsStoreOver(db);
  if (config.adminKey) await store.apiKeys.ensureBootstrapAdmin(config.adminKey);
  return store;
}
