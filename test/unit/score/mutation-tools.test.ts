/** scoreTools' matching and wording at the edges mutation testing found unpinned. */
import { describe, expect, it } from 'vitest';
import { matchInOrder, matchUnordered } from '../../../src/score/call-matching.js';
import { scoreTools } from '../../../src/score/tools.js';
import { trace } from './trace-builder.js';

/** The failing reason of scoreTools, or 'passed'. */
function reasonOf(result: ReturnType<typeof scoreTools>): string {
  return result.pass ? 'passed' : result.reason;
}

describe('matchUnordered', () => {
  it('keeps an earlier expected call\'s match when a later one cannot take it over', () => {
    expect(matchUnordered({ expectedCount: 2, callCount: 1 }, () => true)).toEqual([0, undefined]);
  });

  it('returns one entry per expected call and nothing for the calls left over', () => {
    expect(matchUnordered({ expectedCount: 1, callCount: 3 }, (_i, j) => j === 1)).toEqual([1]);
  });
});

describe('matchInOrder', () => {
  it('skips an expected call that fits nothing and places the next one', () => {
    expect(matchInOrder({ expectedCount: 2, callCount: 1 }, (i) => i === 1)).toEqual([undefined, 0]);
  });
});

describe('scoreTools: one-to-one and order', () => {
  it('passes in order when calls remain after the last expected call', () => {
    const t = trace().call('lookup').call('log').call('refund').build();
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'lookup' }], order: 'ordered' } })).toEqual({
      check: 'tools',
      pass: true,
      score: { precision: 1 / 3, recall: 1, f1: 0.5 },
    });
  });

  it('names the missing call, not the order, when some expected call is absent altogether', () => {
    const t = trace().call('lookup').build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup' }, { name: 'refund' }], order: 'ordered' } });
    expect(reasonOf(result)).toBe('expected call refund not found; refund was never called');
  });

  it('describes only the expected calls left unmatched, each once, joined by "; "', () => {
    const t = trace().call('lookup').build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup' }, { name: 'refund' }, { name: 'notify' }] } });
    expect(reasonOf(result)).toBe(
      'expected call refund not found; refund was never called; expected call notify not found; notify was never called',
    );
  });

  it('says when the closest call was taken by another expected call', () => {
    const t = trace().call('lookup', { id: 1 }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup', args: { id: 1 } }, { name: 'lookup', args: { id: 1 } }] } });
    expect(reasonOf(result)).toBe('expected call lookup {id: 1} not found; closest: lookup {id: 1} (matched by another expected call)');
  });

  it('prefers a free call to one another expected call took, at equal distance', () => {
    const t = trace().call('lookup', { id: 1 }).call('lookup', { id: 3 }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup', args: { id: 1 } }, { name: 'lookup', args: { id: 2 } }] } });
    expect(reasonOf(result)).toBe('expected call lookup {id: 2} not found; closest: lookup {id: 3}');
  });

  it('ignores an approval the expectation does not ask about', () => {
    const t = trace().call('refund', { amount: 5 }, { approved: true }).build();
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'refund' }] } }).pass).toBe(true);
  });
});

