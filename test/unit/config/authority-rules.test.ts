import { describe, expect, it } from 'vitest';
import { validatePolicySource, validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml, yamlToJs } from '../../../src/config/parse-yaml.js';
import { policyPathsExist, policyRulesHoldConditions, readToolWithEffects, requirePriorReachable } from '../../../src/config/authority-rules.js';
import { evaluatePolicy } from '../../../src/environment/policy.js';
import { runRules, type LoadedFile, type Rule } from '../../../src/config/rules.js';
import type { Policy } from '../../../src/config/schema/policy.js';
import type { WrittenSuite } from '../../../src/config/schema/suite.js';

const SUITE = `suite: s
context_schema: { type: object, properties: { customer_id: { type: string } } }
tools:
  - name: issue_refund
    tier: approve
    effects: [money]
    parameters: { type: object, properties: { amount: { type: number }, order_id: { type: string } } }
  - name: issue_credit
    tier: approve
    parameters: { type: object, properties: { amount: { type: number }, credit_note: { type: string } } }
  - name: free_form
    parameters: { type: object, properties: { a: { type: string } }, additionalProperties: true }
cases: [{ id: a, input: hi, expect: { outcome: completed } }]
`;

/** A suite as the rules see it (parsed, not validated, so a contradiction reaches the rule). */
function loadedSuite(source: string): LoadedFile<WrittenSuite> {
  const { yaml } = parseYaml({ source, file: 's.suite.yaml' });
  const parsed = yamlToJs(yaml);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return { yaml, value: parsed.value as WrittenSuite };
}

function policyIssues(rules: string, suite = SUITE) {
  const source = `rules:\n${rules}`;
  const policy = validatePolicySource(source, 'policy.yaml');
  if (!policy.ok) throw new Error(JSON.stringify(policy.issues));
  const loaded: LoadedFile<Policy> = { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: policy.value };
  return runRules([policyPathsExist], { suites: [loadedSuite(suite)], policy: loaded });
}

describe('policyPathsExist', () => {
  it('reports an argument no matched tool declares, at the condition key', () => {
    const issues = policyIssues('  - id: cap\n    tool: issue_refund\n    deny_if: { arguments.amout: { gt: 100 } }\n');
    expect(issues).toMatchObject([{
      file: 'policy.yaml',
      line: 4,
      column: 16,
      path: 'rules[0].deny_if["arguments.amout"]',
      code: 'unknown_policy_path',
      found: '"arguments.amout"',
      expected: 'arguments.<a parameter of issue_refund> (amount, order_id) — issue_refund has no parameter "amout", so arguments.amout is never in a call',
    }]);
    expect(issues[0]!.severity).toBeUndefined();
  });

  it('accepts a path any tool of a glob declares, and checks require and allow_only', () => {
    expect(policyIssues('  - id: cap\n    tool: issue_*\n    deny_if: { arguments.credit_note: { regex: x } }\n')).toEqual([]);
    const issues = policyIssues('  - id: f\n    tool: issue_*\n    require: [arguments.order_id, arguments.reason]\n    allow_only: { arguments.currency: USD }\n');
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['rules[0].allow_only["arguments.currency"]', 5, 19],
      ['rules[0].require[1]', 4, 35],
    ]);
  });

  it('checks context paths against context_schema, and skips what it cannot know', () => {
    const issues = policyIssues('  - id: c\n    tool: issue_refund\n    require: [context.customer]\n');
    expect(issues[0]!.expected).toBe('context.<a property of context_schema> (customer_id) — context_schema declares no "customer", so context.customer is never in a call');
    expect(policyIssues('  - id: c\n    tool: issue_refund\n    require: [context.customer_id, arguments.order_id]\n')).toEqual([]);
    // Open parameters, no context_schema, or no matching tool: nothing to say here.
    expect(policyIssues('  - id: c\n    tool: free_form\n    require: [arguments.anything]\n')).toEqual([]);
    expect(policyIssues('  - id: c\n    tool: issue_refund\n    require: [context.x]\n', SUITE.replace(/^context_schema:.*\n/m, ''))).toEqual([]);
    expect(policyIssues('  - id: c\n    tool: nothing_*\n    require: [arguments.x]\n')).toEqual([]);
  });
});

