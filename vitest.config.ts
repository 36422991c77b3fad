import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'services/**/*.test.ts',
      'gateway/**/*.test.ts',
      'firmware-sim/**/*.test.ts',
      'dashboards/**/*.test.ts',
      'test/**/*.test.ts',
      'cli/**/*.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // each worker keeps its loaded modules from file to file: importing fastify, the stores and
    // the domain again for each of 150 files cost ~130 s of a 460 s run on this 2-core machine.
    // Tests share no state through modules (each starts its own stores, brokers and servers), and
    // a timer left behind by one file surfaces in the next as an unhandled error, which fails the run.
    isolate: false,
  },
});
