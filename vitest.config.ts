import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// The unit files share one module graph per worker (isolate: false): a fresh one for each of
// ~190 files cost more than their tests (`vitest run test/unit`: 60 s of CPU isolated, 25 s
// shared). So do the e2e files, each of whose fresh graphs cost ~0.2 s of CPU (vitest, execa,
// the helpers loaded again: the 30 shortest e2e files, runs interleaved, 92.7 and 96.6 s of CPU
// isolated, 90.2 and 87.3 s shared); what a file made goes after it by the setup file
// test/e2e/helpers/file-cleanup.ts, which vitest runs again for every file. A file that
// replaces a module (vi.mock, vi.doMock) needs a graph of its own, where the module is loaded
// mocked from the start, so it runs isolated, with the reporter's test.
const UNIT = 'test/unit';
const FILE_CLEANUP = './test/e2e/helpers/file-cleanup.ts';
/**
 * The e2e files of the project `e2e-slow`, which `npm test` leaves out (`--project '!e2e-slow'`)
 * to `npm run test:slow` (`--project e2e-slow`), run by `.ci/run` after it; `npx vitest run FILE`
 * finds them as any other. Every e2e file that took 17 s or more in one whole `vitest run`
 * (2026-12-07, 3 workers on 2 shared cores), longest first: 356 s of the 950 s the 334 files took,
 * ~29% of the run's CPU time (113 of 387 s). `npm test` was at its ~4-minute limit with them (CI:
 * vitest 200-237 s; CPU-bound there, so ~145-170 s without them). test/unit/test-split.test.ts
 * checks that every test file is run by exactly one of the scripts `.ci/run` runs.
 */
const SLOW_E2E = [
  'test/e2e/reports.test.ts',
  'test/e2e/worlds.test.ts',
  'test/e2e/replay.test.ts',
  'test/e2e/bad-input.test.ts',
  'test/e2e/resume.test.ts',
  'test/e2e/lifecycle.test.ts',
  'test/e2e/docs.test.ts',
  'test/e2e/code-cache.test.ts',
  'test/e2e/eval-gate.test.ts',
  'test/e2e/module-block-resume.test.ts',
  'test/e2e/shard-merge.test.ts',
];
const mocksModules = readdirSync(UNIT, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `${UNIT}/${file}`)
  .filter((file) => /\bvi\.(doM|m)ock\(/.test(readFileSync(file, 'utf8')));

export default defineConfig({
  test: {
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
    // vitest queues the files by project name, then by the last run's durations (node_modules/.vite;
    // by file size without them): 'e2e' < 'e2e-slow' < 'isolated' < 'unit', so the e2e files, the
    // long ones, start first and the unit files, many and short, fill the end.
    projects: [
      { extends: true, test: { name: 'unit', include: [`${UNIT}/**/*.test.ts`], exclude: mocksModules, isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: SLOW_E2E, setupFiles: [FILE_CLEANUP], isolate: false } },
      { extends: true, test: { name: 'e2e-slow', include: SLOW_E2E, setupFiles: [FILE_CLEANUP], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/*.test.ts', ...mocksModules], setupFiles: [FILE_CLEANUP] } },
    ],
  },
});
