import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfigSource, validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { normalizeApprovals, resolveConfig, resolveSuite } from '../../../src/config/resolve.js';
import type { Suite } from '../../../src/config/schema/resolved.js';

function resolved(source: string, file = 'evals/a.suite.yaml'): Suite {
  const result = validateSuiteSource(source, file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return resolveSuite({ written: result.value, yaml: parseYaml({ source, file }).yaml, absPath: path.resolve('/p', file) });
}

const SUITE = `suite: s
approvals: { default: deny, lookup_order: grant }
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
cases:
  - id: first
    input: "refund 1234"
    context: { customer_id: c-9, region: eu }
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }] }
  - id: second
    input: hello
    approvals: grant
    expect: { outcome: clarified }
`;

describe('resolveSuite', () => {
  it('fills tool defaults and case defaults', () => {
    const suite = resolved(SUITE);
    expect(suite.tools[0]).toEqual({
      name: 'lookup_order',
      description: '',
      tier: 'read',
      effects: [],
      parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
    });
    expect(suite.cases[1]).toMatchObject({ id: 'second', suite: 's', context: {}, tags: [], mocks: [], faults: [] });
    expect(suite.file).toBe(path.resolve('/p/evals/a.suite.yaml'));
  });

  it('locates each case at its id value', () => {
    expect(resolved(SUITE).cases.map((c) => c.location)).toEqual([
      { file: 'evals/a.suite.yaml', line: 7, column: 9 },
      { file: 'evals/a.suite.yaml', line: 11, column: 9 },
    ]);
  });

  it('normalises approvals from the suite and the case', () => {
    const [first, second] = resolved(SUITE).cases;
    expect(first!.approvals).toEqual({ default: 'deny', tools: { lookup_order: 'grant' } });
    expect(second!.approvals).toEqual({ default: 'grant', tools: {} });
    expect(normalizeApprovals(undefined, undefined)).toEqual({ default: 'grant', tools: {} });
    expect(normalizeApprovals('deny', { issue_refund: 'grant' })).toEqual({ default: 'deny', tools: { issue_refund: 'grant' } });
  });

  it('keeps fingerprints stable when only key order or formatting changes', () => {
    const reordered = SUITE.replace('context: { customer_id: c-9, region: eu }', 'context:\n      region: eu\n      customer_id: c-9')
      .replace('{ outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }] }', '{ tools: [{ args: { order_id: "1234" }, name: lookup_order }], outcome: completed }');
    const a = resolved(SUITE);
    const b = resolved(reordered);
    expect(b.cases.map((c) => c.fingerprint)).toEqual(a.cases.map((c) => c.fingerprint));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.cases[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives a case of its own turns, mocks, faults, approvals or context a fingerprint of them, not the plain case\'s it is otherwise', () => {
    // The plain cases' fingerprints are written by a fast path (plainCaseFingerprint): each part it leaves out must take a case off it.
    const suite = resolved(`suite: s
tools:
  - name: lookup_order
    parameters: { type: object }
cases:
  - { id: plain, input: hi, expect: { outcome: completed } }
  - { id: turned, turns: [{ user: hi }, { user: again }], expect: { outcome: completed } }
  - { id: mocked, input: hi, mocks: [{ tool: lookup_order, result: { status: delivered } }], expect: { outcome: completed } }
  - { id: faulted, input: hi, faults: [{ tool: lookup_order, call: 1, error: rate_limit }], expect: { outcome: completed } }
  - { id: approved, input: hi, approvals: deny, expect: { outcome: completed } }
  - { id: contexted, input: hi, context: { region: eu }, expect: { outcome: completed } }
`);
    const [plain, ...others] = suite.cases.map((c) => c.fingerprint);
    expect(new Set(others).size).toBe(others.length);
    expect(others).not.toContain(plain);
  });

  it('gives the fingerprints baselines committed: plain cases (the fast path, long and short inputs, a state) and cases of their own parts', () => {
    // Users' baselines compare cases by these values: a faster way of computing them must give the same.
    const suite = resolved(`${SUITE}  - id: plain-long
    input: "a question long enough to be copied"
    expect: { outcome: completed }
  - id: plain-short
    input: "question 1"
    expect: { outcome: completed }
  - id: plain-state
    input: "question with state"
    state: { orders: { "1": { status: open } } }
    expect: { outcome: completed, state: { eq: null } }
`);
    expect(suite.cases.map((c) => c.fingerprint)).toEqual(['47aca0b2da9a1099', '47cb71f993cfcdce', '4ccdb7acca75e946', '2cdccb707b9d7ad3', '827a67de15ddf8f7']);
    expect(suite.fingerprint).toBe('0c10523a62188fe3');
  });

  it('changes a case fingerprint, and the suite one, when the input changes', () => {
    const a = resolved(SUITE);
    const b = resolved(SUITE.replace('refund 1234', 'refund 1235'));
    expect(b.cases[0]!.fingerprint).not.toBe(a.cases[0]!.fingerprint);
    expect(b.cases[1]!.fingerprint).toBe(a.cases[1]!.fingerprint);
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it('shares one frozen expectation between cases that expect the same, fingerprints unchanged', () => {
    const source = `${SUITE}  - id: third
    input: again
    expect: { outcome: clarified }
  - id: fourth
    input: other
    expect: { outcome: completed }
`;
    const [, second, third, fourth] = resolved(source).cases;
    expect(third!.expect).toBe(second!.expect);
    expect(Object.isFrozen(second!.expect)).toBe(true);
    expect(fourth!.expect).not.toBe(second!.expect);
    expect(fourth!.expect).toEqual({ outcome: 'completed' });
    // A case's fingerprint is the same whether or not an earlier case shared its expectation.
    const alone = resolved(source.replace(/  - id: second[\s\S]*?(?=  - id: third)/, ''));
    expect(alone.cases.map((c) => c.id)).toEqual(['first', 'third', 'fourth']);
    expect(alone.cases[1]!.fingerprint).toBe(third!.fingerprint);
  });

  it('never gives a case the expectation of one whose JSON reads alike but holds NaN or an infinity (JSON writes them null)', () => {
    const source = `suite: s
tools: [{ name: t }]
state: { n: 1 }
cases:
  - id: nan
    input: x
    expect: { state: { n: { eq: .nan } } }
  - id: "null"
    input: x
    expect: { state: { n: { eq: null } } }
  - id: inf
    input: x
    expect: { state: { n: { eq: .inf } } }
  - id: null-again
    input: x
    expect: { state: { n: { eq: null } } }
`;
    const [nan, nulled, inf, again] = resolved(source).cases.map((c) => (c.expect.state as { n: { eq: unknown } }).n.eq);
    expect(nan).toBeNaN();
    expect(nulled).toBeNull();
    expect(inf).toBe(Infinity);
    expect(again).toBeNull();
  });

  it('changes every case fingerprint when a declared tool changes', () => {
    const a = resolved(SUITE);
    const b = resolved(SUITE.replace('  - name: lookup_order\n', '  - name: lookup_order\n    tier: approve\n'));
    expect(b.cases[1]!.fingerprint).not.toBe(a.cases[1]!.fingerprint);
  });
});

describe('resolveConfig', () => {
  function config(source: string) {
    const result = validateConfigSource({ source, file: 'agentready.config.yaml' });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return resolveConfig({ written: result.value, file: '/p/agentready.config.yaml', suites: [], policy: { file: undefined, rules: [] }, warnings: [] });
  }

  it('resolves paths against the config folder and fills defaults', () => {
    const c = config('target: { adapter: stdio, command: [node, agent.js], cwd: agent }\nrun: { repeat: 3 }\n');
    expect(c.target).toEqual({ adapter: 'stdio', command: ['node', 'agent.js'], cwd: path.resolve('/p/agent') });
    expect(c.run).toEqual({ concurrency: 16, repeat: 3, timeout_ms: 30000, seed: 1, workers: 1, max_error_rate: 0, max_turns: 10 });
    expect(c.baselinePath).toBe(path.resolve('/p/agentready.baseline.json'));
    expect(c.gate).toEqual({ success_rate: { max_drop_pp: 0 }, policy_compliance: { min: 1 }, newly_failing: { max: 0 } });
    expect(c.rootDir).toBe('/p');
  });

  it('resolves a module path and keeps a written gate as is', () => {
    const c = config('target: { adapter: module, module: ./src/agent.ts }\ngate: { success_rate: { max_drop_pp: 2 } }\n');
    expect(c.target).toEqual({ adapter: 'module', module: path.resolve('/p/src/agent.ts') });
    expect(c.gate).toEqual({ success_rate: { max_drop_pp: 2 } });
  });
});
