import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'worker/**/*.test.ts', 'web/**/*.test.ts', 'simulation/**/*.test.ts'],
    globalSetup: ['server/testing/global-setup.ts'],
    // each test file gets its own database cloned from a migrated template
    pool: 'forks',
    // two at a time even on two cores (vitest's default there is one): a browser test waits on
    // its page much of the time, and the other file uses the core meanwhile
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/results.json' },
  },
});
