// Prints the plain closing line CI reads ("Tests: N passed, N failed, N skipped") after
// vitest's own summary, whatever vitest's output looks like. The line never says "0 failed"
// when anything failed: besides failing tests, "failed" counts tests that could not run because
// a beforeAll hook of theirs failed (vitest reports those as skipped), tests that never
// finished, a test file that failed to load or whose afterAll hook failed (one each), and each
// error vitest caught outside any test. "skipped" is only what a test asked for (.skip, .todo).
// test/plain-summary-reporter.test.ts runs vitest on such files and checks this line.
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'skipped' && !underFailedHook(test)) skipped++;
        else failedHere++;
      }
      // Errors outside tests (a file that fails to load, a failing afterAll) that no test shows.
      const erred = [module, ...module.children.allSuites()].filter((entity) => entity.errors().length > 0);
      failedHere += erred.filter((entity) => !hasFailedTest(entity)).length;
      if (failedHere === 0 && module.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    // The run failed for a reason outside every module (e.g. it was interrupted): not a pass.
    if (failed === 0 && reason !== 'passed') failed = 1;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

/** A skipped test inside a suite or module whose hook failed did not run: it did not pass. */
function underFailedHook(test: TestCase): boolean {
  for (let parent: TestSuite | TestModule = test.parent; ; parent = parent.parent) {
    if (parent.errors().length > 0) return true;
    if (parent.type === 'module') return false;
  }
}

function hasFailedTest(entity: TestSuite | TestModule): boolean {
  for (const test of entity.children.allTests()) {
    const state = test.result().state;
    if (state === 'failed' || (state === 'skipped' && underFailedHook(test))) return true;
  }
  return false;
}
