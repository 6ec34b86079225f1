import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The framework recipes run apart: `npm run test:frameworks` (vitest.frameworks.config.ts).
    exclude: [...configDefaults.exclude, 'test/frameworks/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['./test/global-setup.ts'],
    // The e2e files mostly wait on child processes (the built CLI, fixture agents), so one more
    // worker than cores keeps the CPU busy: vitest's default (cores - 1) is a single worker on a
    // 2-core CI machine, 344 s for `vitest run`; 3 workers took 176 s there, 4 took 195 s.
    maxWorkers: Math.max(availableParallelism() - 1, 3),
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
