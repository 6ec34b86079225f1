// What an invalid answer's problem says, on every transport (stdio, http, exec; module reads its own):
// of a framework's own result sent as the answer, that its outcome is missing and what to return,
// not the issues of the keys it happens to share with an answer.
import { describe, expect, it } from 'vitest';
import { ExecResultSchema, InitializeResultSchema, RunResultSchema } from '../../../src/adapters/protocol.js';
import { describeAnswerIssues, describeFoundIssues, readAnswer } from '../../../src/adapters/result-issues.js';
import { redact } from '../../../src/common/redact.js';
import { excerpt, quoting } from '../../../src/common/shorten.js';

const problem = (raw: unknown): string => {
  const parsed = RunResultSchema.safeParse(raw);
  if (parsed.success) throw new Error('expected an invalid answer');
  return describeAnswerIssues(parsed.error, { raw, quote: excerpt });
};

describe('describeAnswerIssues', () => {
  it('says of a framework result that its outcome is missing, names its keys and what to return', () => {
    expect(problem({ text: 'shipped', usage: { inputTokens: 10, outputTokens: 2 }, finishReason: 'stop' })).toBe(
      'outcome: missing (a required key); it returned an object with "text", "usage", "finishReason" (return { outcome, output }: the outcome only the agent knows, the model\'s text as output)',
    );
  });

  it('says what to return for a string', () => {
    expect(problem('shipped')).toMatch(/expected object, received string \(return \{ outcome, output \}/);
  });

  it('says what to return for nothing: a handler without its return (undefined in a module, null once sent as JSON)', () => {
    for (const nothing of [undefined, null]) expect(problem(nothing)).toMatch(/expected object, received (undefined|null) \(return \{ outcome, output \}/);
  });

  it('says of an answer wrapped in a JSON-RPC response that the answer is the object inside it', () => {
    expect(problem({ jsonrpc: '2.0', id: 1, result: { outcome: 'completed', output: 'x' } })).toBe(
      'outcome: missing (a required key); it returned the answer inside a "result" key, as a JSON-RPC response carries it: the answer is the { outcome, output } object itself (over http, the POST\'s whole body)',
    );
  });

  it('names every issue of an answer with an outcome, and adds nothing', () => {
    expect(problem({ outcome: 'done', output: 'x', usage: 'lots' })).toMatch(/^outcome: Invalid option: .*, found "done"; usage: .*"lots"$/);
  });
});

describe('describeFoundIssues', () => {
  it('words an invalid initialize answer with what was found and what is missing, and no run answer\'s hint', () => {
    const raw = { name: 5, concurrency: -3 };
    const parsed = InitializeResultSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(describeFoundIssues(parsed.error!, { raw, quote: excerpt })).toMatch(/^name: .*, found 5; version: missing \(a required key\); concurrency: .*, found -3$/);
  });
});

describe('readAnswer', () => {
  it("quotes a value found redacted before JSON escapes it: a bell's escape glued its letters to a card number", () => {
    const read = (quote: typeof excerpt) => readAnswer({ outcome: ['see\u00074111 1111 1111 1111', 'key \u0000AKIAIOSFODNN7EXAMPLE'], output: 'x' }, { schema: RunResultSchema, said: 'agent answered run with', quote });
    const error = read(quoting(redact));
    expect(error).toBeInstanceOf(Error);
    // As the run redacts the message after.
    expect(redact((error as Error).message)).toMatch(/^agent answered run with an invalid result: .*found \["see\\u0007\[card\]","key \\u0000\[secret\]"\]$/);
    // Under --no-redact, as sent.
    expect((read(excerpt) as Error).message).toContain('found ["see\\u00074111 1111 1111 1111",');
  });
});

describe('an exec result whose reported call carries its arguments as JSON text', () => {
  const execProblem = (raw: unknown): string => {
    const parsed = ExecResultSchema.safeParse(raw);
    if (parsed.success) throw new Error('expected an invalid result');
    return describeAnswerIssues(parsed.error, { raw, quote: excerpt });
  };

  it('says they are the JSON text of an object (an OpenAI tool call\'s function.arguments) to parse', () => {
    const raw = { outcome: 'completed', output: 'ok', tool_calls: [{ name: 'lookup_order', arguments: '{"order_id":"1"}', result: {} }] };
    expect(execProblem(raw)).toMatch(/^tool_calls\.0\.arguments: .*, found "\{\\"order_id\\":\\"1\\"\}" \(the JSON text of an object, as an OpenAI tool call carries it in function\.arguments: report the parsed object\)$/);
  });

  it('adds nothing to other text, nor to JSON text of something else', () => {
    for (const text of ['order 1', '[1]', '"x"']) {
      expect(execProblem({ outcome: 'completed', output: 'ok', tool_calls: [{ name: 't', arguments: text }] })).not.toContain('JSON text');
    }
  });
});
