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
    // a worker keeps the modules it loaded from one file to the next instead of loading the
    // server again for each of 114 files (about 2 s each); what a file sets module-wide (the
    // clock) is reset before the next (server/testing/per-file.ts)
    isolate: false,
    setupFiles: ['server/testing/per-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/results.json' },
  },
});
