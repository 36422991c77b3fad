import { defineConfig } from 'vitest/config';

// The domain's own tests, without the global setup (no InfluxDB, no network): what `npm run
// mutation` runs against each mutant. fast-check gets a fixed seed so a run is reproducible.
export default defineConfig({
  test: {
    include: ['services/domain/**/*.test.ts'],
    setupFiles: ['test/mutation/fixed-seed.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    maxWorkers: 1,
  },
});
