// What an invalid answer's problem says, on every transport (stdio, http, exec; module reads its own):
// of a framework's own result sent as the answer, that its outcome is missing and what to return,
// not the issues of the keys it happens to share with an answer.
import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../../src/adapters/protocol.js';
import { describeAnswerIssues } from '../../../src/adapters/result-issues.js';

const problem = (raw: unknown): string => {
  const parsed = RunResultSchema.safeParse(raw);
  if (parsed.success) throw new Error('expected an invalid answer');
  return describeAnswerIssues(parsed.error, raw);
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

  it('names every issue of an answer with an outcome, and adds nothing', () => {
    expect(problem({ outcome: 'done', output: 'x', usage: 'lots' })).toMatch(/^outcome: Invalid option: .*, found "done"; usage: .*"lots"$/);
  });
});
