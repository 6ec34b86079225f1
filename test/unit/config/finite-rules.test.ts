import { describe, expect, it } from 'vitest';
import { checkSuiteSource } from '../../../src/config/validate.js';
import type { ConfigIssue } from '../../../src/errors.js';

/** The issues of one suite file checked alone (its schema and SUITE_RULES), in file order. */
function issuesFor(suite: string): ConfigIssue[] {
  return checkSuiteSource(suite, 's.suite.yaml').issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

describe('numbers JSON cannot carry in what the agent is sent', () => {
  it('a mock result, a context or a state holding 1e999, .inf or .nan is an error at that number (the agent got null)', () => {
    const issues = issuesFor(`suite: s
state: { stock: { n: .nan } }
tools:
  - { name: t, mock: { result: { amount: 1e999 } } }
cases:
  - id: a
    input: x
    context: { limits: [1, -.inf] }
    mocks: [{ tool: t, result: [1, 2e400] }]
    expect: { outcome: completed }
`);
    expect(issues.map((i) => [i.code, `${i.line}:${i.column}`, i.path, i.found])).toEqual([
      ['not_finite_number', '2:22', 'state.stock.n', 'NaN'],
      ['not_finite_number', '4:42', 'tools[0].mock.result.amount', 'Infinity'],
      ['not_finite_number', '8:28', 'cases[0].context.limits[1]', '-Infinity'],
      ['not_finite_number', '9:36', 'cases[0].mocks[0].result[1]', 'Infinity'],
    ]);
  });

  it('says nothing of numbers JSON carries, nor of such text in strings', () => {
    expect(issuesFor(`suite: s
tools:
  - { name: t, mock: { result: { amount: 1e300, note: "1e999 .inf" } } }
cases:
  - { id: a, input: "1e999", context: { n: 12 }, expect: { outcome: completed } }
`)).toEqual([]);
  });
});
