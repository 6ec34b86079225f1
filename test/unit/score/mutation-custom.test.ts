/** scoreCustom: what a user's scorer returns is checked, never trusted to be a verdict. */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/config/schema/results.js';
import { scoreCustom } from '../../../src/score/custom.js';
import { trace } from './trace-builder.js';

const t = trace().output('hi').build();
const EXPECTED = 'a verdict {pass: boolean, score?: number, reason?: string}';

/** What a scorer returning `answer` is turned into, read loosely so tests can look at any field. */
async function verdictOf(answer: unknown): Promise<Partial<Record<'reason' | 'expected' | 'found', unknown>> & CheckResult> {
  return scoreCustom(t, { name: 'judge.js', fn: () => answer as never });
}

describe('scoreCustom: a malformed verdict is the check\'s failure', () => {
  it('fails {pass: "false"} (a string is not a boolean) with a reason naming the field', async () => {
    expect(await verdictOf({ pass: 'false' })).toEqual({
      check: 'custom',
      pass: false,
      name: 'judge.js',
      reason: 'custom scorer judge.js returned an invalid verdict: pass: expected boolean, received string',
      expected: EXPECTED,
      found: { pass: 'false' },
    });
  });

  it('fails a truthy non-boolean pass, a missing pass, null and a non-object', async () => {
    for (const answer of [{ pass: 1 }, { pass: 'true' }, {}, { score: 1 }, null, undefined, 'yes', true, [true]]) {
      const result = await verdictOf(answer);
      expect(result.pass, JSON.stringify(answer)).toBe(false);
      expect(result.reason).toMatch(/^custom scorer judge\.js returned an invalid verdict: /);
      expect(result.expected).toBe(EXPECTED);
    }
    expect((await verdictOf(null)).reason).toBe('custom scorer judge.js returned an invalid verdict: expected object, received null');
    expect((await verdictOf({})).reason).toBe('custom scorer judge.js returned an invalid verdict: pass: expected boolean, received undefined');
  });

  it('fails a verdict whose score is not a finite number or whose reason is not a string, naming each field', async () => {
    const result = await verdictOf({ pass: true, score: 'high', reason: 42 });
    expect(result.pass).toBe(false);
    expect(result.reason).toBe(
      'custom scorer judge.js returned an invalid verdict: score: expected number, received string; reason: expected string, received number',
    );
    expect((await verdictOf({ pass: true, score: Number.NaN })).pass).toBe(false);
    expect((await verdictOf({ pass: true, score: Number.POSITIVE_INFINITY })).pass).toBe(false);
  });
});

describe('scoreCustom: a well-formed verdict', () => {
  it('keeps the score of a passing and of a failing verdict, and no value when none is given', async () => {
    expect(await verdictOf({ pass: true, score: 0 })).toEqual({ check: 'custom', pass: true, name: 'judge.js', value: 0 });
    expect(await verdictOf({ pass: true })).toStrictEqual({ check: 'custom', pass: true, name: 'judge.js' });
    expect(await verdictOf({ pass: false, score: 0.2, reason: 'curt' })).toEqual({
      check: 'custom',
      pass: false,
      name: 'judge.js',
      reason: 'curt',
      expected: 'pass',
      found: { pass: false, score: 0.2, reason: 'curt' },
      value: 0.2,
    });
  });

  it('says "failed" when a failing verdict gives no reason or an empty one', async () => {
    expect((await verdictOf({ pass: false })).reason).toBe('failed');
    expect((await verdictOf({ pass: false, reason: '' })).reason).toBe('failed');
  });

  it('folds a multi-line reason to one line, trimming it', async () => {
    expect((await verdictOf({ pass: false, reason: '  too curt \n\n  and cold  ' })).reason).toBe('too curt and cold');
  });

  it('keeps extra fields a scorer adds in what was found', async () => {
    expect((await verdictOf({ pass: false, reason: 'no', judge: 'llm' })).found).toEqual({ pass: false, reason: 'no', judge: 'llm' });
  });
});

describe('scoreCustom: a scorer that throws', () => {
  it('reports the thrown message, or the thrown value when it is no Error, as what was found', async () => {
    const threw = await scoreCustom(t, {
      name: 'judge.js',
      fn: () => {
        throw new Error('judge unavailable\nretry later');
      },
    });
    expect(threw).toEqual({
      check: 'custom',
      pass: false,
      name: 'judge.js',
      reason: 'custom scorer judge.js threw: judge unavailable retry later',
      expected: EXPECTED,
      found: 'judge unavailable\nretry later',
    });
    const rejected = await scoreCustom(t, { name: 'judge.js', fn: () => Promise.reject('quota') });
    expect(rejected.pass || rejected.reason).toBe('custom scorer judge.js threw: quota');
  });

  it('reports a thrown value String() cannot convert (no prototype) instead of rejecting', async () => {
    const threw = await scoreCustom(t, { name: 'judge.js', fn: () => { throw Object.create(null); } });
    expect(threw).toMatchObject({ pass: false, reason: 'custom scorer judge.js threw: a value that cannot be shown' });
  });
});

describe('scoreCustom: a verdict that is not JSON data', () => {
  it('fails a verdict holding a BigInt, a circle or a throwing getter, with JSON-safe text as what was found', async () => {
    const circle: Record<string, unknown> = { pass: false };
    circle.self = circle;
    const cases: [unknown, string][] = [
      [{ pass: false, big: 10n }, 'Do not know how to serialize a BigInt'],
      [circle, 'Converting circular structure to JSON'],
      [{ get pass(): boolean { throw new Error('getter'); } }, 'getter'],
    ];
    for (const [answer, why] of cases) {
      const result = await verdictOf(answer);
      expect(result.pass).toBe(false);
      expect(result.reason).toContain(`custom scorer judge.js returned a verdict that could not be read as JSON: ${why}`);
      expect(() => JSON.stringify(result)).not.toThrow();
    }
  });
});

describe('scoreCustom: a scorer that never answers', () => {
  it('fails its check once its time limit (the case\'s timeout_ms) passes, instead of holding the run', async () => {
    const result = await scoreCustom(t, { name: 'judge.js', fn: () => new Promise<never>(() => undefined), timeoutMs: 20 });
    expect(result).toEqual({
      check: 'custom',
      pass: false,
      name: 'judge.js',
      reason: 'custom scorer judge.js did not answer within the case\'s time limit (20 ms)',
      expected: EXPECTED,
      found: 'no verdict',
    });
  });
});

describe('scoreCustom: a huge reason', () => {
  it('keeps at most 1000 characters of a failing verdict\'s reason (what was found keeps it whole)', async () => {
    const result = await verdictOf({ pass: false, reason: 'r'.repeat(100_000) });
    expect(typeof result.reason === 'string' && result.reason.length).toBeLessThanOrEqual(1001);
    expect(result.reason).toMatch(/^r+…/);
  });
});

describe('scoreCustom: a scorer that changes the trace it is given', () => {
  it('changes only its own copy: the trace recorded and judged by the other checks stays as the agent left it', async () => {
    const withCall = trace().call('refund', { amount: 5 }).output('hi').build();
    const before = structuredClone(withCall);
    const result = await scoreCustom(withCall, {
      name: 'judge.js',
      fn: (given) => {
        given.tool_calls.length = 0;
        (given as { output: unknown }).output = 'tampered';
        return { pass: true };
      },
    });
    expect(result.pass).toBe(true);
    expect(withCall).toEqual(before);
  });
});