describe('scoreTools: the closest call', () => {
  it('is a call of the same name, even when another tool is as close', () => {
    const t = trace().call('lookup', {}).call('refund', { amount: 40 }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'refund', args: { amount: 20 } }] } }))).toBe(
      'expected call refund {amount: 20} not found; closest: refund {amount: 40}',
    );
  });

  it('has the fewest mismatching arguments, the earliest on a tie', () => {
    const t = trace().call('search', { q: 'x', page: 3 }).call('search', { q: 'a', page: 3 }).call('search', { q: 'b', page: 1 }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'search', args: { q: 'a', page: 1 } }] } }))).toBe(
      'expected call search {q: "a", page: 1} not found; closest: search {q: "a", page: 3}',
    );
    const tie = trace().call('search', { q: 'b' }).call('search', { q: 'c' }).build();
    expect(reasonOf(scoreTools({ trace: tie, expect: { tools: [{ name: 'search', args: { q: 'a' } }] } }))).toBe(
      'expected call search {q: "a"} not found; closest: search {q: "b"}',
    );
  });

  it('says when the expected and the closest call differ only in values that print alike once redacted', () => {
    const t = trace().call('update_email', { email: 'alice@example.com', note: 'x' }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'update_email', args: { email: 'carol@example.com' } }] } }))).toBe(
      'expected call update_email {email: "carol@example.com"} not found; closest: update_email {email: "alice@example.com", note: "x"}' +
        ' (email differs in a value that redaction prints alike, as [email]: `--no-redact` shows it)',
    );
    // A difference that shows once redacted needs no such word.
    const shown = trace().call('update_email', { email: 'alice@example.com', to: 'b' }).build();
    expect(reasonOf(scoreTools({ trace: shown, expect: { tools: [{ name: 'update_email', args: { email: 'alice@example.com', to: 'a' } }] } }))).toBe(
      'expected call update_email {email: "alice@example.com", to: "a"} not found; closest: update_email {email: "alice@example.com", to: "b"}',
    );
  });

  it('counts the keys an exact expectation does not allow', () => {
    const t = trace().call('search', { q: 'a', page: 1, size: 10 }).call('search', { q: 'b' }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'search', args: { q: 'a' }, exact: true }] } }))).toBe(
      'expected call search {q: "a"} not found; closest: search {q: "b"}',
    );
  });

  it('counts a wrong approval as one mismatch when the expectation asks for one', () => {
    const t = trace().call('refund', { amount: 30 }, { approved: true }).call('refund', { amount: 20 }, { approved: false }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'refund', args: { amount: 20 }, approved: true }] } }))).toBe(
      'expected call refund {amount: 20} (approved: true) not found; closest: refund {amount: 30} (approved: true)',
    );
  });

  it('does not count an approval the expectation does not ask about', () => {
    const t = trace().call('refund', { amount: 30 }, { approved: true }).call('refund', { amount: 40 }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'refund', args: { amount: 20 } }] } }))).toBe(
      'expected call refund {amount: 20} not found; closest: refund {amount: 30}',
    );
  });

  it('says "not asked" when the closest call had no approval, and shows a granted one', () => {
    const unasked = trace().call('refund', { amount: 20 }).build();
    expect(reasonOf(scoreTools({ trace: unasked, expect: { tools: [{ name: 'refund', approved: true }] } }))).toBe(
      'expected call refund (approved: true) not found; closest: refund {amount: 20} (approved: not asked)',
    );
    const granted = trace().call('refund', { amount: 20 }, { approved: true }).build();
    expect(reasonOf(scoreTools({ trace: granted, expect: { tools: [{ name: 'refund', approved: false }] } }))).toBe(
      'expected call refund (approved: false) not found; closest: refund {amount: 20} (approved: true)',
    );
  });

  it('names an approval granted for other arguments than the call\'s, instead of "not asked"', () => {
    const other = trace().approval('refund', { amount: 5 }, true).call('refund', { amount: 6 }).build();
    expect(reasonOf(scoreTools({ trace: other, expect: { tools: [{ name: 'refund', approved: true }] } }))).toBe(
      'expected call refund (approved: true) not found; closest: refund {amount: 6} (approved: no; the approval granted was for {amount: 5}, and covers only a call with those arguments)',
    );
    // One granted for these very arguments, used by an earlier call, is no other approval: the second call was not asked.
    const used = trace().approval('refund', { amount: 5 }, true).call('refund', { amount: 5 }, { approved: true, answer: 'policy_denied' }).call('refund', { amount: 5 }).build();
    expect(reasonOf(scoreTools({ trace: used, expect: { tools: [{ name: 'refund', approved: true }] } }))).toBe(
      'expected call refund (approved: true) not found; closest: refund {amount: 5} (approved: true) (approved, but it did not run: answered policy_denied)',
    );
    // One granted for other arguments that a call with those used is that call's: the later call was not asked.
    const taken = trace().approval('refund', { amount: 5 }, true).call('refund', { amount: 5 }, { approved: true }).call('refund', { amount: 6 }).build();
    expect(reasonOf(scoreTools({ trace: taken, expect: { tools: [{ name: 'refund', args: { amount: 5 }, approved: true }, { name: 'refund', args: { amount: 6 }, approved: true }] } }))).toBe(
      'expected call refund {amount: 6} (approved: true) not found; closest: refund {amount: 6} (approved: not asked)',
    );
  });
});