describe('policyPathsExist below the top level', () => {
  const NESTED = `suite: s
context_schema: { type: object, properties: { customer: { type: object, properties: { tier: { type: string } } } } }
tools:
  - name: refund_many
    parameters:
      type: object
      properties:
        items: { type: array, items: { type: object, properties: { amount: { type: number } } } }
        meta: { type: object, properties: { amount: { type: number } } }
        note: { type: string }
        open: { type: object, properties: { a: { type: number } }, additionalProperties: true }
        either: { anyOf: [{ type: object, properties: { a: { type: number } } }, { type: string }] }
        pairs: { type: array, prefixItems: [{ type: object }] }
cases: [{ id: a, input: hi, expect: { outcome: completed } }]
`;
  const issuesOf = (condition: string) => policyIssues(`  - id: r\n    tool: refund_many\n    ${condition}\n`, NESTED);

  it('reports a key of a list, which a call never has (a rule reads one item, by its index), at the condition key', () => {
    // Without it, deny_if { arguments.items.amount: { gt: 100 } } never denied: valueAt finds no "amount" on an array.
    expect(issuesOf('deny_if: { arguments.items.amount: { gt: 100 } }')).toMatchObject([{
      line: 4,
      column: 16,
      path: 'rules[0].deny_if["arguments.items.amount"]',
      code: 'unknown_policy_path',
      message: 'rule r: arguments.items is a list (type: array) in the parameters of refund_many, which has no key "amount", so arguments.items.amount is never in a call',
      expected: expect.stringMatching(/^one item by its index \(arguments\.items\.0\.amount\)/),
    }]);
    expect(issuesOf('deny_if: { arguments.items.0.amount: { gt: 100 } }')).toEqual([]);
  });

  it('reports an undeclared key of a nested object, and a key of a scalar, in arguments and context', () => {
    expect(issuesOf('allow_only: { arguments.meta.amout: { lte: 100 } }').map((i) => i.message)).toEqual([
      'rule r: the parameters of refund_many declare no "amout" in arguments.meta, so arguments.meta.amout is never in a call',
    ]);
    expect(issuesOf('require: [arguments.note.text, arguments.items.0.amont, context.customer.teir]').map((i) => [i.path, i.message])).toEqual([
      ['rules[0].require[0]', 'rule r: arguments.note is a string in the parameters of refund_many, which has no key "text", so arguments.note.text is never in a call'],
      ['rules[0].require[1]', 'rule r: the parameters of refund_many declare no "amont" in arguments.items.0, so arguments.items.0.amont is never in a call'],
      ['rules[0].require[2]', 'rule r: context_schema declares no "teir" in context.customer, so context.customer.teir is never in a call'],
    ]);
  });

  it("reads a list's length, as a call has it (valueAt reads an array's own `length`), and no key below it", () => {
    // deny_if { arguments.items.length: { gt: 50 } } denies a call with 51 items at run time: validate must not refuse it.
    const rules = [{ id: 'r', tool: 'refund_many', deny_if: { 'arguments.items.length': { gt: 2 } } }];
    const rule = evaluatePolicy(rules, { call: { tool: 'refund_many', arguments: { items: [{}, {}, {}] }, context: {} }, seen: { ranBefore: [] } });
    expect(rule).toMatchObject({ outcome: 'deny', rule_id: 'r' });
    expect(issuesOf('deny_if: { arguments.items.length: { gt: 50 } }')).toEqual([]);
    expect(issuesOf('require: [arguments.items.length.x]').map((i) => i.message)).toEqual([
      'rule r: arguments.items.length is an integer in the parameters of refund_many, which has no key "x", so arguments.items.length.x is never in a call',
    ]);
  });

  it('says nothing where the schema admits other keys or is not read (additionalProperties, anyOf, prefixItems)', () => {
    expect(issuesOf('require: [arguments.meta.amount, arguments.open.b, arguments.either.b, arguments.pairs.0.x, context.customer.tier]')).toEqual([]);
  });
});

describe('readToolWithEffects', () => {
  function issues(tools: string) {
    return runRules([readToolWithEffects], { suites: [loadedSuite(`suite: s\ntools:\n${tools}cases: []\n`)] });
  }

  it('rejects tier read with effects, explaining why, at the effects', () => {
    expect(issues('  - name: pay\n    tier: read\n    effects: [money]\n')).toMatchObject([{
      line: 5,
      column: 14,
      path: 'tools[0].effects',
      code: 'tier_contradicts_effects',
      found: 'tier: read, effects: [money]',
      expected: expect.stringContaining('a read tool needs no approval and runs under the kill switch, while any effect needs a granted approval'),
    }]);
  });

  it('makes validate fail the suite', () => {
    const result = validateSuiteSource('suite: s\ntools:\n  - { name: pay, tier: read, effects: [money] }\ncases: [{ id: a, input: hi, expect: { outcome: completed } }]\n', 's.suite.yaml');
    expect(result.ok || result.issues.map((i) => i.code)).toEqual(['tier_contradicts_effects']);
  });

  it('warns that the effects of a suggest tool never apply', () => {
    expect(issues('  - name: wipe\n    tier: suggest\n    effects: [delete]\n')).toMatchObject([
      { code: 'effects_never_apply', severity: 'warning', path: 'tools[0].effects', found: 'tier: suggest, effects: [delete]' },
    ]);
  });

  it('accepts effects with another tier, or with the tier left out (effects decide)', () => {
    expect(issues('  - name: mail\n    tier: autonomous\n    effects: [external]\n  - name: pay\n    effects: [money]\n  - name: look\n    tier: read\n    effects: []\n')).toEqual([]);
  });
});

