import { describe, expect, it } from 'vitest';
import type { CaseResult, Trace } from '../../../src/config/schema/index.js';
import { UsageError } from '../../../src/errors.js';
import { DEFAULT_RATES, formatReviewMarkdown, formatReviewWritten, parseRates, sampleForReview, type ReviewCandidate } from '../../../src/report/review/index.js';

function candidate(id: string, over: Partial<CaseResult> = {}, calls: Trace['tool_calls'] = []): ReviewCandidate & { trace: Trace } {
  const result: CaseResult = {
    suite: 'support', case_id: id, attempt: 1, trace_id: `tr-${id}`, fingerprint: 'fp', tags: [], status: 'passed', outcome: 'completed', duration_ms: 1,
    cost_usd: 0, model_calls: 0, tool_calls: calls.length, tool_errors: 0, retries: 0, policy_violations: 0, checks: [], ...over,
  };
  const trace: Trace = {
    trace_id: result.trace_id, suite: 'support', case_id: id, attempt: 1, mode: 'normal', outcome: 'completed', output: `answer to ${id}`, duration_ms: 1,
    tool_calls: calls, approvals: [], usage: [], policy_decisions: [],
  };
  return { result, trace, input: `question ${id}` };
}

/** No redaction: the run is shown as it was recorded. */
const KEEP = <T,>(value: T): T => value;

const call = (name: string, answer: Trace['tool_calls'][number]['answer'] = 'answer') => ({ seq: 0, name, arguments: { order_id: 'A-1' }, answer, at_ms: 0, latency_ms: 1 });

// 2 failing or denied, 3 high, 8 medium, 20 low and 4 unrated passing attempts.
const CANDIDATES: ReviewCandidate[] = [
  candidate('broken', { status: 'failed', risk: 'medium', checks: [{ check: 'outcome', pass: false, reason: 'expected outcome completed, got partial', expected: 'completed', found: 'partial' }] }),
  candidate('denied', { risk: 'low' }, [call('issue_refund', 'approval_missing')]),
  ...['h1', 'h2', 'h3'].map((id) => candidate(id, { risk: 'high' })),
  ...Array.from({ length: 8 }, (_, i) => candidate(`m${i}`, { risk: 'medium' })),
  ...Array.from({ length: 20 }, (_, i) => candidate(`l${String(i).padStart(2, '0')}`, { risk: 'low' })),
  ...Array.from({ length: 4 }, (_, i) => candidate(`u${i}`)),
  candidate('not-run', { status: 'skipped', risk: 'high' }),
];

