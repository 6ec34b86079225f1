// A policy condition compared with a value of a type the tools' parameters rule out never holds:
// `deny_if: {arguments.amount: {max: 100}}` (max is no operator) let every refund through.
import { describe, expect, it } from 'vitest';
import { validatePolicySource } from '../../../src/config/index.js';
import { parseYaml, yamlToJs } from '../../../src/config/parse-yaml.js';
import { policyValuesFitParameters } from '../../../src/config/policy-literals.js';
import { evaluatePolicy } from '../../../src/environment/policy.js';
import { runRules, type LoadedFile } from '../../../src/config/rules.js';
import type { Policy } from '../../../src/config/schema/policy.js';
import type { WrittenConfig } from '../../../src/config/schema/config.js';
import type { WrittenSuite } from '../../../src/config/schema/suite.js';

const SUITE = `suite: s
tools:
  - name: issue_refund
    tier: approve
    parameters: { type: object, properties: { amount: { type: number }, order_id: { type: string }, meta: { type: object, properties: { count: { type: integer } } }, limits: { type: object } } }
  - name: issue_credit
    tier: approve
    parameters: { type: object, properties: { amount: { type: [number, string] }, note: { type: string, nullable: true } } }
  - name: free_form
    parameters: { type: object, properties: { amount: {} } }
cases: [{ id: a, input: hi, expect: { outcome: completed } }]
`;

function loaded<T>(source: string, file: string): LoadedFile<T> {
  const { yaml } = parseYaml({ source, file });
  const parsed = yamlToJs(yaml);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return { yaml, value: parsed.value as LoadedFile<T>['value'] };
}

function issuesOf(rule: string, adapter = 'stdio') {
  const source = `rules:\n  - id: cap\n    ${rule}\n`;
  const policy = validatePolicySource(source, 'policy.yaml');
  if (!policy.ok) throw new Error(JSON.stringify(policy.issues));
  const config = loaded<WrittenConfig>(`target: { adapter: ${adapter}, command: [node, a.js] }\n`, 'agentready.config.yaml');
  return runRules([policyValuesFitParameters], { suites: [loaded<WrittenSuite>(SUITE, 's.suite.yaml')], policy: { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: policy.value as Policy }, config });
}

describe('policyValuesFitParameters', () => {
  it('reports a word that is no operator, compared whole with a number: the refund cap that never denies', () => {
    const rule = 'tool: issue_refund\n    deny_if: { arguments.amount: { max: 100 } }';
    // What the engine does with it: the object is a literal, no amount equals it, every refund passes.
    expect(evaluatePolicy([{ id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { max: 100 } } }], { call: { tool: 'issue_refund', arguments: { amount: 5000 }, context: {} }, seen: { ranBefore: [] } }).outcome).toBe('allow');
    expect(issuesOf(rule)).toMatchObject([{
      file: 'policy.yaml',
      line: 4,
      column: 34,
      path: 'rules[0].deny_if["arguments.amount"]',
      code: 'policy_value_type',
      message: 'rule cap: arguments.amount is a number in the parameters of issue_refund, and this object (max is no operator, so it is compared whole) never equals one, so the rule never denies a call',
      found: '{"max":100}',
    }]);
    expect(issuesOf(rule)[0]!.expected).toMatch(/^a number to compare with, or an operator \(eq, ne, lt, lte, gt, gte, in, /);
  });

  it('reports an allow_only as denying every call, and eq, in and plain values of the wrong type too', () => {
    expect(issuesOf('tool: issue_refund\n    allow_only: { arguments.amount: { between: [1, 100] } }')[0]?.message).toMatch(/never equals one, so the rule denies every call$/);
    expect(issuesOf('tool: issue_refund\n    deny_if: { arguments.amount: "100" }')[0]?.message).toMatch(/and this value never equals one/);
    expect(issuesOf('tool: issue_refund\n    deny_if: { arguments.amount: { eq: "100" } }')[0]?.message).toMatch(/the value of eq never equals one/);
    expect(issuesOf('tool: issue_refund\n    deny_if: { arguments.order_id: { in: [1, 2] } }')[0]?.message).toMatch(/order_id is a string .* no item of in equals one/);
    expect(issuesOf('tool: issue_refund\n    deny_if: { arguments.meta.count: 1.5 }')[0]?.message).toMatch(/meta.count is an integer/);
  });

  it('says nothing where a call can hold the value, or where the parameters do not say', () => {
    for (const rule of [
      'tool: issue_refund\n    deny_if: { arguments.amount: 100 }',
      'tool: issue_refund\n    deny_if: { arguments.amount: { gt: 100 } }',
      'tool: issue_refund\n    deny_if: { arguments.amount: { in: ["1", 2] } }',
      'tool: issue_refund\n    deny_if: { arguments.meta.count: 2 }',
      // An object argument may be compared whole.
      'tool: issue_refund\n    deny_if: { arguments.limits: { max: 100 } }',
      // One tool the glob covers takes a string amount.
      'tool: "issue_*"\n    deny_if: { arguments.amount: "100" }',
      // OpenAPI's nullable, which Ajv reads: null reaches the policy.
      'tool: issue_credit\n    deny_if: { arguments.note: null }',
      // No type said.
      'tool: free_form\n    deny_if: { arguments.amount: { max: 100 } }',
      'tool: issue_refund\n    deny_if: { context.tier: { max: 1 } }',
    ]) expect(issuesOf(rule), rule).toEqual([]);
    // An exec agent's own tools refuse nothing: any value may reach the policy.
    expect(issuesOf('tool: issue_refund\n    deny_if: { arguments.amount: { max: 100 } }', 'exec')).toEqual([]);
  });
});
