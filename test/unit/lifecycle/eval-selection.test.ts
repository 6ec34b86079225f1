import { describe, expect, it } from 'vitest';
import { evalSelection, resumeRefOf, type ResumePlan } from '../../../src/lifecycle/index.js';
import { UsageError } from '../../../src/errors.js';

const resumed = (selection: ResumePlan['selection']): ResumePlan => ({ resume: {} as ResumePlan['resume'], selection });

describe('evalSelection', () => {
  it('takes the flags when nothing is resumed', () => {
    expect(evalSelection({ asked: { suite: ['orders'], grep: ['refund'], tag: ['smoke'], repeat: 3, shard: { index: 1, total: 2 }, killSwitch: true }, resumed: undefined })).toEqual({
      filter: { suites: ['orders'], grep: ['refund'], tags: ['smoke'], shard: { index: 1, total: 2 } },
      repeat: 3,
      killSwitch: true,
      shard: { index: 1, total: 2 },
    });
    expect(evalSelection({ asked: {}, resumed: undefined })).toEqual({ filter: { suites: undefined, grep: undefined, tags: undefined }, repeat: undefined, killSwitch: false, shard: undefined });
  });

  it("takes the resumed run's filters, shard, repeat and mode, not the flags'", () => {
    const plan = resumed({ suites: ['a'], cases: ['a/x'], shard: { index: 2, total: 3 }, repeat: 5, mode: 'read_only' });
    expect(evalSelection({ asked: { repeat: 1, killSwitch: false }, resumed: plan })).toEqual({
      filter: { suites: ['a'], cases: ['a/x'], shard: { index: 2, total: 3 } },
      repeat: 5,
      killSwitch: true,
      shard: { index: 2, total: 3 },
    });
    expect(evalSelection({ asked: {}, resumed: resumed({ repeat: 1, mode: 'normal' }) })).toMatchObject({ killSwitch: false, shard: undefined });
  });
});

describe('resumeRefOf', () => {
  it('names the run, or the newest for a bare --resume', () => {
    expect(resumeRefOf({ resume: 'run-1' })).toBe('run-1');
    expect(resumeRefOf({ resume: true })).toBeUndefined();
  });

  it('refuses every filter given beside --resume, naming each', () => {
    const refuse = () => resumeRefOf({ resume: true, suite: ['a'], grep: ['x'], tag: ['t'], repeat: 2, shard: { index: 1, total: 2 }, lastFailed: true, killSwitch: true });
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow('--resume runs the cases the interrupted run planned: it cannot take --suite, --grep, --tag, --repeat, --shard, --last-failed, --kill-switch');
    expect(() => resumeRefOf({ resume: true, suite: [], tag: [] })).not.toThrow();
  });
});