describe('sampleForReview', () => {
  const sample = sampleForReview({ run_id: 'r1', candidates: CANDIDATES, rates: DEFAULT_RATES, seed: 7, redact: KEEP });

  it('puts every failing or policy-denied attempt first, riskiest first', () => {
    expect(sample.must.map((i) => [i.key, i.why, i.risk])).toEqual([['support/broken', 'failed', 'medium'], ['support/denied', 'policy_denied', 'low']]);
    expect(sample.must[0]).toMatchObject({ input: 'question broken', output: 'answer to broken', failure: 'outcome: expected outcome completed, got partial (expected "completed", found "partial")' });
  });

  it('samples each risk tier at its rate, unrated cases at the low one, skipped attempts never', () => {
    expect(sample.total).toBe(37);
    expect(sample.tiers).toEqual({ high: { picked: 3, of: 3 }, medium: { picked: 2, of: 8 }, low: { picked: 2, of: 24 } });
    const keys = sample.sampled.map((i) => i.key);
    expect(keys.slice(0, 3)).toEqual(['support/h1', 'support/h2', 'support/h3']);
    expect(keys).not.toContain('support/not-run');
    expect(sample.sampled.every((i) => i.why === 'sampled')).toBe(true);
  });

  it('gives the same sample for the same seed, whatever the order of the attempts, and another for another seed', () => {
    const again = sampleForReview({ run_id: 'r1', candidates: [...CANDIDATES].reverse(), rates: DEFAULT_RATES, seed: 7, redact: KEEP });
    expect(again).toEqual(sample);
    const seeds = Array.from({ length: 6 }, (_, seed) => sampleForReview({ run_id: 'r1', candidates: CANDIDATES, rates: DEFAULT_RATES, seed, redact: KEEP }).sampled.map((i) => i.key).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('lists the attempts of a part in the cases\' natural order, c2 before c10, as every report lists case keys', () => {
    const cases = ['c10', 'c2', 'c1', 'C3'].map((id) => candidate(id, { status: 'failed', risk: 'high' }));
    const sorted = sampleForReview({ run_id: 'r1', candidates: cases, rates: DEFAULT_RATES, seed: 1, redact: KEEP });
    expect(sorted.must.map((i) => i.key)).toEqual(['support/C3', 'support/c1', 'support/c2', 'support/c10']);
  });

  it('samples nothing from a tier at rate 0 and everything at rate 1', () => {
    const none = sampleForReview({ run_id: 'r1', candidates: CANDIDATES, rates: { high: 0, medium: 0, low: 1 }, seed: 1, redact: KEEP });
    expect(none.tiers).toEqual({ high: { picked: 0, of: 3 }, medium: { picked: 0, of: 8 }, low: { picked: 24, of: 24 } });
  });
});

describe("sampleForReview: an approver's refusal", () => {
  // The case says `approvals: deny`: the call is answered approval_denied, no policy violation, and the case passes on its expectations.
  const refused = candidate('refused', { risk: 'low' }, [call('issue_refund', 'approval_denied')]);
  const sample = sampleForReview({ run_id: 'r1', candidates: [refused, ...CANDIDATES.slice(0, 2)], rates: { high: 0, medium: 0, low: 0 }, seed: 7, redact: KEEP });

  it('is its own group, not policy-denied, and still reviewed every time', () => {
    expect(sample.must.map((i) => [i.key, i.why])).toEqual([['support/broken', 'failed'], ['support/denied', 'policy_denied']]);
    expect(sample.approvalDenied.map((i) => [i.key, i.why])).toEqual([['support/refused', 'approval_denied']]);
    expect(sample.tiers.low).toEqual({ picked: 0, of: 0 });
  });

  it('leaves a failing or policy-denied attempt in its group, whatever the approver refused too', () => {
    const both = candidate('both', { status: 'failed' }, [call('issue_refund', 'approval_denied')]);
    const also = candidate('also', {}, [call('issue_refund', 'approval_denied'), call('delete_account', 'policy_denied')]);
    const mixed = sampleForReview({ run_id: 'r1', candidates: [both, also], rates: DEFAULT_RATES, seed: 7, redact: KEEP });
    expect(mixed.must.map((i) => [i.key, i.why])).toEqual([['support/also', 'policy_denied'], ['support/both', 'failed']]);
    expect(mixed.approvalDenied).toEqual([]);
  });

  it('is written under its own heading and counted apart', () => {
    const text = formatReviewMarkdown(sample);
    expect(text).toContain('· 3 of 3 attempts: 2 failing or policy-denied, 1 approval-denied, 0 sampled (');
    expect(text).toContain(`## Approval denied (1)

The approver refused a call: no policy violation, the case judged by its expectations. Check the agent took the refusal well.

- [ ] **\`support/refused\`** · low · approval-denied · trace \`tr-refused\`
  - Input: question refused
  - Outcome: completed
  - Tool calls: \`issue_refund {"order_id":"A-1"}\` → approval_denied
`);
    expect(text.indexOf('## Failing or policy-denied (2)')).toBeLessThan(text.indexOf('## Approval denied (1)'));
    expect(text.indexOf('## Approval denied (1)')).toBeLessThan(text.indexOf('## Sampled (0)'));
    expect(formatReviewWritten(sample, 'out/review.md')).toBe('Wrote out/review.md: 3 of 3 attempts of run r1 (2 failing or policy-denied, 1 approval-denied, 0 sampled)');
  });

  it('writes a call\'s arguments in a code span as they are, a pipe too (a backslash before it would show: the list is no table)', () => {
    const piped = { ...call('search'), arguments: { q: 'a|b `c`' } };
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [candidate('pipe', { status: 'failed' }, [piped])], rates: DEFAULT_RATES, seed: 7, redact: KEEP }));
    expect(text).toContain('  - Tool calls: `search {"q":"a|b \'c\'"}` → answered\n');
  });

  it('says of a denied call the agent reported as made (exec, a shadow trace) that it ran all the same, not as if a refusal had stopped it', () => {
    const ran = { ...call('issue_refund', 'approval_missing'), ran: true as const };
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [candidate('shadow', { status: 'failed' }, [ran, call('delete_account', 'policy_denied')])], rates: DEFAULT_RATES, seed: 7, redact: KEEP }));
    expect(text).toContain('  - Tool calls: `issue_refund {"order_id":"A-1"}` → approval_missing (it ran all the same); `delete_account {"order_id":"A-1"}` → policy_denied\n');
  });

  it('says that the run did not finish (Ctrl-C, killed): the sample covers only the cases that ended', () => {
    const cut = sampleForReview({ run_id: 'r1', unfinished: true, candidates: CANDIDATES.slice(0, 3), rates: DEFAULT_RATES, seed: 7, redact: KEEP });
    const note = 'the run did not finish (interrupted or killed): it holds only the cases that ended, and so does this sample';
    expect(formatReviewMarkdown(cut)).toContain('**The run did not finish (interrupted or killed): it holds only the cases that ended, and so does this sample.**');
    expect(formatReviewWritten(cut, 'r.md')).toBe(`Wrote r.md: 3 of 3 attempts of run r1 (2 failing or policy-denied, 1 sampled); ${note}`);
    expect(formatReviewMarkdown(sample)).not.toContain('did not finish');
  });

  it('adds nothing to a sample without one', () => {
    const plain = sampleForReview({ run_id: 'r1', candidates: CANDIDATES.slice(0, 3), rates: DEFAULT_RATES, seed: 7, redact: KEEP });
    expect(formatReviewMarkdown(plain)).not.toContain('Approval denied');
    expect(formatReviewWritten(plain, 'r.md')).toBe('Wrote r.md: 3 of 3 attempts of run r1 (2 failing or policy-denied, 1 sampled)');
  });
});

