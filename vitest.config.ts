import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The framework recipes run apart: `npm run test:frameworks` (vitest.frameworks.config.ts).
    exclude: [...configDefaults.exclude, 'test/frameworks/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