describe('scoreTools: a failed check\'s expected and found', () => {
  it('echoes the expectation and lists every call with its approval when it has one', () => {
    const t = trace().call('lookup', { id: 1 }).call('refund', { amount: 5 }, { approved: false, answer: 'approval_denied' }).build();
    const tools = [{ name: 'notify' }];
    const result = scoreTools({ trace: t, expect: { tools, order: 'ordered', forbid: ['close'] } });
    expect(result).toMatchObject({
      pass: false,
      expected: { tools, order: 'ordered', forbid: ['close'] },
      found: [
        { name: 'lookup', arguments: { id: 1 }, answer: 'answer' },
        { name: 'refund', arguments: { amount: 5 }, answer: 'approval_denied', approved: false },
      ],
    });
    expect(Object.keys((result as { found: object[] }).found[0]!)).toEqual(['name', 'arguments', 'answer']);
  });

  it('leaves out what the case did not expect', () => {
    const t = trace().call('close').build();
    const result = scoreTools({ trace: t, expect: { forbid: ['close'] } });
    expect(result).toEqual({
      check: 'tools',
      pass: false,
      reason: 'forbidden call close was made (call 1: close {})',
      expected: { forbid: ['close'] },
      found: [{ name: 'close', arguments: {}, answer: 'answer' }],
    });
    const onlyTools = scoreTools({ trace: t, expect: { tools: [{ name: 'open' }] } });
    expect(onlyTools).toMatchObject({ expected: { tools: [{ name: 'open' }] } });
    expect(Object.keys((onlyTools as { expected: object }).expected)).toEqual(['tools']);
  });
});

describe('scoreTools: forbidden calls', () => {
  it('shows the forbidden arguments and how many times the call was made', () => {
    const t = trace().call('refund', { amount: 90 }).call('refund', { amount: 10 }).call('refund', { amount: 95 }).build();
    expect(reasonOf(scoreTools({ trace: t, expect: { forbid: [{ name: 'refund', args: { amount: { gt: 50 } } }] } }))).toBe(
      'forbidden call refund {amount: {gt: 50}} was made (call 1, 2 times: refund {amount: 90})',
    );
  });
});

describe('scoreTools: how values read in a reason', () => {
  const closestTo = (args: unknown) => {
    const t = trace().call('tool', args).build();
    return reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'tool', args: { wanted: true } }] } })).replace(/^.*; closest: tool /, '');
  };

  it('writes arrays, nulls and nested objects in a short JS-like form', () => {
    expect(closestTo({ ids: [1, 2], note: null, who: { id: 'c-9' } })).toBe('{ids: [1, 2], note: null, who: {id: "c-9"}}');
  });

  it('quotes keys that are not identifiers', () => {
    expect(closestTo({ '1st': 1, 'a-b': 2, _ok$1: 3 })).toBe('{"1st": 1, "a-b": 2, _ok$1: 3}');
  });

  it('leaves out undefined properties and writes an undefined array item', () => {
    expect(closestTo({ gone: undefined, items: [undefined, 1] })).toBe('{items: [undefined, 1]}');
  });

  it('cuts a value longer than 80 characters, and keeps one of exactly 80', () => {
    const long = closestTo({ text: 'x'.repeat(100) });
    // The cut print hides which argument fails: a note names it.
    expect(long).toBe(`{text: "${'x'.repeat(71)}… (where it differs: wanted: expected true, found nothing)`);
    expect(long.split(' (where')[0]).toHaveLength(80);
    const exact = closestTo({ text: 'y'.repeat(70) }); // {text: "…"} is 80 characters
    expect(exact).toBe(`{text: "${'y'.repeat(70)}"}`);
  });

  it('names the argument that differs when a cut print would hide it: a long text wrong near its end, a short one after a long one', () => {
    const body = 'Dear customer, thank you for writing to us about your order; we have looked into it carefully and it ships ';
    const expected = { to: 'a@example.com', body: `${body}tomorrow`, priority: 1 };
    const t = trace().call('send_email', { to: 'a@example.com', body: `${body}today`, priority: 2 }).build();
    const reason = reasonOf(scoreTools({ trace: t, expect: { tools: [{ name: 'send_email', args: expected }] } }));
    expect(reason).toContain(`(where it differs: body differs from character ${body.length + 3}: expected "…ully and it ships tomorrow", found "…ully and it ships today"; priority: expected 1, found 2)`);
    // Both calls print whole: the reason shows the difference, nothing is added.
    const short = trace().call('send_email', { to: 'a@example.com', priority: 2 }).build();
    expect(reasonOf(scoreTools({ trace: short, expect: { tools: [{ name: 'send_email', args: { priority: 1 } }] } }))).toBe(
      'expected call send_email {priority: 1} not found; closest: send_email {to: "a@example.com", priority: 2}',
    );
  });
});
