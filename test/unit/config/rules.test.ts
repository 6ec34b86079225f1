import { describe, expect, it } from 'vitest';
import { validateConfigSource, validatePolicySource, validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { PROJECT_RULES, runRules, type LoadedFile } from '../../../src/config/rules.js';
import { globToRegExp } from '../../../src/config/tool-glob.js';
import type { WrittenSuite } from '../../../src/config/schema/suite.js';
import type { ConfigIssue } from '../../../src/errors.js';

const TOOLS = `tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
  - name: issue_refund
`;

function suite(cases: string, head = `suite: s\n${TOOLS}`): string {
  return `${head}cases:\n${cases}`;
}

function issuesOf(source: string): ConfigIssue[] {
  const result = validateSuiteSource(source, 's.suite.yaml');
  return result.ok ? result.warnings : result.issues;
}

/** A schema-valid suite, loaded for the project-wide rules. */
function loaded(source: string, file: string): LoadedFile<WrittenSuite> {
  const result = validateSuiteSource(source, file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { yaml: parseYaml({ source, file }).yaml, value: result.value };
}

describe('suite rules', () => {
  it('refuses a model fault written as a pattern (`gpt-*`), which is matched as one id and would never fire; "*" and an id pass', () => {
    const found = issuesOf(suite(`  - id: a
    input: hi
    faults:
      - { model: "*", call: 1, error: rate_limit }
      - { model: gpt-4o-mini, error: timeout }
      - { model: "gpt-*", call: 2, error: server_error }
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code, i.severity ?? 'error', `${i.line}:${i.column}`])).toEqual([['cases[0].faults[2].model', 'model_fault_pattern', 'error', '12:18']]);
    expect(found[0]!.message).toContain('model fault "gpt-*" would never fire');
  });

  it('warns at an expected call no run can match: approved on a tool that takes no approval, a tool both expected and forbidden', () => {
    const source = `suite: s
tools:
  - { name: lookup_order, tier: read }
  - { name: draft_reply, tier: suggest }
  - { name: escalate, tier: autonomous }
  - { name: issue_refund, tier: approve, mock: { result: { refunded: true } } }
  - { name: send_email, tier: autonomous, effects: [external] }
cases:
  - id: a
    input: hi
    expect:
      tools:
        - { name: lookup_order, approved: true }
        - { name: draft_reply, approved: true }
        - { name: escalate, approved: true }
        - { name: issue_refund, approved: true }
        - { name: send_email, approved: true }
        - { name: lookup_order, approved: false }
  - id: b
    input: hi
    expect:
      tools: [{ name: lookup_order }, { name: issue_refund }, { name: send_email }]
      forbid: [lookup_order, { name: issue_refund }, { name: send_email, args: { to: x } }]
      alternatives:
        - { outcome: escalated, tools: [{ name: escalate }], forbid: [escalate] }
`;
    const result = validateSuiteSource(source, 's.suite.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    // The suite alone: what no target can match (the approval-free tools need the target, below).
    expect(result.warnings.map((w) => [w.path, w.line, w.severity, w.code])).toEqual([
      ['cases[0].expect.tools[1].approved', 14, 'warning', 'expectation_never_matches'],
      ['cases[1].expect.tools[0].name', 22, 'warning', 'expectation_never_matches'],
      ['cases[1].expect.tools[1].name', 22, 'warning', 'expectation_never_matches'],
      ['cases[1].expect.alternatives[0].tools[0].name', 25, 'warning', 'expectation_never_matches'],
    ]);
    expect(result.warnings[0]!.message).toMatch(/^draft_reply is tier suggest: it never runs, so `approved: true` never matches/);
    expect(result.warnings[1]!.message).toBe(
      'lookup_order is expected and forbidden (forbid[0]): any call of it fails the tools check, so this expectation can never pass (give the forbid entry args that leave the expected call out)',
    );
    const projectWarnings = (target: string) => {
      const config = validateConfigSource({ source: `target: ${target}\n`, file: 'c.yaml' });
      if (!config.ok) throw new Error('config invalid');
      const issues = runRules(PROJECT_RULES, { suites: [loaded(source, 's.suite.yaml')], config: { yaml: parseYaml({ source: `target: ${target}\n`, file: 'c.yaml' }).yaml, value: config.value } });
      return issues.filter((i) => i.path.endsWith('approved'));
    };
    // A hosted call carries no approval its tool does not take.
    const hosted = projectWarnings('{ adapter: module, module: a.js }');
    // send_email has no mock and no handler: its approved call is answered not_mocked and runs nothing (issue_refund has a mock).
    expect(hosted.map((w) => w.path)).toEqual(['cases[0].expect.tools[1].approved', 'cases[0].expect.tools[0].approved', 'cases[0].expect.tools[2].approved', 'cases[0].expect.tools[4].approved']);
    expect(hosted[3]!.message).toBe(
      'send_email has no `mock`, no `handler` and no mock in this case: its calls are answered not_mocked and run nothing, so `approved: true` (a call made on a granted approval that went to the tool) never matches under `eval` and the case fails every eval (only a trace scored by `agentready score` that reports the call run on its approval can pass it; else give the tool a `mock` or a `handler`, or the case a mock)',
    );
    expect(hosted[1]!.message).toBe(
      'lookup_order needs no approval (tier read, no effects): no call the tool host answers runs on one, so `approved: true` never matches under `eval` and the case fails every eval (only a trace scored by `agentready score` that reports the approval can pass it; else drop `approved`, or give the tool tier approve or an effect)',
    );
    // An exec agent reports `approved` on its calls itself: `approved: true` on a read tool can match.
    expect(projectWarnings('{ adapter: exec, command: [node, a.js] }').map((w) => w.path)).toEqual(['cases[0].expect.tools[1].approved']);
  });

  it('is quiet at an approved call of a tool with no mock when the case mocks it', () => {
    const source = `suite: s
tools: [{ name: send_email, tier: approve }]
cases:
  - { id: a, input: hi, expect: { tools: [{ name: send_email, approved: true }] } }
  - { id: b, input: hi, mocks: [{ tool: send_email, result: { sent: true } }], expect: { tools: [{ name: send_email, approved: true }] } }
`;
    const target = 'target: { adapter: module, module: a.js }\n';
    const config = validateConfigSource({ source: target, file: 'c.yaml' });
    if (!config.ok) throw new Error('config invalid');
    const issues = runRules(PROJECT_RULES, { suites: [loaded(source, 's.suite.yaml')], config: { yaml: parseYaml({ source: target, file: 'c.yaml' }).yaml, value: config.value } });
    expect(issues.map((i) => i.path)).toEqual(['cases[0].expect.tools[0].approved']);
  });

  it('rejects mocks, faults and expected calls naming an undeclared tool', () => {
    const issues = issuesOf(suite(`  - id: a
    input: hi
    mocks: [{ tool: lookup_ordr, result: 1 }]
    faults: [{ tool: refund, error: timeout }]
    expect: { tools: [{ name: close_account }] }
`));
    expect(issues.map((i) => [i.path, i.line, i.column, i.found])).toEqual([
      ['cases[0].mocks[0].tool', 9, 21, '"lookup_ordr"'],
      ['cases[0].faults[0].tool', 10, 22, '"refund"'],
      ['cases[0].expect.tools[0].name', 11, 31, '"close_account"'],
    ]);
    expect(issues[0]!.expected).toBe('a tool declared under `tools:`: did you mean "lookup_order"? (lookup_order, issue_refund)');
    expect(issues[1]!.expected).toBe('a tool declared under `tools:`: did you mean "issue_refund"? (lookup_order, issue_refund)');
    expect(issues[2]!.expected).toBe('a tool declared under `tools:` (lookup_order, issue_refund)');
  });

  it('warns at a literal argument whose type the tool\'s parameters rule out, in a mock\'s when and an expected call (a call with it is answered invalid_arguments)', () => {
    const head = `suite: s\ntools:\n  - name: lookup_order\n    parameters: { type: object, properties: { order_id: { type: string }, count: { type: integer }, note: { type: [string, "null"] } } }\n`;
    const source = suite(
      '  - id: a\n    input: hi\n    mocks: [{ tool: lookup_order, when: { order_id: 1234, note: null }, result: 1 }]\n    expect: { tools: [{ name: lookup_order, args: { count: "2", order_id: { regex: "^1" } } }] }\n',
      head,
    );
    const configOf = (adapter: string) => {
      const yaml = parseYaml({ source: `target: { adapter: ${adapter} }\n`, file: 'c.yaml' }).yaml;
      return { yaml, value: { target: { adapter } } } as never;
    };
    const issues = runRules(PROJECT_RULES, { suites: [loaded(source, 's.suite.yaml')], config: configOf('stdio') }).filter((issue) => issue.code === 'argument_type');
    // Under exec the agent calls its own tools: nothing refuses the call.
    expect(runRules(PROJECT_RULES, { suites: [loaded(source, 's.suite.yaml')], config: configOf('exec') }).filter((issue) => issue.code === 'argument_type')).toEqual([]);
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.found])).toEqual([
      ['cases[0].mocks[0].when.order_id', 8, 53, 'warning', '1234'],
      ['cases[0].expect.tools[0].args.count', 9, 60, 'warning', '"2"'],
    ]);
    expect(issues[0]!.expected).toBe('a string, as lookup_order\'s parameters give order_id: a call whose order_id is a number is answered invalid_arguments before any mock, so this mock never answers (write "1234")');
    expect(issues[1]!.expected).toBe('an integer, as lookup_order\'s parameters give count: a call whose count is a string is answered invalid_arguments before any mock, so this expects a call the tool refuses (write 2)');
  });

  it('warns at a literal string the tool\'s parameters\' format rules out, as at a wrong type (the tool host checks formats: a call with it is answered invalid_arguments)', () => {
    const head = `suite: s\ntools:\n  - name: find_user\n    parameters: { type: object, properties: { email: { type: string, format: email }, day: { format: date }, tag: { type: string, format: decimal }, n: { type: string, format: email } } }\n`;
    const source = suite(
      '  - id: a\n    input: hi\n    mocks: [{ tool: find_user, when: { email: alice, day: "2024-01-31", tag: x, n: 3 }, result: 1 }]\n    expect: { tools: [{ name: find_user, args: { email: a@example.com, day: "2024-13-45" } }] }\n',
      head,
    );
    const issues = runRules(PROJECT_RULES, { suites: [loaded(source, 's.suite.yaml')] }).filter((issue) => issue.code === 'argument_format' || issue.code === 'argument_type');
    // A valid value, a format no check knows (decimal) and a wrong type (said once, as a type) get no format warning.
    expect(issues.map((i) => [i.code, i.path, i.line, i.column, i.severity, i.found])).toEqual([
      ['argument_format', 'cases[0].mocks[0].when.email', 8, 47, 'warning', '"alice"'],
      ['argument_type', 'cases[0].mocks[0].when.n', 8, 84, 'warning', '3'],
      ['argument_format', 'cases[0].expect.tools[0].args.day', 9, 77, 'warning', '"2024-13-45"'],
    ]);
    expect(issues[0]!.expected).toBe('a string of format email, as find_user\'s parameters give email: a call whose email is not one is answered invalid_arguments before any mock, so this mock never answers');
    expect(issues[2]!.expected).toBe('a string of format date, as find_user\'s parameters give day: a call whose day is not one is answered invalid_arguments before any mock, so this expects a call the tool refuses');
  });

  it('refuses a mock that answers both with result and error, at its error (error used to win silently)', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: lookup_order, result: 1, error: { kind: not_found } }]\n    expect: { outcome: completed }\n', `suite: s\ntools:\n  - name: lookup_order\n    mock: { result: 2, error: { kind: x } }\n`));
    expect(issues.map((i) => [i.path, i.line, i.column, i.expected])).toEqual([
      ['tools[0].mock.error', 4, 31, 'a mock answers with `result` or with `error`, not both'],
      ['cases[0].mocks[0].error', 8, 53, 'a mock answers with `result` or with `error`, not both'],
    ]);
  });

  it('refuses a mock that answers with neither result nor error, at the mock (it answered null silently); `result: null` stays an answer', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: lookup_order, when: { id: 1 } }, { tool: lookup_order, result: null }]\n    expect: { outcome: completed }\n', `suite: s\ntools:\n  - name: lookup_order\n    mock: {}\n`));
    const neither = 'a mock answers with `result` or with `error`: this one has neither (`result: null` answers null, `result: {}` an empty object)';
    // An error (no severity: not a warning), exit 2, at the mock's own line and column.
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.expected])).toEqual([
      ['tools[0].mock', 4, 11, undefined, neither],
      ['cases[0].mocks[0]', 8, 13, undefined, neither],
    ]);
  });

  it('warns at a case whose context the suite\'s context_schema refuses: at its context, or at its id when it has none', () => {
    const head = `suite: s\ncontext_schema: { type: object, required: [customer_id], properties: { customer_id: { type: string } } }\n${TOOLS}`;
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    context: { customer_id: 7 }\n    expect: { outcome: completed }\n  - id: b\n    input: hi\n    expect: { outcome: completed }\n  - id: c\n    input: hi\n    context: { customer_id: c-1 }\n    expect: { outcome: completed }\n', head));
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.expected])).toEqual([
      ['cases[0].context', 10, 14, 'warning', 'a context the suite\'s context_schema accepts (context.customer_id must be string)'],
      ['cases[1].id', 12, 9, 'warning', 'a context the suite\'s context_schema accepts (the context must have required property \'customer_id\')'],
    ]);
  });

  it('judges each suite\'s contexts by its own context_schema, two schemas of one $id included (one Ajv serves every suite)', () => {
    const cases = '  - id: a\n    input: hi\n    context: { customer_id: c-1 }\n    expect: { outcome: completed }\n';
    const byCustomer = issuesOf(suite(cases, `suite: s\ncontext_schema: { $id: "https://example.com/context.json", type: object, required: [customer_id] }\n${TOOLS}`));
    const byOrder = issuesOf(suite(cases, `suite: s\ncontext_schema: { $id: "https://example.com/context.json", type: object, required: [order_id] }\n${TOOLS}`));
    const byRegion = issuesOf(suite(cases, `suite: s\ncontext_schema: { type: object, required: [region] }\n${TOOLS}`));
    expect(byCustomer).toEqual([]);
    expect(byOrder.map((i) => i.expected)).toEqual(['a context the suite\'s context_schema accepts (the context must have required property \'order_id\')']);
    expect(byRegion.map((i) => i.expected)).toEqual(['a context the suite\'s context_schema accepts (the context must have required property \'region\')']);
  });

  it('does not resolve a suite\'s context_schema $ref by another suite\'s $id, whichever was read first', () => {
    const cases = '  - id: a\n    input: hi\n    context: { customer: {} }\n    expect: { outcome: completed }\n';
    issuesOf(suite(cases, `suite: s\ncontext_schema: { $id: "https://example.com/customer.json", type: object, required: [customer_id] }\n${TOOLS}`));
    const referring = issuesOf(suite(cases, `suite: s\ncontext_schema: { type: object, properties: { customer: { $ref: "https://example.com/customer.json" } } }\n${TOOLS}`));
    // Its schema is refused as it stands (the $ref resolves to nothing), and no case is judged by the other suite's.
    expect(referring.map((i) => [i.code, i.message])).toEqual([['invalid_json_schema', 'can\'t resolve reference https://example.com/customer.json from id #']]);
  });

  it('rejects an approvals map naming an undeclared tool, at the key (a typo left that tool at the default answer)', () => {
    const issues = issuesOf(suite(`  - id: a
    input: hi
    approvals: { default: grant, issue_refnd: deny }
    expect: { outcome: completed }
`, `suite: s\napprovals: { lookup_order: deny, send_emial: deny }\n${TOOLS}`));
    expect(issues.map((i) => [i.path, i.line, i.column, i.found, i.severity ?? 'error'])).toEqual([
      ['approvals.send_emial', 2, 34, '"send_emial"', 'error'],
      ['cases[0].approvals.issue_refnd', 10, 34, '"issue_refnd"', 'error'],
    ]);
    expect(issues[1]!.expected).toBe('a tool declared under `tools:`, or `default`: did you mean "issue_refund"? (lookup_order, issue_refund)');
  });

  it('hints `default` for a misspelt approvals default (it left every tool at the default answer)', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    approvals: { defualt: deny }\n    expect: { outcome: completed }\n'));
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['cases[0].approvals.defualt', 'a tool declared under `tools:`, or `default`: did you mean "default"? (lookup_order, issue_refund)'],
    ]);
  });

  it('only warns when forbid names an undeclared tool', () => {
    const result = validateSuiteSource(suite('  - id: a\n    input: hi\n    expect: { forbid: [close_account, { name: wipe }] }\n'), 's.yaml');
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.map((w) => [w.path, w.severity])).toEqual([
      ['cases[0].expect.forbid[0]', 'warning'],
      ['cases[0].expect.forbid[1].name', 'warning'],
    ]);
  });

  it('rejects a when key the tool does not declare, at the key', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: lookup_order, when: { orderid: "1" }, result: 1 }]\n    expect: { outcome: completed }\n'));
    expect(issues).toMatchObject([
      { path: 'cases[0].mocks[0].when.orderid', line: 9, column: 43, expected: 'an argument of lookup_order (order_id)' },
    ]);
  });

  it('accepts any when key for a tool without declared properties', () => {
    expect(issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: issue_refund, when: { amount: 1 }, result: 1 }]\n    expect: { outcome: completed }\n'))).toEqual([]);
  });

  it('rejects a tool declared twice at the second declaration, naming the first', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    expect: { outcome: completed }\n', `suite: s\n${TOOLS}  - { name: lookup_order, mock: { result: {} } }\n`));
    expect(issues).toMatchObject([
      { code: 'duplicate_tool', path: 'tools[2].name', line: 6, column: 13, message: 'tool name "lookup_order" is used twice', expected: 'a tool name unique in the suite (tools[0] has "lookup_order")' },
    ]);
  });

  it('rejects a duplicate case id at the second one', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    expect: { outcome: completed }\n  - id: a\n    input: ho\n    expect: { outcome: completed }\n'));
    expect(issues).toMatchObject([{ code: 'duplicate_case_id', path: 'cases[1].id', line: 10, column: 9 }]);
  });

  it('warns at case ids that differ only in letter case, at the second one: their cassettes would be one file on a case-insensitive file system', () => {
    const issues = issuesOf(suite('  - id: Refund-A\n    input: hi\n    expect: { outcome: completed }\n  - id: refund-a\n    input: ho\n    expect: { outcome: completed }\n  - id: Refund-A\n    input: ha\n    expect: { outcome: completed }\n'));
    expect(issues).toMatchObject([
      {
        code: 'case_ids_differ_in_case', path: 'cases[1].id', line: 10, column: 9,
        severity: 'warning',
        message: 'case id "refund-a" differs from "Refund-A" (cases[0]) only in letter case: should the project record model calls (--models record), their cassettes would be one file on macOS and Windows',
        expected: 'a case id that differs from "Refund-A" (cases[0]) in more than letter case: a case\'s cassette is a file named by its id, and macOS and Windows read two such names as one file',
        found: '"refund-a"',
      },
      // The third is the first's id again: used twice, not said twice.
      { code: 'duplicate_case_id', path: 'cases[2].id' },
    ]);
  });

  it('rejects parameters that are no valid JSON Schema, pointing inside them', () => {
    const head = 'suite: s\ntools:\n  - name: t\n    parameters:\n      type: object\n      properties:\n        a: { type: strin }\n  - name: u\n    parameters: { type: object, require: [a] }\n';
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    expect: { outcome: completed }\n', head));
    expect(issues).toMatchObject([
      { path: 'tools[0].parameters.properties.a.type', line: 7, column: 20, found: '"strin"' },
      { path: 'tools[1].parameters.require', line: 9, column: 33, expected: 'a valid JSON Schema (2020-12): no keyword "require"' },
    ]);
  });
});

describe('parameters written as their fields alone', () => {
  it('says a field\'s schema goes under properties (`parameters: { order_id: { type: string } }`), not of a typo of a keyword', () => {
    const head = 'suite: s\ntools:\n  - { name: t, parameters: { order_id: { type: string } } }\n  - { name: u, parameters: { amount: number } }\n  - { name: v, parameters: { type: object, propertis: { a: { type: string } } } }\n';
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    expect: { outcome: completed }\n', head));
    const field = (name: string) => `a valid JSON Schema (2020-12): no keyword "${name}": a field's schema goes under properties, { type: object, properties: { ${name}: … } }`;
    expect(issues.map((issue) => [issue.path, issue.expected])).toEqual([
      ['tools[0].parameters.order_id', field('order_id')],
      ['tools[1].parameters.amount', field('amount')],
      ['tools[2].parameters.propertis', 'a valid JSON Schema (2020-12): no keyword "propertis"'],
    ]);
  });
});

describe('a JSON Schema format no check knows', () => {
  it('is warned of where it is written, not refused (JSON Schema makes it an annotation; OpenAPI tools carry decimal, phone): every value passes it', () => {
    const head = 'suite: s\ntools:\n  - name: pay\n    parameters:\n      type: object\n      properties:\n        amount: { type: string, format: decimal }\n        to: { type: string, format: emial }\n        at: { type: string, format: date-time }\n        format: { type: string, enum: [a], default: { format: phone } }\n';
    const result = validateSuiteSource(suite('  - id: a\n    input: hi\n    expect: { outcome: completed }\n', head), 's.suite.yaml');
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.warnings : [];
    expect(warnings.map((i) => [i.code, i.path, i.line, i.severity, i.message])).toEqual([
      ['unknown_format', 'tools[0].parameters.properties.amount.format', 7, 'warning', 'unknown format "decimal": not checked'],
      ['unknown_format', 'tools[0].parameters.properties.to.format', 8, 'warning', 'unknown format "emial": not checked'],
    ]);
    expect(warnings[1]!.expected).toMatch(/^a format agentready checks: did you mean "email"\? \(date, time, date-time, .*, email, .*\): "emial" is none, so it is not checked \(JSON Schema 2020-12 makes an unknown format an annotation, which every value passes\)$/);
  });

  it('is warned of in each suite that writes it, and leaves the schema\'s other problems refused', () => {
    const head = 'suite: s\ntools:\n  - name: pay\n    parameters: { type: object, require: [a], properties: { amount: { format: decimal } } }\n';
    const cases = '  - id: a\n    input: hi\n    expect: { outcome: completed }\n';
    for (let i = 0; i < 2; i++) {
      const result = validateSuiteSource(suite(cases, head), 's.suite.yaml');
      expect(result.ok ? [] : result.issues.map((issue) => [issue.code, issue.severity ?? 'error'])).toEqual([['invalid_json_schema', 'error'], ['unknown_format', 'warning']]);
    }
  });
});

describe('a case\'s json_schema', () => {
  it('is checked however its key is written, an escape included (a text without the key as written skips the cases)', () => {
    for (const key of ['json_schema', '"json\\x5fschema"']) {
      const cases = `  - id: a\n    input: hi\n    expect: { outcome: completed, output: { ${key}: { type: object, require: [a] } } }\n`;
      expect(issuesOf(suite(cases, 'suite: s\ntools: []\n')).map((issue) => [issue.code, issue.path])).toEqual([['invalid_json_schema', 'cases[0].expect.output.json_schema.require']]);
    }
  });
});

describe('rules beside schema errors', () => {
  it('still checks cross-references in a case that has a schema error', () => {
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: lookup_ordr, result: 1 }]\n    expect: { outcome: complete }\n'));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown_tool', 'cases[0].mocks[0].tool'],
      ['invalid_value', 'cases[0].expect.outcome'],
    ]);
  });

  it('does not call tools undeclared when a tool name itself is invalid', () => {
    const head = 'suite: s\ntools:\n  - name: "lookup order"\n';
    const issues = issuesOf(suite('  - id: a\n    input: hi\n    mocks: [{ tool: lookup_order, result: 1 }]\n    expect: { outcome: completed }\n', head));
    expect(issues.map((i) => [i.code, i.path])).toEqual([['invalid_format', 'tools[0].name']]);
  });
});

