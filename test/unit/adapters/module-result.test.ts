// A module agent's result is any JavaScript value, not JSON: what its invalid result names of it
// must not itself throw (a BigInt, a circular object), or the case ends INTERNAL, as if a bug of
// agentready's, instead of AGENT_PROTOCOL naming the agent's mistake.
import { describe, expect, it } from 'vitest';
import { readModuleResult } from '../../../src/adapters/module-result.js';
import { excerpt } from '../../../src/common/shorten.js';
import { MAX_LINE_BYTES } from '../../../src/adapters/line-splitter.js';
import { contextFor } from '../../../src/adapters/module-context.js';
import { TimeLimit } from '../../../src/adapters/time-limit.js';
import type { ToolHost } from '../../../src/adapters/adapter.js';
import type { ModelUrls } from '../../../src/adapters/protocol.js';

const NO_USAGE = { invalidUsage: undefined, quote: excerpt };

describe('readModuleResult', () => {
  const circular: Record<string, unknown> = { kind: 'done' };
  circular.self = circular;

  it.each([
    ['a BigInt', 10n],
    ['a circular object', circular],
  ])('turns an outcome that is %s into AGENT_PROTOCOL naming it', (_, outcome) => {
    expect(() => readModuleResult({ outcome, output: 'hi' }, NO_USAGE)).toThrow(
      expect.objectContaining({ code: 'AGENT_PROTOCOL', message: expect.stringMatching(/^the agent module returned an invalid result: outcome: .*, found a (bigint|object) JSON cannot write$/) }),
    );
  });

  it('turns an output nested deeper than JSON.stringify can go into AGENT_PROTOCOL saying so', () => {
    let output: unknown = 'x';
    for (let i = 0; i < 50_000; i++) output = [output];
    expect(() => readModuleResult({ outcome: 'completed', output }, NO_USAGE)).toThrow(
      expect.objectContaining({ code: 'AGENT_PROTOCOL', message: 'the agent answered with an output nested more than 100 levels deep' }),
    );
  });

  it('still quotes what JSON can write', () => {
    expect(() => readModuleResult({ outcome: 'great', output: 'hi' }, NO_USAGE)).toThrow(/outcome: Invalid option: expected one of .*, found "great"$/);
  });
});

// A framework's own result returned as the answer (the AI SDK's generateText result, say): the
// problem says the outcome is missing, names what came instead and what to return.
describe('readModuleResult of something that is no answer', () => {
  it('says a left-out outcome is missing and names the keys of the object returned', () => {
    expect(() => readModuleResult({ text: 'Order 1234 is shipped', finishReason: 'stop', response: { modelId: 'm' } }, NO_USAGE)).toThrow(
      expect.objectContaining({
        code: 'AGENT_PROTOCOL',
        message:
          'the agent module returned an invalid result: outcome: missing (a required key); it returned an object with "text", "finishReason", "response" (return { outcome, output }: the outcome only the agent knows, the model\'s text as output)',
      }),
    );
  });

  it('says what to return for a string', () => {
    expect(() => readModuleResult('Order 1234 is shipped', NO_USAGE)).toThrow(/expected object, received string \(return \{ outcome, output \}/);
  });

  it('adds no hint when the outcome is there but wrong, and says the output is missing as over http', () => {
    expect(() => readModuleResult({ outcome: 'done', text: 'x' }, NO_USAGE)).toThrow(/found "done"; output: missing \(a required key\)$/);
  });

  it('keeps to the problem when the object cannot list its keys', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); }, has: () => false });
    expect(() => readModuleResult(hostile, NO_USAGE)).toThrow(/^the agent module returned an invalid result: outcome: missing \(a required key\)$/);
  });
});

