// The plain closing line counts as failed what vitest counts as a failed file: a file that fails
// to load, a failing hook, an error outside any test. Runs vitest, with only our reporter, in a
// child process on small test files written to a temp folder (so the real suite never runs them).
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO } from './e2e/helpers/run-cli.js';

const VITEST = join(REPO, 'node_modules/vitest/vitest.mjs');
const REPORTER = join(REPO, 'test/plain-summary-reporter.ts');

// Test files use vitest's globals, so they need no import that resolves from the temp folder.
const PASSES = "test('passes', () => { expect(1 + 1).toBe(2); });";
const BROKEN: Record<string, string> = {
  'throws-at-import.check.js': "throw new Error('boom at import');\ntest('never collected', () => {});",
  'syntax-error.check.js': "test('unfinished', () => { (;",
  'before-all-throws.check.js': "beforeAll(() => { throw new Error('boom in beforeAll'); });\ntest('one', () => {});\ntest('two', () => {});",
  'suite-before-all-throws.check.js':
    "describe('a suite', () => {\n  beforeAll(() => { throw new Error('boom in a suite'); });\n  test('inside', () => {});\n});\ntest('outside', () => {});",
  'after-all-throws.check.js': "afterAll(() => { throw new Error('boom in afterAll'); });\ntest('runs', () => {});",
  'unhandled-error.check.js': "test('leaves a timer', async () => {\n  setTimeout(() => { throw new Error('boom later'); }, 0);\n  await new Promise((resolve) => setTimeout(resolve, 20));\n});",
};

async function runVitest(files: Record<string, string>): Promise<{ exitCode: number | undefined; closingLine: string | undefined }> {
  const config = { test: { include: ['*.check.js'], globals: true, pool: 'forks', reporters: [REPORTER] } };
  const dir = makeProject({ ...files, 'vitest.config.mjs': `export default ${JSON.stringify(config)};\n` });
  // The child is a run of its own, not a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const result = await execa(process.execPath, [VITEST, 'run', '--config', 'vitest.config.mjs'], { cwd: dir, env, extendEnv: false, reject: false });
  return { exitCode: result.exitCode, closingLine: result.stdout.split('\n').find((line) => line.startsWith('Tests: ')) };
}

describe('the plain closing line', () => {
  it('counts a file that fails to load, a failing hook and an unhandled error as failed, and exits 1', async () => {
    const { exitCode, closingLine } = await runVitest({ 'passes.check.js': PASSES, ...BROKEN });
    // passed: passes, suite-before-all's "outside", after-all's "runs", unhandled-error's test.
    // failed: one per file that did not load (2), the 2 + 1 tests whose beforeAll failed, the
    // failed afterAll, the unhandled error.
    expect(closingLine).toBe('Tests: 4 passed, 7 failed, 0 skipped');
    expect(exitCode).toBe(1);
  });

  it('says 0 failed, and exits 0, when everything passed', async () => {
    const { exitCode, closingLine } = await runVitest({ 'passes.check.js': PASSES, 'also-passes.check.js': PASSES });
    expect(closingLine).toBe('Tests: 2 passed, 0 failed, 0 skipped');
    expect(exitCode).toBe(0);
  });
});
