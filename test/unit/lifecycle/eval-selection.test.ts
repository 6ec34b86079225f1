import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalSelection, planResume, resumeRefOf, type ResumePlan } from '../../../src/lifecycle/index.js';
import { UsageError } from '../../../src/errors.js';
import type { ResolvedConfig, RunSelection, Suite } from '../../../src/config/schema/index.js';
import { suitesFingerprint } from '../../../src/run/index.js';
import { selectedCases } from '../../../src/run/select.js';
import { result } from '../gate/results-builder.js';

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

describe('--resume of a run started with several --grep patterns', () => {
  const kase = (id: string) => ({ id, tags: [], fingerprint: `fp-${id}` });
  const suites = [{ name: 'support', file: '/p/evals/support.yaml', fingerprint: 'fs', cases: ['refund-1', 'refund-2', 'lookup-1', 'change-email', 'escalate-1'].map(kase) }] as unknown as Suite[];
  const config = { suites, policy: { rules: [] } } as unknown as ResolvedConfig;

  // An interrupted run (no summary.json) whose header records `selection`, one attempt finished; what --resume plans of it.
  function resumedCases(selection: RunSelection): string[] {
    const cwd = mkdtempSync(join(tmpdir(), 'agentready-resume-grep-'));
    const runsRoot = join(cwd, '.agentready', 'runs');
    const id = '20261206-100000-aaaa';
    mkdirSync(join(runsRoot, id), { recursive: true });
    const header = { format: 'agentready-results', version: 1, run_id: id, fingerprint: suitesFingerprint(suites), started_at: '2026-12-06T10:00:00.000Z', selection };
    writeFileSync(join(runsRoot, id, 'results.jsonl'), [header, result({ case_id: 'refund-1', fingerprint: 'fp-refund-1' })].map((line) => `${JSON.stringify(line)}\n`).join(''));
    const resumed = planResume({ ref: undefined, config, force: false, runsRoot, cwd });
    const { filter, repeat } = evalSelection({ asked: {}, resumed });
    expect(repeat).toBe(selection.repeat);
    return selectedCases(config, { filter, resumeOf: id }).map(({ kase: c }) => c.id);
  }

  it('plans the cases either pattern matched, as eval --grep ^refund --grep email recorded them, and no other', () => {
    // The filter as eval gives it to the session, which records it beside repeat and mode.
    const asked = evalSelection({ asked: { grep: ['^refund', 'email'] }, resumed: undefined });
    expect(resumedCases({ ...asked.filter, repeat: 1, mode: 'normal' })).toEqual(['refund-1', 'refund-2', 'change-email']);
  });

  it('reads one pattern recorded as a string, as earlier versions wrote it', () => {
    expect(resumedCases({ grep: 'lookup|escalate', repeat: 2, mode: 'normal' })).toEqual(['lookup-1', 'escalate-1']);
  });
});
