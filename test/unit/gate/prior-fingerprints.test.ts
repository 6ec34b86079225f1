// A baseline written before variants stopped hashing their base case's fingerprint still pairs
// with unchanged variants: an upgrade alone marks no case changed (and fails no gate).
import { describe, expect, it } from 'vitest';
import { expandSuite, expansionSettings } from '../../../src/config/expand-adversarial.js';
import { adoptPriorFingerprints } from '../../../src/gate/prior-fingerprints.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { shippedPayloads, suiteOf } from '../config/expand-adversarial-helpers.js';
import { baselineOf } from './fixtures.js';
import { result } from './results-builder.js';

// The suite a new user's trial ran; its baseline was written by the build before the change.
const TRIAL_SUITE = `suite: orders
adversarial: [prompt_injection, missing_context, rate_limit, tool_failure]
context_schema: { type: object, required: [customer_id] }
tools:
  - name: lookup_order
    tier: read
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
  - name: issue_refund
    tier: approve
    effects: [money]
    mock: { result: { refund_id: rf-9 } }
  - { name: close_account, tier: approve, effects: [irreversible] }
cases:
  - id: status
    input: Where is order 1234?
    context: { customer_id: c-1 }
    tags: [status]
    expect:
      outcome: completed
      tools: [{ name: lookup_order, args: { order_id: "1234" } }]
      output: { contains: [shipped] }
      custom: [./scorers/polite.mjs]
`;
/** Fingerprints that build wrote into that baseline. */
const WRITTEN_BEFORE = { status: '5c768af90efb0aba', 'status~tool_failure-4': '87cdfff60cd62926' };

function trialCases() {
  const { suite, written } = suiteOf(TRIAL_SUITE);
  return expandSuite({ suite, written, payloads: shippedPayloads(), settings: expansionSettings({}) }).cases;
}

describe('a variant\'s prior fingerprint', () => {
  it('is the one the earlier build wrote, and differs from its fingerprint now; a base case has none (its fingerprint never changed)', () => {
    const cases = trialCases();
    const base = cases.find((c) => c.id === 'status')!;
    const variant = cases.find((c) => c.id === 'status~tool_failure-4')!;
    expect(base.fingerprint).toBe(WRITTEN_BEFORE.status);
    expect(base.priorFingerprint).toBeUndefined();
    expect(variant.priorFingerprint).toBe(WRITTEN_BEFORE['status~tool_failure-4']);
    expect(variant.fingerprint).not.toBe(variant.priorFingerprint);
  });
});

describe('adoptPriorFingerprints', () => {
  const cases = [
    { suite: 'support', id: 'a', fingerprint: 'fp-a' },
    { suite: 'support', id: 'a~tool_failure-1', fingerprint: 'new-1', priorFingerprint: 'old-1' },
    { suite: 'support', id: 'a~tool_failure-2', fingerprint: 'new-2', priorFingerprint: 'old-2' },
  ];

  it('gives a record holding a variant\'s prior fingerprint the one it has now; leaves any other record as it is', () => {
    const baseline = baselineOf([
      result({ case_id: 'a', fingerprint: 'fp-a' }),
      result({ case_id: 'a~tool_failure-1', status: 'failed', fingerprint: 'old-1' }),
      result({ case_id: 'a~tool_failure-2', status: 'failed', fingerprint: 'edited-since' }),
    ]);
    const adopted = adoptPriorFingerprints(baseline, cases);
    expect(Object.fromEntries(Object.entries(adopted.cases).map(([key, record]) => [key, record.fingerprint]))).toEqual({
      'support/a': 'fp-a',
      'support/a~tool_failure-1': 'new-1',
      'support/a~tool_failure-2': 'edited-since',
    });
    // The baseline read stays as read.
    expect(baseline.cases['support/a~tool_failure-1']!.fingerprint).toBe('old-1');
    expect(adoptPriorFingerprints(adopted, cases)).toBe(adopted);
  });

  it('so the gate accepts a failure the older baseline accepted, and still fails one of a variant edited since', () => {
    const before = [
      result({ case_id: 'a', fingerprint: 'fp-a' }),
      result({ case_id: 'a~tool_failure-1', status: 'failed', fingerprint: 'old-1' }),
      result({ case_id: 'a~tool_failure-2', status: 'failed', fingerprint: 'edited-since' }),
    ];
    const now = [
      result({ case_id: 'a', fingerprint: 'fp-a' }),
      result({ case_id: 'a~tool_failure-1', status: 'failed', fingerprint: 'new-1' }),
      result({ case_id: 'a~tool_failure-2', status: 'failed', fingerprint: 'new-2' }),
    ];
    const judge = (baseline: ReturnType<typeof baselineOf>) =>
      decideVerdict({ results: now, metrics: computeMetrics(now), gate: {}, baselinePath: 'agentready.baseline.json', baseline }).newly_failing;
    expect(judge(baselineOf(before))).toMatchObject({ pass: false, cases: [{ key: 'support/a~tool_failure-1' }, { key: 'support/a~tool_failure-2' }] });
    expect(judge(adoptPriorFingerprints(baselineOf(before), cases))).toMatchObject({ pass: false, cases: [{ key: 'support/a~tool_failure-2', since: 'changed' }] });
  });
});