describe('formatReviewMarkdown: a conversation', () => {
  // The checklist of a sample of one conversation with these turns.
  function reviewOf(turns: NonNullable<CaseResult['turns']>): string {
    const talk = candidate('talk');
    talk.result.turns = turns;
    return formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [talk], rates: DEFAULT_RATES, seed: 7, redact: KEEP }));
  }

  it('shows every turn, the simulated or scripted user\'s messages too, not only the opening input', () => {
    const text = reviewOf([
      { turn: 1, user: "I'd like to cancel my order.", outcome: 'clarified', output: 'Which order?' },
      { turn: 2, user: 'It is order *5678*.', outcome: 'completed', output: 'Order 5678 is cancelled.' },
    ]);
    expect(text).toContain([
      '  - Conversation:',
      "    - Turn 1 · user: I'd like to cancel my order. · agent (clarified): Which order?",
      '    - Turn 2 · user: It is order \\*5678\\*. · agent (completed): Order 5678 is cancelled.',
    ].join('\n'));
  });

  it('says a turn the agent did not answer had no answer, not the text "null"', () => {
    const text = reviewOf([
      { turn: 1, user: 'Cancel my order.', outcome: 'clarified', output: 'Which order?' },
      { turn: 2, user: 'Order 5678.', outcome: 'timeout', output: 'null' },
    ]);
    expect(text).toContain('    - Turn 2 · user: Order 5678. · agent (timeout): _no answer_');
  });

  it('says a case that ended without an answer had none, not "Output: null"; an agent\'s own null answer stays', () => {
    const silent = candidate('silent', { status: 'failed', outcome: 'timeout' });
    silent.trace.outcome = 'timeout';
    silent.trace.output = null;
    const nullish = candidate('nullish');
    nullish.trace.output = null;
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [silent, nullish], rates: { high: 1, medium: 1, low: 1 }, seed: 7, redact: KEEP }));
    expect(text).toContain('  - Output: _no answer_');
    expect(text).toContain('  - Output: null');
  });
});

describe('parseRates', () => {
  it('reads tier=rate pairs, keeping defaults for the tiers not named', () => {
    expect(parseRates('high=1,medium=0.5')).toEqual({ high: 1, medium: 0.5, low: 0.05 });
    expect(parseRates('low=0')).toEqual({ high: 1, medium: 0.25, low: 0 });
  });

  it('refuses an unknown tier, a rate outside 0..1 and a pair without a rate', () => {
    for (const bad of ['urgent=1', 'low=2', 'low=', 'low', 'low=x', 'low=0.1=2']) expect(() => parseRates(bad)).toThrow(UsageError);
    expect(() => parseRates('high=1,med=0.5')).toThrow('bad --rates entry "med=0.5": "med" is not a risk tier (high, medium, low)');
    expect(() => parseRates('low=2')).toThrow('bad --rates entry "low=2": the rate must be one decimal number from 0 to 1');
    // Number() reads these as numbers; a rate is written in decimal.
    for (const bad of ['high=0x1', 'low=1e-1', 'low=Infinity', 'low=-0', 'low=0b1']) expect(() => parseRates(bad)).toThrow(`bad --rates entry "${bad}": the rate must be one decimal number from 0 to 1`);
    // An empty --rates is no rates, not the defaults.
    for (const empty of ['', ' ', ',']) expect(() => parseRates(empty)).toThrow(`bad --rates ${JSON.stringify(empty)}: it gives no tier a rate`);
    expect(parseRates(' low = .5 ,high=1.')).toEqual({ high: 1, medium: 0.25, low: 0.5 });
    expect(() => parseRates('medium=0.5,medium=0.1')).toThrow('bad --rates entry "medium=0.1": medium is already given a rate (0.5)');
  });
});

