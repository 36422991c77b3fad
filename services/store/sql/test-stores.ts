import { testPostgres } from '../../../test/helpers/postgres.js';
import { openSqlDb } from './open-db.js';
import { type RecordsStore, recordsStoreOver } from './records-store.js';
import { testPglite } from './test-pglite.js';

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
