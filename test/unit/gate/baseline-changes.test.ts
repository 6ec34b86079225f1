import { describe, expect, it } from 'vitest';
import { baselineChanges } from '../../../src/gate/baseline-changes.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

const failed = (case_id: string, fingerprint?: string) =>
  result({ case_id, status: 'failed', checks: [failing('outcome', 'no')], ...(fingerprint ? { fingerprint } : {}) });

describe('baselineChanges', () => {
  it('lists the failures the new baseline accepts that the previous one did not: passed there, added, or edited', () => {
    const previous = baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' }), failed('c'), result({ case_id: 'gone' })]);
    const next = baselineOf([failed('a'), failed('b', 'edited'), failed('c'), failed('new')]);
    expect(baselineChanges(previous, next)).toEqual({
      accepted_failures: [
        { key: 'support/a', status: 'failed', since: 'passed' },
        { key: 'support/b', status: 'failed', since: 'changed' },
        { key: 'support/new', status: 'failed', since: 'added' },
      ],
      now_passing: [],
      added: 1,
      removed: 1,
      edited: 1,
    });
  });

  it('lists the cases now passing that failed before with the same fingerprint, and nothing for an unchanged baseline', () => {
    const previous = baselineOf([failed('a'), failed('b')]);
    expect(baselineChanges(previous, baselineOf([result({ case_id: 'a' }), result({ case_id: 'b', fingerprint: 'edited' })]))).toEqual({
      accepted_failures: [],
      now_passing: ['support/a'],
      added: 0,
      removed: 0,
      edited: 1,
    });
    expect(baselineChanges(previous, previous)).toEqual({ accepted_failures: [], now_passing: [], added: 0, removed: 0, edited: 0 });
  });

  it('lists the cases in case-number order (c2 before c10), as the gate lists them', () => {
    const ids = ['c1', 'c2', 'c10', 'c11'];
    const previous = baselineOf(ids.map((case_id) => failed(case_id)));
    const next = baselineOf(ids.map((case_id) => result({ case_id })));
    expect(baselineChanges(previous, next).now_passing).toEqual(['support/c1', 'support/c2', 'support/c10', 'support/c11']);
    expect(baselineChanges(next, previous).accepted_failures.map((failure) => failure.key)).toEqual(['support/c1', 'support/c2', 'support/c10', 'support/c11']);
  });
});
