/**
 * A check a redacted trace cannot decide takes the eval's verdict of that same check
 * (score/carried.ts) — only while the case, and for the policy check the policy, are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { carriedCount, carryVerdicts, undecidable, type EvalVerdicts } from '../../../src/score/index.js';
import type { CheckResult } from '../../../src/config/schema/results.js';

const open = (check: CheckResult['check'], name?: string): CheckResult =>
  undecidable({ check, pass: false, reason: `${check} left open`, expected: 'x', found: '[email]', ...(name === undefined ? {} : { name }) });
const passed = (check: CheckResult['check'], name?: string): CheckResult => ({ check, pass: true, ...(name === undefined ? {} : { name }) });
const failed = (check: CheckResult['check'], reason: string): CheckResult => ({ check, pass: false, reason, expected: 'a', found: 'b' });

const NOW = { caseFingerprint: 'case-1', policyFingerprint: 'policy-1' };
const evalOf = (checks: CheckResult[], overrides: Partial<EvalVerdicts> & { fingerprint?: string } = {}): EvalVerdicts => ({
  result: { fingerprint: overrides.fingerprint ?? 'case-1', checks },
  policyFingerprint: 'policyFingerprint' in overrides ? overrides.policyFingerprint : 'policy-1',
});

describe('carryVerdicts', () => {
  it('gives each undecidable check the eval\'s verdict of the same check, marked from_run, and leaves decided checks alone', () => {
    const checks = [passed('outcome'), open('tools'), open('output'), open('policy'), passed('budget')];
    const recorded = evalOf([passed('outcome'), passed('tools'), failed('output', 'no match for /x/'), passed('policy'), passed('budget')]);
    const carried = carryVerdicts({ checks, recorded, now: NOW });
    expect(carried).toEqual([
      passed('outcome'),
      { ...passed('tools'), from_run: true },
      { ...failed('output', 'no match for /x/'), from_run: true },
      { ...passed('policy'), from_run: true },
      passed('budget'),
    ]);
    expect(carriedCount(carried)).toBe(3);
  });

  it('carries nothing when the case changed since the eval', () => {
    const checks = [open('tools')];
    expect(carryVerdicts({ checks, recorded: evalOf([passed('tools')], { fingerprint: 'case-0' }), now: NOW })).toBe(checks);
  });

  it('carries the policy check only under the same policy rules, and not from a run that did not record them', () => {
    const checks = [open('tools'), open('policy')];
    const changed = carryVerdicts({ checks, recorded: evalOf([passed('tools'), passed('policy')], { policyFingerprint: 'policy-0' }), now: NOW });
    expect(changed.map((check) => [check.check, check.pass, check.from_run])).toEqual([['tools', true, true], ['policy', false, undefined]]);
    const older = carryVerdicts({ checks, recorded: evalOf([passed('tools'), passed('policy')], { policyFingerprint: undefined }), now: NOW });
    expect(older[1]).toBe(checks[1]);
  });

  it('leaves a check undecidable with no verdict to carry: none recorded, none of that check, two of it, or the recorded one itself undecidable', () => {
    const checks = [open('state', 'turn 2')];
    expect(carryVerdicts({ checks, recorded: undefined, now: NOW })).toBe(checks);
    expect(carryVerdicts({ checks, recorded: evalOf([passed('state', 'turn 1')]), now: NOW })).toBe(checks);
    expect(carryVerdicts({ checks, recorded: evalOf([passed('state', 'turn 2'), passed('state', 'turn 2')]), now: NOW })).toBe(checks);
    expect(carryVerdicts({ checks, recorded: evalOf([open('state', 'turn 2')]), now: NOW })).toBe(checks);
    expect(carryVerdicts({ checks, recorded: evalOf([passed('state', 'turn 2')]), now: NOW })).toEqual([{ ...passed('state', 'turn 2'), from_run: true }]);
  });
});