describe('readModuleResult of a framework result with its own usage', () => {
  it('says first that it is no answer, not that its usage is invalid', () => {
    const generated = { text: 'shipped', usage: { inputTokens: 10, outputTokens: 2 } };
    expect(() => readModuleResult(generated, NO_USAGE)).toThrow(
      /^the agent module returned an invalid result: outcome: missing \(a required key\); it returned an object with "text", "usage" \(return/,
    );
  });

  it('still says what is wrong with the usage of an answer', () => {
    expect(() => readModuleResult({ outcome: 'completed', output: 'x', usage: { inputTokens: 10 } }, NO_USAGE)).toThrow(/^the agent reported invalid usage: model:/);
  });
});

// The plain answer (an outcome, an output, no usage) is read without zod's object parse: it must
// read as the schema reads it, the output as JSON data as the wire would carry it.
describe('readModuleResult of a plain answer', () => {
  it.each([
    ['a string, a lone surrogate in it', '\ud800 done', '\ud800 done'],
    ['a boolean', false, false],
    ['null', null, null],
    ['a number JSON cannot hold', Number.NaN, null],
    ['an object, a function and an undefined in it', { a: 1, f: () => 1, u: undefined, d: new Date(0) }, { a: 1, d: '1970-01-01T00:00:00.000Z' }],
  ])('reads an output that is %s as JSON data', (_, output, read) => {
    expect(readModuleResult({ outcome: 'completed', output, extra: 'dropped' }, NO_USAGE)).toEqual({ outcome: 'completed', output: read });
  });

  it('keeps its usage, read by the schema', () => {
    const usage = { model: 'm', input_tokens: 1, output_tokens: 2 };
    expect(readModuleResult({ outcome: 'partial', output: 'x', usage }, NO_USAGE)).toStrictEqual({ outcome: 'partial', output: 'x', usage });
  });
});

// Over stdio, http, MCP and exec an answer past one message's bound (10 MB) is an error; a module's passed whole (a 50 MB output wrote an 84 MB trace).
describe("one message's bound on a module agent's answer and ctx.callTool arguments", () => {
  it('turns an output string past the bound into AGENT_PROTOCOL saying its size', () => {
    expect(() => readModuleResult({ outcome: 'completed', output: 'x'.repeat(MAX_LINE_BYTES) }, NO_USAGE)).toThrow(
      expect.objectContaining({ code: 'AGENT_PROTOCOL', message: `the agent module returned a result of ${MAX_LINE_BYTES + 2} bytes as JSON, larger than ${MAX_LINE_BYTES} bytes (the limit of one message over every transport)` }),
    );
  });

  it('turns an output object past the bound into AGENT_PROTOCOL, and takes one just under it', () => {
    const big = { text: 'é'.repeat(MAX_LINE_BYTES / 2) };
    expect(() => readModuleResult({ outcome: 'completed', output: big }, NO_USAGE)).toThrow(expect.objectContaining({ code: 'AGENT_PROTOCOL', message: expect.stringContaining('larger than') }));
    expect(readModuleResult({ outcome: 'completed', output: { text: 'x'.repeat(MAX_LINE_BYTES - 100) } }, NO_USAGE).outcome).toBe('completed');
  });

  it('refuses ctx.callTool arguments past the bound as invalid params, before any tool runs', async () => {
    const calls: string[] = [];
    const host = { callTool: (name: string) => (calls.push(name), Promise.resolve({ ok: true as const, result: {} })), requestApproval: () => Promise.resolve({ approved: true }), recordUsage: () => undefined } as unknown as ToolHost;
    const limit = new TimeLimit(new AbortController().signal, 60_000);
    const ctx = contextFor({ host, limit, models: { openai: '', anthropic: '' } as unknown as ModelUrls, usage: { late: () => undefined }, quote: excerpt });
    await expect(ctx.callTool('save', { text: 'x'.repeat(MAX_LINE_BYTES) })).rejects.toThrow(`invalid ctx.callTool params: arguments of ${MAX_LINE_BYTES + 11} bytes as JSON, larger than ${MAX_LINE_BYTES} bytes (the limit of one message)`);
    expect(calls).toEqual([]);
    limit.dispose();
  });
});
