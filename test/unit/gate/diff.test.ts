import { describe, expect, it } from 'vitest';
import { diffCases, foldCases, foldStatus } from '../../../src/gate/diff.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

describe('diffCases', () => {
  const baseline = baselineOf([
    result({ case_id: 'stays-green' }),
    result({ case_id: 'breaks' }),
    result({ case_id: 'heals', status: 'failed' }),
    result({ case_id: 'still-red', status: 'failed' }),
    result({ case_id: 'was-error', status: 'error' }),
    result({ case_id: 'gone' }),
    result({ case_id: 'edited' }),
  ]);

  it('sorts cases into newly failing, newly passing, known failing, added, removed and changed', () => {
    const diff = diffCases(
      foldCases([
        result({ case_id: 'stays-green' }),
        result({ case_id: 'still-red', status: 'failed' }),
        result({ case_id: 'breaks', status: 'failed', checks: [{ check: 'outcome', pass: true }, failing('tools', 'expected call issue_refund not found')] }),
        result({ case_id: 'heals' }),
        result({ case_id: 'was-error', status: 'failed' }),
        result({ case_id: 'new' }),
        result({ case_id: 'edited', fingerprint: 'fp-edited-v2', status: 'failed' }),
      ]),
      baseline,
    );
    expect(diff).toEqual({
      newly_failing: [
        { key: 'support/breaks', suite: 'support', case_id: 'breaks', status: 'failed', first_failure: 'tools: expected call issue_refund not found' },
      ],
      newly_passing: [{ key: 'support/heals', suite: 'support', case_id: 'heals', status: 'passed' }],
      // Failed in the baseline too: a known failure, not a regression.
      known_failing: [{ key: 'support/still-red', suite: 'support', case_id: 'still-red', status: 'failed', first_failure: 'outcome: expected outcome completed, got partial' }],
      added: [{ key: 'support/new', suite: 'support', case_id: 'new', status: 'passed' }],
      removed: [{ key: 'support/gone', suite: 'support', case_id: 'gone' }],
      // Changed since the baseline: listed with its status now, never as newly failing.
      changed: [{ key: 'support/edited', suite: 'support', case_id: 'edited', status: 'failed', first_failure: 'outcome: expected outcome completed, got partial' }],
    });
  });

  it('fails a case when any attempt failed, counts its attempts, and names the first failed attempt', () => {
    const diff = diffCases(
      foldCases([
        result({ case_id: 'breaks', attempt: 3, status: 'failed', checks: [failing('budget', 'third')] }),
        result({ case_id: 'breaks', attempt: 1 }),
        result({ case_id: 'breaks', attempt: 2, status: 'failed', checks: [failing('output', 'second')] }),
      ]),
      baseline,
    );
    expect(diff.newly_failing).toEqual([
      { key: 'support/breaks', suite: 'support', case_id: 'breaks', status: 'failed', attempts: 3, passes: 1, first_failure: 'output: second' },
    ]);
  });

  it('leaves harness errors out of the attempt count', () => {
    const diff = diffCases(foldCases([result({ case_id: 'breaks', attempt: 1, status: 'error' }), result({ case_id: 'breaks', attempt: 2, status: 'failed' })]), baseline);
    expect(diff.newly_failing[0]).toMatchObject({ attempts: 1, passes: 0 });
  });

  it('counts an error case as neither passing nor failing', () => {
    const diff = diffCases(foldCases([result({ case_id: 'breaks', status: 'error' }), result({ case_id: 'heals', status: 'error' })]), baseline);
    expect(diff.newly_failing).toEqual([]);
    expect(diff.newly_passing).toEqual([]);
  });

  it('keeps slashes in case ids of removed cases', () => {
    const diff = diffCases(foldCases([]), baselineOf([result({ case_id: 'a/b' })]));
    expect(diff.removed).toEqual([{ key: 'support/a/b', suite: 'support', case_id: 'a/b' }]);
  });

  it('lists each kind of change in case-number order (c2 before c10), not as text', () => {
    const ids = ['c1', 'c2', 'c10', 'c11', 'c3'];
    const diff = diffCases(
      foldCases(ids.map((case_id) => result({ case_id, status: 'failed' }))),
      baselineOf(ids.map((case_id) => result({ case_id }))),
    );
    expect(diff.newly_failing.map((change) => change.case_id)).toEqual(['c1', 'c2', 'c3', 'c10', 'c11']);
  });
});

describe('foldStatus', () => {
  it('folds a case passed only when every attempt ran and passed: one skipped at the cost cap leaves it skipped, not passed', () => {
    expect(foldStatus(['passed', 'passed'])).toBe('passed');
    expect(foldStatus(['passed', 'skipped'])).toBe('skipped');
    expect(foldStatus(['skipped', 'passed'])).toBe('skipped');
    expect(foldStatus(['skipped'])).toBe('skipped');
    expect(foldStatus([])).toBe('skipped');
    // A failed attempt decides the case whatever the skipped one would have done; a harness error outranks a skip.
    expect(foldStatus(['passed', 'failed', 'skipped'])).toBe('failed');
    expect(foldStatus(['passed', 'error', 'skipped'])).toBe('error');
    expect(foldStatus(['passed', 'error'])).toBe('error');
  });

  it('lists a case the baseline passed and the run did not finish (an attempt skipped) neither as passing nor as newly failing', () => {
    const diff = diffCases(foldCases([result({ case_id: 'half', attempt: 1 }), result({ case_id: 'half', attempt: 2, status: 'skipped' })]), baselineOf([result({ case_id: 'half' })]));
    expect(diff).toEqual({ newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] });
    const healed = diffCases(foldCases([result({ case_id: 'half', attempt: 1 }), result({ case_id: 'half', attempt: 2, status: 'skipped' })]), baselineOf([result({ case_id: 'half', status: 'failed' })]));
    expect(healed.newly_passing).toEqual([]);
  });
});