/** The issues one policy rule check finds in these rules (its schema's, when they do not validate). */
function ruleIssues(check: Rule, rules: string) {
  const source = `rules:\n${rules}`;
  const policy = validatePolicySource(source, 'policy.yaml');
  if (!policy.ok) return policy.issues;
  const loaded: LoadedFile<Policy> = { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: policy.value };
  return runRules([check], { suites: [], policy: loaded });
}

describe('policyRulesHoldConditions', () => {
  const issues = (rules: string) => ruleIssues(policyRulesHoldConditions, rules);

  it('rejects an empty condition, which the engine never applies, at its key', () => {
    // `deny_if: {}` reads "deny when every condition holds" (so, always), yet denies nothing.
    expect(issues('  - { id: never, tool: issue_refund, deny_if: {} }\n')).toMatchObject([{
      line: 2,
      column: 47,
      path: 'rules[0].deny_if',
      code: 'empty_policy_condition',
      found: '{}',
    }]);
    expect(issues('  - { id: a, tool: t, allow_only: {} }\n  - { id: b, tool: t, require: [] }\n  - { id: c, tool: t, require_prior: [] }\n').map((i) => [i.path, i.severity])).toEqual([
      ['rules[0].allow_only', undefined],
      ['rules[1].require', undefined],
      ['rules[2].require_prior', undefined],
    ]);
  });

  it('warns at a rule with no condition at all: it never denies a call', () => {
    expect(issues('  - { id: label, tool: issue_refund }\n')).toMatchObject([{
      line: 2,
      column: 5,
      path: 'rules[0]',
      code: 'rule_without_condition',
      severity: 'warning',
      message: expect.stringContaining('never denies'),
    }]);
  });

  it('does not warn of no condition where a condition key is written with a value its schema refuses, or an unknown key stands (that key\'s error says it)', () => {
    // As the loader salvages the rule: the null condition left out of its value, its key still in the file.
    // An unknown key (a condition misspelt, `deny_when:`): its error names the keys a rule takes.
    for (const written of ['deny_if: ~', 'require_prior:', 'allow_only: 5', 'deny_when: { arguments.amount: { gt: 1 } }']) {
      const source = `rules:\n  - id: a\n    tool: t\n    ${written}\n`;
      const loaded = { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: { rules: [{ id: 'a', tool: 't' }] } } as unknown as LoadedFile<Policy>;
      expect(runRules([policyRulesHoldConditions], { suites: [], policy: loaded }), written).toEqual([]);
    }
  });

  it('accepts rules that hold a condition', () => {
    expect(issues('  - { id: a, tool: t, deny_if: { arguments.x: 1 } }\n  - { id: b, tool: t, require_prior: [v] }\n')).toEqual([]);
  });
});

describe('requirePriorReachable', () => {
  const issues = (rules: string) => ruleIssues(requirePriorReachable, rules);

  it('the error is true: a rule covering its only prior tool denies that tool too, so nothing it covers ever runs', () => {
    const rules = [{ id: 'r', tool: '*', require_prior: ['verify_identity'] }];
    const first = evaluatePolicy(rules, { call: { tool: 'verify_identity', arguments: {}, context: {} }, seen: { ranBefore: [] } });
    expect(first.outcome).toBe('deny');
  });

  it('rejects a rule whose tool pattern covers every require_prior tool, at require_prior', () => {
    // Before: valid, and every call of every tool was denied.
    expect(issues('  - { id: auth, tool: "*", require_prior: [verify_identity] }\n')).toMatchObject([{
      line: 2,
      column: 43,
      path: 'rules[0].require_prior',
      code: 'require_prior_unreachable',
      message: 'rule auth covers verify_identity itself (tool: *), so none of it can answer first: the rule denies every call it covers',
      found: '["verify_identity"]',
    }]);
    expect(issues('  - { id: a, tool: "{verify,login,update}", require_prior: [verify, login] }\n  - { id: b, tool: verify, require_prior: [verify] }\n').map((i) => i.path)).toEqual([
      'rules[0].require_prior',
      'rules[1].require_prior',
    ]);
  });

  it('accepts a rule with one prior tool it does not cover', () => {
    expect(issues('  - { id: a, tool: "update_*", require_prior: [verify_identity] }\n  - { id: b, tool: "*_x", require_prior: [a_x, login] }\n')).toEqual([]);
  });
});
