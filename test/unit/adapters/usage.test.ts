// The one reading of a usage report, and what it says of one that is wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportedUsageSchema } from '../../../src/adapters/protocol.js';
import { plainUsage, readUsage } from '../../../src/adapters/usage.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';
import { readReportedUsage, resultUsageProblem } from '../../../src/adapters/usage-problem.js';
import { excerpt } from '../../../src/common/shorten.js';

const report = (over: Record<string, unknown>) => ({ model: 'm', input_tokens: 1, output_tokens: 2, ...over });
const problem = (over: Record<string, unknown>) => {
  const reading = readUsage(report(over));
  return reading.ok ? undefined : reading.problem;
};

describe('readUsage', () => {
  it('takes a valid report as it is', () => {
    expect(readUsage(report({ cost_usd: 0.5 }))).toEqual({ ok: true, usage: report({ cost_usd: 0.5 }) });
  });

  it('says what was received: NaN is no number, a string is quoted, a missing count is nothing', () => {
    const tokens = 'input_tokens: expected a whole number of tokens, 0 or more, received';
    expect(problem({ input_tokens: NaN })).toBe(`${tokens} NaN (not a number)`);
    expect(problem({ input_tokens: -1 })).toBe(`${tokens} -1`);
    expect(problem({ input_tokens: 1.5 })).toBe(`${tokens} 1.5`);
    expect(problem({ input_tokens: Infinity })).toBe(`${tokens} Infinity (not a finite number)`);
    expect(problem({ input_tokens: '12' })).toBe(`${tokens} the string "12"`);
    expect(problem({ input_tokens: 'x'.repeat(50) })).toBe(`${tokens} the string "${'x'.repeat(40)}…"`);
    expect(problem({ input_tokens: undefined })).toBe(`${tokens} nothing`);
    expect(problem({ cost_usd: -0.1 })).toBe('cost_usd: expected a cost in USD from 0 to 1e9, received -0.1');
    // Finite, but a lie: three such summed made the case's cost Infinity.
    expect(problem({ cost_usd: 1.7e308 })).toBe('cost_usd: expected a cost in USD from 0 to 1e9, received 1.7e+308');
    expect(problem({ cost_usd: 1e9 })).toBeUndefined();
    expect(readUsage('lots')).toMatchObject({ ok: false, problem: expect.stringContaining('expected object') });
  });
});

// The plainest reports skip zod (plainUsage): whatever it reads, ReportedUsageSchema must read the
// same (same values, same key order), or the two have drifted apart.
describe('plainUsage', () => {
  const count = fc.oneof(fc.nat(), fc.constantFrom(-0, -1, 0.5, 2 ** 53, 2 ** 53 - 1, NaN, Infinity, -Infinity, '1', null, undefined, true, [], {}));
  const cost = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0, -0, 1e9, 1e9 + 1, 0.000027, '0.1', null, undefined, false));
  const members: Record<string, fc.Arbitrary<unknown>> = {
    model: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('', 'small-model', 1, null, undefined, ['m'])),
    input_tokens: count,
    output_tokens: count,
    cost_usd: cost,
    trace_id: fc.constantFrom('t', 1, undefined),
    extra: fc.anything({ maxDepth: 1 }),
    ['__proto__']: fc.anything({ maxDepth: 1 }),
  };
  const key = fc.constantFrom(...Object.keys(members));
  /** Some of the keys (mostly the report's own, now and then a stray one) in any order, each value mostly valid. */
  const report = fc
    .uniqueArray(key, { maxLength: 5 })
    .chain((keys) => fc.tuple(...keys.map((name) => members[name]!.map((value) => [name, value] as const))))
    .map((entries) => Object.fromEntries(entries) as unknown);
  const plainReport = fc
    .record({ model: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constant('')), input_tokens: fc.nat(), output_tokens: fc.nat(), cost_usd: fc.double({ min: 0, max: 1e9, noNaN: true }) }, { requiredKeys: ['model', 'input_tokens', 'output_tokens'] })
    .map((value) => value as unknown);
  const odd = fc.constantFrom<unknown>(null, 'lots', 3, [], Object.assign(Object.create(null) as object, { model: 'm', input_tokens: 1, output_tokens: 1 }), new Date(0));

  it('reads only what ReportedUsageSchema reads, as it reads it', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(report, plainReport, odd), (raw) => {
        const plain = plainUsage(raw);
        if (plain === undefined) return;
        read++;
        const parsed = ReportedUsageSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(plain).toStrictEqual(parsed.data);
        expect(Object.keys(plain)).toEqual(Object.keys(parsed.data!));
        expect(readUsage(raw)).toStrictEqual({ ok: true, usage: parsed.data });
      }),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
    // The property holds of reports it read, not only of ones it left to zod.
    expect(read).toBeGreaterThan(150);
  });

  it('reads the common shapes itself, a stray key left out as zod leaves it, and leaves a missing count or an undefined member to zod', () => {
    expect(plainUsage({ model: 'm', input_tokens: 100, output_tokens: 20 })).toEqual({ model: 'm', input_tokens: 100, output_tokens: 20 });
    expect(plainUsage({ model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0.5 })).toEqual({ model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0.5 });
    // A usage notification's params: its trace_id is no part of the report (every stdio and http run sends one).
    expect(plainUsage({ trace_id: 't', model: 'm', input_tokens: 1, output_tokens: 2 })).toStrictEqual({ model: 'm', input_tokens: 1, output_tokens: 2 });
    // A stray key is not read: a getter that throws is as harmless as it is to zod.
    const getter = Object.defineProperty({ model: 'm', input_tokens: 1, output_tokens: 2 }, 'extra', { enumerable: true, get: () => { throw new Error('read'); } });
    expect(plainUsage(getter)).toStrictEqual(ReportedUsageSchema.parse(getter));
    // A JSON `__proto__` member is an own key like any other.
    const proto: unknown = JSON.parse('{"model":"m","__proto__":{"input_tokens":5},"input_tokens":1,"output_tokens":2}');
    expect(plainUsage(proto)).toStrictEqual(ReportedUsageSchema.parse(proto));
    expect(plainUsage({ model: 'm', input_tokens: 1 })).toBeUndefined();
    expect(plainUsage({ model: 'm', input_tokens: 1, output_tokens: 2, cost_usd: undefined })).toBeUndefined();
    // A count past 2^53 is no exact count: zod's int() refuses it, so the plain path must leave it (the property's draws seldom hit it).
    expect(plainUsage({ model: 'm', input_tokens: 2 ** 53, output_tokens: 2 })).toBeUndefined();
    expect(readUsage({ model: 'm', input_tokens: 1, output_tokens: 2 ** 53 })).toMatchObject({ ok: false, problem: 'output_tokens: expected a whole number of tokens, 0 or more, received 9007199254740992' });
    // zod drops the stray key: read as ever.
    expect(readUsage({ model: 'm', input_tokens: 1, output_tokens: 2, trace_id: 't' })).toEqual({ ok: true, usage: { model: 'm', input_tokens: 1, output_tokens: 2 } });
  });
});

