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
  },
});