describe('project rules', () => {
  const one = loaded(suite('  - id: a\n    input: hi\n    tags: [refund]\n    risk: high\n    expect: { outcome: completed }\n'), 'evals/a.suite.yaml');
  /** The project rules' issues over a schema-valid config and the suite `one`. */
  const configIssues = (source: string) => {
    const config = validateConfigSource({ source, file: 'c.yaml' });
    if (!config.ok) throw new Error('config invalid');
    return runRules(PROJECT_RULES, { suites: [one], config: { yaml: parseYaml({ source, file: 'c.yaml' }).yaml, value: config.value } });
  };
  const two = loaded(suite('  - id: b\n    input: hi\n    expect: { outcome: completed }\n'), 'evals/b.suite.yaml');

  it('rejects a suite name used by an earlier file, in the later file', () => {
    const issues = runRules(PROJECT_RULES, { suites: [one, two] });
    expect(issues).toMatchObject([
      { file: 'evals/b.suite.yaml', path: 'suite', line: 1, column: 8, code: 'duplicate_suite', expected: 'a suite name unique across suite files (evals/a.suite.yaml has "s")' },
    ]);
  });

  it('warns at a suite name that differs from an earlier file\'s only in letter case: their cassette folders would be one on macOS and Windows', () => {
    const upper = loaded(suite('  - id: b\n    input: hi\n    expect: { outcome: completed }\n', `suite: S\n${TOOLS}`), 'evals/upper.suite.yaml');
    expect(runRules(PROJECT_RULES, { suites: [one, upper] })).toMatchObject([
      {
        file: 'evals/upper.suite.yaml', path: 'suite', line: 1, column: 8, code: 'suite_names_differ_in_case', severity: 'warning',
        message: 'suite name "S" differs from "s" (evals/a.suite.yaml) only in letter case: should the project record model calls (--models record), their cassettes would be one folder on macOS and Windows',
      },
    ]);
  });

  it('warns when a policy rule matches no declared tool, globs included', () => {
    const source = 'rules:\n  - { id: a, tool: "issue_*", deny_if: { context.x: 1 } }\n  - { id: b, tool: delete_user, deny_if: { context.x: 1 } }\n  - { id: c, tool: lookup_order, require_prior: [auth, lookup_ordr] }\n';
    const policy = validatePolicySource(source, 'policy.yaml');
    if (!policy.ok) throw new Error('policy invalid');
    const issues = runRules(PROJECT_RULES, { suites: [one], policy: { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: policy.value } });
    expect(issues.map((i) => [i.path, i.severity, i.found])).toEqual([
      ['rules[1].tool', 'warning', '"delete_user"'],
      ['rules[2].require_prior[0]', 'warning', '"auth"'],
      ['rules[2].require_prior[1]', 'warning', '"lookup_ordr"'],
    ]);
    // A misspelt tool in a rule never matches: the warning names the tool meant.
    // No glob was written there: the warning says nothing of globs (it said "not a glob").
    expect(issues[2]!.expected).toBe('a tool declared in a suite: did you mean "lookup_order"? (issue_refund, lookup_order)');
    expect(issues[0]!.expected).not.toContain('did you mean');
  });

  it('reads a policy glob as the policy engine does: braces and classes match, and require_prior names tools exactly', () => {
    const source = 'rules:\n  - { id: a, tool: "{issue_refund,lookup_order}", deny_if: { context.x: 1 } }\n  - { id: b, tool: "lookup_[o]rder", deny_if: { context.x: 1 } }\n  - { id: c, tool: lookup_order, require_prior: ["lookup_*"] }\n';
    const policy = validatePolicySource(source, 'policy.yaml');
    if (!policy.ok) throw new Error('policy invalid');
    const issues = runRules(PROJECT_RULES, { suites: [one], policy: { yaml: parseYaml({ source, file: 'policy.yaml' }).yaml, value: policy.value } });
    expect(issues.map((i) => [i.path, i.severity, i.found])).toEqual([['rules[2].require_prior[0]', 'warning', '"lookup_*"']]);
    // A glob there never matches, so the hint must not suggest one (it did: "or a glob matching one").
    expect(issues[0]?.expected).toBe('the exact name of a tool declared in a suite, not a glob (issue_refund, lookup_order)');
  });

  it('warns when a gate slice names a suite, tag or risk no case has', () => {
    const issues = configIssues('target: { adapter: module, module: a.js }\ngate:\n  slices:\n    "tag:refund": {}\n    "tag:billing": {}\n    "risk:low": {}\n    "suite:s": {}\n');
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.expected])).toEqual([
      ['gate.slices["tag:billing"]', 5, 5, 'warning', 'a slice some case falls in (tag:refund)'],
      ['gate.slices["risk:low"]', 6, 5, 'warning', 'a slice some case falls in (risk:high)'],
    ]);
  });

  it("warns at an adversarial gate slice only the suite's list names when every case's own list replaces it: no variant falls in it", () => {
    const source = 'target: { adapter: module, module: a.js }\ngate:\n  slices:\n    "adversarial:prompt_injection": {}\n    "adversarial:rate_limit": {}\n    "tag:adversarial": {}\n';
    const config = validateConfigSource({ source, file: 'c.yaml' });
    if (!config.ok) throw new Error('config invalid');
    const head = `suite: adv\nadversarial: [prompt_injection]\n${TOOLS}`;
    const optedOut = loaded(suite('  - { id: a, input: hi, adversarial: [], expect: { outcome: completed } }\n  - { id: b, input: hi, adversarial: [rate_limit], expect: { outcome: completed } }\n', head), 'evals/adv.suite.yaml');
    const issues = runRules(PROJECT_RULES, { suites: [optedOut], config: { yaml: parseYaml({ source, file: 'c.yaml' }).yaml, value: config.value } });
    expect(issues.filter((i) => i.code === 'unknown_slice').map((i) => [i.path, i.expected])).toEqual([
      ['gate.slices["adversarial:prompt_injection"]', 'a slice some case falls in (adversarial:rate_limit)'],
    ]);
  });

  it('warns at a relative limit that fails the gate when the agent improves: max_rise_pp or max_rise_pct on a share of passes, max_drop_pp on the error rate; not on the escalation rate', () => {
    const source = [
      'target: { adapter: module, module: a.js }',
      'gate:',
      '  success_rate: { max_drop_pp: 2, max_rise_pp: 5 }',
      '  policy_compliance: { max_rise_pct: 10 }',
      '  escalation_rate: { max_drop_pp: 5, max_rise_pp: 5 }',
      '  slices:',
      '    "tag:refund":',
      '      error_rate: { max_drop_pp: 3, max_rise_pp: 1 }',
      '      tool_recall: { max_drop_pp: 3 }',
      '',
    ].join('\n');
    const issues = configIssues(source);
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.found])).toEqual([
      ['gate.success_rate.max_rise_pp', 3, 35, 'warning', 'max_rise_pp: 5'],
      // A rise in percent of the baseline fails on an improvement as a rise in points does.
      ['gate.policy_compliance.max_rise_pct', 4, 24, 'warning', 'max_rise_pct: 10'],
      ['gate.slices["tag:refund"].error_rate.max_drop_pp', 8, 21, 'warning', 'max_drop_pp: 3'],
    ]);
    expect(issues[0]!.expected).toBe('max_drop_pp (a rise of success_rate is an improvement: max_rise_pp 5 fails the gate when the agent gets better than the baseline)');
  });

  it('warns at a percentage-point limit written as a fraction (0.05 for 5 pp), below one case\'s move of the suites: it fails the gate on any move', () => {
    const source = [
      'target: { adapter: module, module: a.js }',
      'gate:',
      '  success_rate: { max_drop_pp: 0.05 }',
      '  policy_compliance: { max_drop_pp: 1 }',
      '  slices:',
      '    "tag:refund":',
      '      escalation_rate: { max_rise_pp: 0.5, max_drop_pp: 0 }',
      '',
    ].join('\n');
    const issues = configIssues(source);
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.found])).toEqual([
      ['gate.success_rate.max_drop_pp', 3, 19, 'warning', 'max_drop_pp: 0.05'],
      ['gate.slices["tag:refund"].escalation_rate.max_rise_pp', 7, 26, 'warning', 'max_rise_pp: 0.5'],
    ]);
    expect(issues[0]!.expected).toBe("percentage points: for 5 pp write 5 (0.05 is 0.05 pp, less than one case's move (100 pp of the suites' 1 case): any drop of success_rate fails the gate)");
    // Half a point over 400 cases is two cases' move: meant as written.
    const many = loaded(suite(Array.from({ length: 400 }, (_, i) => `  - { id: c${i}, input: hi, expect: { outcome: completed } }\n`).join('')), 'evals/many.suite.yaml');
    const config = validateConfigSource({ source, file: 'c.yaml' });
    if (!config.ok) throw new Error('config invalid');
    const overMany = runRules(PROJECT_RULES, { suites: [many], config: { yaml: parseYaml({ source, file: 'c.yaml' }).yaml, value: config.value } });
    expect(overMany.filter((i) => i.code === 'points_as_fraction').map((i) => [i.path, i.expected])).toEqual([
      ['gate.success_rate.max_drop_pp', "percentage points: for 5 pp write 5 (0.05 is 0.05 pp, less than one case's move (0.25 pp of the suites' 400 cases): any drop of success_rate fails the gate)"],
    ]);
  });

  it("counts one case's move over a slice's cases for a threshold on a slice: 0.5 pp over 10 of 400 cases is a twentieth of one", () => {
    const source = [
      'target: { adapter: module, module: a.js }',
      'gate:',
      '  success_rate: { max_drop_pp: 0.5 }',
      '  slices:',
      '    "tag:refund":',
      '      success_rate: { max_drop_pp: 0.5 }',
      '    "risk:high":',
      '      success_rate: { max_drop_pp: 0.5 }',
      '    "suite:s":',
      '      success_rate: { max_drop_pp: 0.5 }',
      '',
    ].join('\n');
    const cases = Array.from({ length: 400 }, (_, i) => `  - { id: c${i}, input: hi, ${i < 10 ? 'tags: [refund, refund], ' : ''}${i < 300 ? 'risk: high, ' : ''}expect: { outcome: completed } }\n`);
    const config = validateConfigSource({ source, file: 'c.yaml' });
    if (!config.ok) throw new Error('config invalid');
    const issues = runRules(PROJECT_RULES, { suites: [loaded(suite(cases.join('')), 'evals/many.suite.yaml')], config: { yaml: parseYaml({ source, file: 'c.yaml' }).yaml, value: config.value } });
    // Overall, over 300 cases of risk high and over the suite's 400, half a point is one case's move or more: meant as written.
    expect(issues.filter((i) => i.code === 'points_as_fraction').map((i) => [i.path, i.expected])).toEqual([
      ['gate.slices["tag:refund"].success_rate.max_drop_pp', "percentage points: for 50 pp write 50 (0.5 is 0.5 pp, less than one case's move (10 pp of slice tag:refund's 10 cases): any drop of success_rate fails the gate)"],
    ]);
  });

  it('warns at a significance on a metric the gate has no paired test for (it is never applied), overall and in a slice; not on success_rate', () => {
    const source = [
      'target: { adapter: module, module: a.js }',
      'gate:',
      '  success_rate: { max_drop_pp: 2, significance: 0.05 }',
      '  p95_latency_ms: { max_rise_pct: 20, significance: 0.05 }',
      '  slices:',
      '    "tag:refund":',
      '      escalation_rate: { max_rise_pp: 5, significance: 0.1 }',
      '      error_rate: { max_rise_pp: 5, significance: 0.01 }',
      '',
    ].join('\n');
    const issues = configIssues(source);
    expect(issues.map((i) => [i.path, i.line, i.column, i.severity, i.found])).toEqual([
      ['gate.p95_latency_ms.significance', 4, 39, 'warning', 'significance: 0.05'],
      ['gate.slices["tag:refund"].error_rate.significance', 8, 37, 'warning', 'significance: 0.01'],
    ]);
    expect(issues[0]!.expected).toBe(
      'no significance here: p95_latency_ms has no paired test with the baseline, so past its limit the threshold fails whatever the noise (significance applies to success_rate, pass_hat_k, pass_at_k, escalation_rate, policy_compliance, budget_compliance)',
    );
  });
});