// Each framework names the fields its own way (the AI SDK's usage is {inputTokens, outputTokens}):
// forwarded as it is, the report is told which of its keys to rename.
describe('readUsage of a report in a framework\'s own names', () => {
  it.each([
    [{ model: 'm', inputTokens: 3, outputTokens: 4 }, 'input_tokens: expected a whole number of tokens, 0 or more, received nothing (the report has inputTokens: name it input_tokens)'],
    [{ model: 'm', input_tokens: 3, completion_tokens: 4 }, 'output_tokens: expected a whole number of tokens, 0 or more, received nothing (the report has completion_tokens: name it output_tokens)'],
    [{ modelId: 'm', input_tokens: 3, output_tokens: 4 }, "model: expected the model's name, received nothing (the report has modelId: name it model)"],
    [{ model: 'm', output_tokens: 4 }, 'input_tokens: expected a whole number of tokens, 0 or more, received nothing'],
  ])('%o: %s', (raw, expected) => {
    expect(readUsage(raw)).toEqual({ ok: false, problem: expected });
  });
});

describe('resultUsageProblem', () => {
  it('reads one report or a list, and names the report of a list that is wrong', () => {
    expect(resultUsageProblem({ outcome: 'completed' })).toBeUndefined();
    expect(resultUsageProblem({ outcome: 'completed', usage: report({}) })).toBeUndefined();
    expect(resultUsageProblem({ outcome: 'completed', usage: report({ output_tokens: -3 }) })).toBe('output_tokens: expected a whole number of tokens, 0 or more, received -3');
    expect(resultUsageProblem({ outcome: 'completed', usage: [report({}), report({ output_tokens: null })] })).toBe(
      'report 2 of 2: output_tokens: expected a whole number of tokens, 0 or more, received null',
    );
  });

  it('leaves the usage of something that is no answer (no outcome: a framework\'s own result) to the answer\'s reader', () => {
    expect(resultUsageProblem({ text: 'shipped', usage: { inputTokens: 10, outputTokens: 2 } })).toBeUndefined();
  });
});

describe('readReportedUsage: the harness quotes a received string cut where redaction can still see it', () => {
  const tokens = 'input_tokens: expected a whole number of tokens, 0 or more, received';
  const quoted = (value: string) => {
    const reading = readReportedUsage(report({ input_tokens: value }), excerpt);
    return reading.ok ? undefined : reading.problem;
  };

  it('cuts before an address that straddles the 40th character, not inside it (the agent library cuts by code points)', () => {
    const value = 'tokens for jonathan.richardson@example.org';
    expect(quoted(value)).toBe(`${tokens} the string "tokens for …"`);
    const reading = readUsage(report({ input_tokens: value }));
    expect(reading.ok ? undefined : reading.problem).toBe(`${tokens} the string "tokens for jonathan.richardson@example.o…"`);
  });

  it('quotes ordinary strings as before', () => {
    expect(quoted('12')).toBe(`${tokens} the string "12"`);
    expect(quoted('x'.repeat(50))).toBe(`${tokens} the string "${'x'.repeat(40)}…"`);
    const ids = 'order ORDER-20240611-778812 at 1733356800123 ms, twelve';
    expect(quoted(ids)).toBe(`${tokens} the string "${ids.slice(0, 40)}…"`);
  });

  it('escapes a double quote inside the string, as the agent library (JSON) does: the quote reads one way', () => {
    expect(quoted('a"b')).toBe(`${tokens} the string "a\\"b"`);
    expect(quoted('a\\"b')).toBe(`${tokens} the string "a\\\\\\"b"`);
    expect(quoted('a"b')).toBe(`${tokens} the string ${JSON.stringify('a"b')}`);
  });
});

describe('the usage notification in the published protocol schema', () => {
  it('requires the trace_id of its case, as SPEC §4 lists it: a report naming none is not counted', () => {
    const protocol = JSON.parse(readFileSync(join(import.meta.dirname, '../../../schemas/protocol.json'), 'utf8')) as { $defs: Record<string, { required?: string[] }> };
    expect(protocol.$defs['usage.params']!.required).toEqual(['trace_id', 'model', 'input_tokens', 'output_tokens']);
  });
});
