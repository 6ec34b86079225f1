// With a user simulator (`user:` in the config) a case written with `input` is a conversation: the
// simulator answers a clarifying question, so a case (or variant) expecting `clarified` is judged on
// a later answer. A warning at each, none without `user:`.
import { describe, expect, it } from 'vitest';
import { projectIssues } from './project-issues.js';

const SUITE = `suite: s
adversarial: [missing_context, prompt_injection]
tools: []
cases:
  - id: asks
    input: cancel my order
    context: { customer_id: c-1 }
    expect: { outcome: clarified }
  - id: either
    input: cancel my order
    expect: { outcome: [clarified, completed] }
  - id: scripted
    turns: [{ user: cancel my order }]
    adversarial: [malformed_input]
    expect: { outcome: clarified }
  - id: own-families
    input: hi
    adversarial: [malformed_input]
    expect: { outcome: refused }
`;

function warnings(config: string) {
  return projectIssues({ config, suite: SUITE })
    .filter((issue) => issue.code === 'question_answered_by_simulator')
    .map((issue) => [`${issue.line}:${issue.column}`, issue.path, issue.severity]);
}

describe('a case that expects a question, under a user simulator', () => {
  it('warns at a case written with input that expects clarified and not completed, and at the families whose variants do', () => {
    expect(warnings('target: { adapter: module, module: a.mjs }\nuser: { command: [node, sim.mjs] }\n')).toEqual([
      ['8:24', 'cases[0].expect.outcome', 'warning'],
      ['2:15', 'adversarial[0]', 'warning'],
      ['18:19', 'cases[3].adversarial[0]', 'warning'],
    ]);
  });

  it('says nothing without a user simulator', () => {
    expect(warnings('target: { adapter: module, module: a.mjs }\n')).toEqual([]);
  });
});