describe('globToRegExp', () => {
  it('matches * and ? and nothing else specially', () => {
    expect(globToRegExp('issue_*').test('issue_refund')).toBe(true);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('axbc')).toBe(false);
    expect(globToRegExp('exact').test('exactly')).toBe(false);
  });
});

describe('an expectation that judges nothing', () => {
  it('warns at `expect: {}` and at an output whose every assertion is empty, with the line and column; validation still passes', () => {
    const result = validateSuiteSource(suite(`  - id: a
    input: hi
    expect: {}
  - id: b
    input: hi
    expect: { output: { contains: [], regex: "" }, alternatives: [{ outcome: escalated }] }
`), 's.suite.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.warnings.map((w) => [w.path, w.line, w.column, w.severity, w.code])).toEqual([
      ['cases[0].expect', 9, 13, 'warning', 'expectation_checks_nothing'],
      ['cases[1].expect.output', 12, 23, 'warning', 'expectation_checks_nothing'],
    ]);
    expect(result.warnings[0]!.message).toContain('the case checks nothing of what the agent did and passes whenever the policy and the budgets hold (say');
    // An alternative stands only when the expectation fails, which this one never does.
    expect(result.warnings[1]!.message).toContain('passes whenever the policy and the budgets hold, its `alternatives` never consulted (say');
  });

  it('warns at `state: {}` alone, which every final state holds as a subset', () => {
    const warnings = issuesOf(suite('  - id: a\n    input: hi\n    expect: { state: {} }\n'));
    expect(warnings.map((w) => [w.path, w.severity, w.code])).toEqual([['cases[0].expect', 'warning', 'expectation_checks_nothing']]);
  });

  it('is quiet when anything judges the outcome, a turn\'s expect included, and beside a schema error in the expectation', () => {
    const quiet = [
      'expect: { outcome: completed }',
      'expect: { tools: [{ name: lookup_order }] }',
      // No tool call at all: a call fails it.
      'expect: { tools: [] }',
      'expect: { forbid: [issue_refund] }',
      'expect: { output: { contains: [x] } }',
      'expect: { output: { equals: 3 } }',
      'expect: { state_unchanged: true }',
      'expect: { respect_retry_after: true }',
      'expect: { state: { orders: {} } }',
      'expect: { state: {}, state_exact: true }',
      // Limits the case sets itself: it checks the agent stays within them.
      'expect: { budgets: { max_tool_calls: 2 } }',
    ];
    for (const line of quiet) expect(issuesOf(suite(`  - id: a\n    input: hi\n    ${line}\n`)), line).toEqual([]);
    expect(issuesOf(suite('  - id: a\n    turns: [{ user: hi, expect: { outcome: clarified } }]\n    expect: {}\n'))).toEqual([]);
    // The schema error is the one problem: the expectation meant to judge something.
    expect(issuesOf(suite('  - id: a\n    input: hi\n    expect: { outcome: finished }\n')).map((issue) => issue.code)).not.toContain('expectation_checks_nothing');
    expect(issuesOf(suite('  - id: a\n    input: hi\n    expect: { output: { contains: 5 } }\n')).map((issue) => issue.code)).not.toContain('expectation_checks_nothing');
  });
});

