// What `eval --resume` tells of the attempts an earlier session finished: those it keeps, and
// those that run again because their case changed since (--force). A lost trace is no change.
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../../src/run/plan.js';
import { changedSince, keptAttempts, type ResumedRun } from '../../../src/run/resumed.js';
import type { Trace } from '../../../src/config/schema/index.js';
import { result } from '../gate/results-builder.js';

const suite = { name: 'support' } as Attempt['suite'];
const planned = ['a', 'b', 'c', 'd'].map((id) => ({ suite, kase: { id, fingerprint: `fp-${id}` }, attempt: 1 }) as unknown as Attempt);

describe('changedSince and keptAttempts', () => {
  it('counts as run again only the finished attempts whose case changed; one whose trace was lost is not finished', () => {
    const finished = [result({ case_id: 'a' }), result({ case_id: 'b' }), result({ case_id: 'c', fingerprint: 'fp-c-before' })];
    // b's trace line was lost: a run killed between its results.jsonl and traces.jsonl writes.
    const traces = new Map(['a', 'c'].map((id) => [`tr-${id}-1`, { trace_id: `tr-${id}-1` } as Trace]));
    const resume = { finished, traces } as unknown as ResumedRun;
    expect(keptAttempts(planned, resume).map((kept) => kept.result.case_id)).toEqual(['a']);
    expect(changedSince(planned, resume)).toBe(1);
  });
});
