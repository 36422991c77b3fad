import type { Config } from '../../config/config.js';
import { AuditAnchor, anchorFileOf } from '../audit/audit-anchor.js';
import { type AuditKey, checkAuditKey, loadAuditKey, withAuditKey } from '../audit/audit-key.js';
import { type AuditRecord, auditOf } from '../audit/audit-trail.js';
import { type AuditVerification, verifyAudit } from '../audit/audit-verify.js';
import { AlertsRepo } from './alerts-repo.js';
import { ApiKeysRepo } from './api-keys-repo.js';
import { AuditSearchRepo } from './audit-search-repo.js';
import { DeviationCasesRepo } from './deviation-cases-repo.js';
import { type DeviceDirectory, DeviceRevocation, DevicesRepo } from './devices-repo.js';
import { LoggerFilesRepo } from './logger-files-repo.js';
import { openSqlDb } from './open-db.js';
import { OutboxRepo } from './outbox-repo.js';
import { ProductsRepo } from './products-repo.js';
import { ProfilesRepo } from './profiles-repo.js';
import { SessionsRepo } from './sessions-repo.js';
import { ShipmentsRepo } from './shipments-repo.js';
import { SignaturesRepo } from './signatures-repo.js';
import type { SqlDb, SqlQueryable } from './sql-db.js';
import { StorageRepo } from './storage-repo.js';
import { UsersRepo } from './users-repo.js';
import { WatchRepo } from './watch-repo.js';

/**
 * A transaction of the records store, handed to a callback of `RecordsStore.transaction` (or of a
 * repository method that offers one). Only the store's own functions use it: openAlert,
 * closeAlert, markEscalated, insertOutboxMail, appendAudit.
 */
export type RecordsTx = SqlQueryable;

/** The records store: entities in SQL (PostgreSQL or PGlite), each change audited. */
export interface RecordsStore {
  profiles: ProfilesRepo;
  devices: DevicesRepo;
  shipments: ShipmentsRepo;
  storage: StorageRepo;
  /** products followed from storage to infusion (issue 16, 0900) */
  products: ProductsRepo;
  apiKeys: ApiKeysRepo;
  /** logger files handed over at the door (0500) */
  loggerFiles: LoggerFilesRepo;
  alerts: AlertsRepo;
  outbox: OutboxRepo;
  /** what the rules worker watches */
  watch: WatchRepo;
  /** people: accounts, page sessions, electronic signatures (issue 14) */
  users: UsersRepo;
  sessions: SessionsRepo;
  signatures: SignaturesRepo;
  /** deviation cases: assessment, advice, disposition (issue 15) */
  deviations: DeviationCasesRepo;
  /** for the gateway's device authentication */
  deviceDirectory: DeviceDirectory;
  /** revoked devices can no longer log in */
  deviceRevocation: DeviceRevocation;
  /** the store answers a trivial query */
  ping(): Promise<boolean>;
  /** issue 12: the chain's hashes, MACs (with the key), anchors and the GxP records against it */
  verifyAudit(): Promise<AuditVerification>;
  /** writes the chain's head to the anchor file outside the store; absent without key and file */
  auditAnchor?: AuditAnchor;
  /** is this process's audit key the one the chain was keyed with? ('unkeyed': no key at all) */
  auditKeyCheck(): Promise<'first' | 'same' | 'different' | 'unkeyed'>;
  /** the audit trail searched by person, record and time, newest first */
  auditSearch: AuditSearchRepo;
  /** the audit trail of one entity, oldest first */
  auditOf(entity: string, entityId: string): Promise<AuditRecord[]>;
  /** Runs fn in one transaction (e.g. an alert and its mail): committed when fn resolves. */
  transaction<T>(fn: (tx: RecordsTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The audit chain's key (outside the database) and the file its head is anchored in. */
export interface AuditSealing {
  key: AuditKey;
  anchorFile?: string;
}

export function recordsStoreOver(raw: SqlDb, audit?: AuditSealing): RecordsStore {
  // every transaction carries the key, so each audit row is written with its MAC
  const db = audit ? withAuditKey(raw, audit.key) : raw;
  const devices = new DevicesRepo(db);
  const store: RecordsStore = {
    profiles: new ProfilesRepo(db),
    devices,
    shipments: new ShipmentsRepo(db),
    storage: new StorageRepo(db),
    products: new ProductsRepo(db),
    apiKeys: new ApiKeysRepo(db),
    loggerFiles: new LoggerFilesRepo(db),
    alerts: new AlertsRepo(db),
    outbox: new OutboxRepo(db),
    watch: new WatchRepo(db),
    users: new UsersRepo(db),
    sessions: new SessionsRepo(db),
    signatures: new SignaturesRepo(db),
    deviations: new DeviationCasesRepo(db),
    deviceDirectory: devices,
    deviceRevocation: new DeviceRevocation(db),
    async ping() {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    verifyAudit: () => verifyAudit(db, { key: audit?.key, anchorFile: audit?.anchorFile }),
    ...(audit?.anchorFile && { auditAnchor: new AuditAnchor(db, audit.key, audit.anchorFile) }),
    auditKeyCheck: async () => (audit ? checkAuditKey(db, audit.key) : 'unkeyed'),
    auditSearch: new AuditSearchRepo(db),
    auditOf: (entity, entityId) => auditOf(db, entity, entityId),
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
  SQL_OF.set(store, db);
  return store;
}

const SQL_OF = new WeakMap<RecordsStore, SqlDb>();

/**
 * The raw SQL handle under a records store. Not part of the store's interface: for the store's own
 * tooling and for tests that tamper with tables on purpose (test/support/records-sql.ts).
 */
export function sqlDbOf(store: RecordsStore): SqlDb {
  const db = SQL_OF.get(store);
  if (!db) throw new Error('not a records store opened by recordsStoreOver');
  return db;
}

/**
 * PostgreSQL when COLDTRACE_DATABASE_URL is set, else PGlite in `<dataDir>/records`; migrated.
 * `inMemory` (tests) gives a PGlite without a folder. The bootstrap admin key is ensured here.
 * The audit key comes from the setting or `<dataDir>/audit/audit-key` (made on first start unless
 * `createAuditKey` is false), the anchors go to `<dataDir>/audit/anchors.jsonl`.
 */
export async function openRecordsStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'adminKey'> & Partial<Pick<Config, 'audit'>>,
  opts: { inMemory?: boolean; createAuditKey?: boolean } = {},
): Promise<RecordsStore> {
  const key = await loadAuditKey(config, { create: opts.createAuditKey });
  const db = await openSqlDb({
    databaseUrl: config.databaseUrl,
    dataDir: opts.inMemory ? undefined : config.dataDir,
  });
  const store = recordsStoreOver(db, key && { key, anchorFile: anchorFileOf(config.dataDir) });
  // the first process to open a store fixes the key its chain is keyed with (a verify writes nothing)
  if (key && opts.createAuditKey !== false) await store.auditKeyCheck();
  if (config.adminKey) await store.apiKeys.ensureBootstrapAdmin(config.adminKey);
  return store;
}