describe('an alternative\'s ignore_state', () => {
  it('warns at `ignore_state: true` in a case whose expect sets no `state` (it leaves out nothing), with the line and column; validation still passes', () => {
    const result = validateSuiteSource(suite(`  - id: a
    input: hi
    expect:
      outcome: completed
      state_unchanged: true
      alternatives:
        - { outcome: escalated }
        - { outcome: clarified, ignore_state: true }
`), 's.suite.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.warnings.map((w) => [w.path, w.line, w.column, w.severity, w.code, w.found])).toEqual([
      ['cases[0].expect.alternatives[1].ignore_state', 14, 33, 'warning', 'ignore_state_without_state', 'true'],
    ]);
    expect(result.warnings[0]!.message).toContain("ignore_state: true leaves out nothing: this case's `expect` sets no `state`");
  });

  it('is quiet beside a `state`, and beside a schema error in the expectation (a misspelt or invalid state)', () => {
    const alternatives = 'alternatives: [{ outcome: escalated, ignore_state: true }]';
    expect(issuesOf(suite(`  - id: a\n    input: hi\n    expect: { outcome: completed, state: { orders: { "1": { status: refunded } } }, ${alternatives} }\n`))).toEqual([]);
    expect(issuesOf(suite(`  - id: a\n    input: hi\n    expect: { outcome: completed, stat: { orders: {} }, ${alternatives} }\n`)).map((issue) => issue.code)).not.toContain('ignore_state_without_state');
  });
});
