// The arrays each case makes and hands on (a result's checks, a module agent's copy of its params)
// are of one elements kind whether V8 runs the code that makes them unoptimised or optimised.
// Turbofan's inlined Array.prototype.map makes a holey array where the builtin makes a packed one:
// once the maker was optimised, a few hundred cases into a run, every function already optimised
// on the packed arrays (caseStatus, the figures' writer, redaction's walk) met a map it had not
// seen, deoptimised, and was compiled again. V8's own view of an array (natives syntax, set for
// this file's worker as the test starts) says which kind it is.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/config/schema/results.js';
import { withShortReasons } from '../../../src/run/judge-attempt.js';
import { copyJson } from '../../../src/config/own-key.js';

setFlagsFromString('--allow-natives-syntax');
const holey = new Function('array', 'return %HasHoleyElements(array)') as (array: unknown) => boolean;
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
const optimiseNext = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
/** V8's status bit of a function that runs optimised code (src/runtime/runtime.h, OptimizationStatus::kOptimized). */
const OPTIMIZED = 1 << 4;

/** What `make` gives unoptimised, then once V8 has optimised it. */
function beforeAndAfterOptimising<T>(make: (input: T) => unknown, input: T): { before: unknown; after: unknown; optimised: boolean } {
  prepare(make);
  const before = make(input);
  make(input);
  optimiseNext(make);
  const after = make(input);
  return { before, after, optimised: (status(make) & OPTIMIZED) !== 0 };
}

describe('arrays made for each case', () => {
  it('checks with their reasons cut are packed, optimised or not', () => {
    const checks: CheckResult[] = [
      { check: 'outcome', pass: true },
      { check: 'policy', pass: true },
      { check: 'budget', pass: false, reason: 'over', expected: 1, found: 2 },
    ];
    const { before, after, optimised } = beforeAndAfterOptimising(withShortReasons, checks);
    expect(optimised).toBe(true);
    expect([holey(before), holey(after)]).toEqual([false, false]);
    expect(after).toEqual(checks);
  });

  it("a copy of a module agent's params has packed lists, optimised or not", () => {
    const tools = [{ name: 'look' }, { name: 'write' }];
    const { before, after, optimised } = beforeAndAfterOptimising(copyJson, tools);
    expect(optimised).toBe(true);
    expect([holey(before), holey(after)]).toEqual([false, false]);
    expect(after).toEqual(tools);
  });
});