describe('formatReviewMarkdown', () => {
  it('names each item\'s attempt when the run repeats its cases, the first too', () => {
    const retried = (attempt: number) => {
      const c = candidate('broken', { attempt, trace_id: `tr-${attempt}`, status: 'failed', risk: 'high', checks: [{ check: 'outcome', pass: false, reason: 'expected outcome completed, got partial', expected: 'completed', found: 'partial' }] });
      return { ...c, trace: { ...c.trace, trace_id: `tr-${attempt}`, attempt } };
    };
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [retried(1), retried(2)], rates: DEFAULT_RATES, seed: 7, redact: KEEP }));
    expect(text).toContain('- [ ] **`support/broken`** (attempt 1) · high · failed · trace `tr-1`');
    expect(text).toContain('- [ ] **`support/broken`** (attempt 2) · high · failed · trace `tr-2`');
  });


  it('writes a checklist with each item\'s input, outcome, tool calls and trace id', () => {
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: CANDIDATES.slice(0, 3), rates: DEFAULT_RATES, seed: 7, redact: KEEP }));
    expect(text).toBe(`# Review sample · run \`r1\`

Seed 7 · rates \`high=1,medium=0.25,low=0.05\` · 3 of 3 attempts: 2 failing or policy-denied, 1 sampled (high 1 of 1, medium 0 of 0, low 0 of 0). A case without a risk level is sampled at the low rate.

Tick an item once reviewed, and note under it what the agent should have done.

## Failing or policy-denied (2)

- [ ] **\`support/broken\`** · medium · failed · trace \`tr-broken\`
  - Input: question broken
  - Outcome: completed — outcome: expected outcome completed, got partial (expected "completed", found "partial")
  - Tool calls: none
  - Output: answer to broken
  - Reviewer notes:

- [ ] **\`support/denied\`** · low · policy-denied · trace \`tr-denied\`
  - Input: question denied
  - Outcome: completed
  - Tool calls: \`issue_refund {"order_id":"A-1"}\` → approval_missing
  - Output: answer to denied
  - Reviewer notes:

## Sampled (1)

- [ ] **\`support/h1\`** · high · sampled · trace \`tr-h1\`
  - Input: question h1
  - Outcome: completed
  - Tool calls: none
  - Output: answer to h1
  - Reviewer notes:
`);
  });

  it('redacts each chosen attempt whole before taking anything from it, and only the chosen ones', () => {
    const leaky = candidate('leaky', { status: 'failed', checks: [{ check: 'output', pass: false, reason: 'output differs', expected: 'ok', found: 'token-SECRET-token' }] });
    leaky.input = 'my SECRET';
    const seen: unknown[] = [];
    const redact = <T,>(value: T): T => {
      seen.push(value);
      return JSON.parse(JSON.stringify(value).replaceAll('SECRET', '[secret]')) as T;
    };
    const sample = sampleForReview({ run_id: 'r1', candidates: [leaky, ...CANDIDATES], rates: { high: 0, medium: 0, low: 0 }, seed: 1, redact });
    // The three failing or denied attempts, nothing else.
    expect(seen).toHaveLength(3);
    const text = formatReviewMarkdown(sample);
    expect(text).toContain('support/leaky');
    expect(text).not.toContain('SECRET');
    expect(text).toContain('found "token-\\[secret\\]-token"');
    expect(text).toContain('Input: my \\[secret\\]');
    expect(formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [leaky], rates: DEFAULT_RATES, seed: 1, redact: KEEP }))).toContain('SECRET');
  });

  it('says an empty input or output is empty (a malformed_input variant sends ""), not a blank a reader takes for missing data', () => {
    const empty = candidate('empty', { status: 'failed' });
    empty.input = '';
    empty.trace.output = '';
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [empty], rates: DEFAULT_RATES, seed: 1, redact: KEEP }));
    expect(text).toContain('  - Input: _empty_\n');
    expect(text).toContain('  - Output: _empty_\n');
  });

  it('escapes agent text so it cannot format, link or ping', () => {
    const evil = candidate('evil', { status: 'failed' });
    evil.input = '<img src=x> @everyone [click](http://x) \u001b[2J';
    const text = formatReviewMarkdown(sampleForReview({ run_id: 'r1', candidates: [evil], rates: DEFAULT_RATES, seed: 1, redact: KEEP }));
    expect(text).toContain('  - Input: &lt;img src=x&gt; &#64;<!-- -->everyone \\[click\\](http&#58;//x) \\\\x1b\\[2J');
  });
});
