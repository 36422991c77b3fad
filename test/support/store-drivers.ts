import { openSqlDb } from '../../services/store/sql/open-db.js';
import { type RecordsStore, recordsStoreOver } from '../../services/store/sql/records-store.js';
import { testPglite } from './pglite.js';
import { testPostgres } from './postgres.js';

/**
 * The two drivers the records store's tests run on (describe.each): a fresh schema on the
 * machine's PostgreSQL, and an in-memory PGlite. Each returns the store and its cleanup.
 */
export type StoreFactory = () => Promise<{ store: RecordsStore; cleanup: () => Promise<void> }>;

export const storeDrivers: [string, StoreFactory][] = [
  [
    'postgres',
    async () => {
      const pg = await testPostgres('rec');
      const store = recordsStoreOver(await openSqlDb({ databaseUrl: pg.url }));
      return {
        store,
        cleanup: async () => {
          await store.close();
          await pg.drop();
        },
      };
    },
  ],
  [
    'pglite',
    async () => {
      const store = recordsStoreOver(await testPglite());
      return { store, cleanup: () => store.close() };
    },
  ],
];
