// `npm run test:frameworks`: the framework recipes (test/frameworks/), against the real
// framework packages. Kept out of `npm test` for its time; `.ci/run` runs it after `npm test` and
// `npm run test:slow`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/frameworks/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    // The helpers' temp projects go after each file (test/e2e/helpers/run-cli.ts).
    setupFiles: ['./test/e2e/helpers/file-cleanup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
