// Under the exec target agentready hosts no tools: a warning at each of a case's tool faults, and
// where a suite or case asks for a variant family made of tool faults or answers.
import { describe, expect, it } from 'vitest';
import { projectIssues } from './project-issues.js';
import { hostsTools } from '../../../src/config/tool-host.js';

const SUITE = `suite: s
adversarial: [missing_context, rate_limit]
tools:
  - name: lookup_order
cases:
  - id: a
    input: where is order 1?
    context: { customer_id: c-1 }
    faults:
      - { model: "*", error: server_error }
      - { tool: lookup_order, error: timeout }
    adversarial: [tool_failure, prompt_injection, malformed_input]
    expect: { tools: [{ name: lookup_order }] }
  - id: b
    input: hi
    expect: { outcome: clarified }
`;

const TARGETS: Record<string, string> = {
  exec: '{ adapter: exec, command: [node, a.js] }',
  stdio: '{ adapter: stdio, command: [node, a.js] }',
  http: '{ adapter: http, url: "http://127.0.0.1:9/run" }',
  module: '{ adapter: module, module: ./agent.mjs }',
};

function issuesUnder(adapter: string) {
  return projectIssues({ config: `target: ${TARGETS[adapter]}\n`, suite: SUITE })
    .map((issue) => ({ at: `${issue.file}:${issue.line}:${issue.column}`, path: issue.path, severity: issue.severity ?? 'error', message: issue.message }));
}

describe('hostsTools', () => {
  it('is false for exec only', () => {
    expect(['stdio', 'http', 'module', 'exec'].map((adapter) => hostsTools({ adapter: adapter as 'exec' }))).toEqual([true, true, true, false]);
    expect(hostsTools(undefined)).toBe(true);
  });
});

describe('under the exec target', () => {
  it('warns at a case\'s tool fault (not at a model fault), and where tool-fault families and injection are asked for', () => {
    const issues = issuesUnder('exec');
    expect(issues.map(({ at, path, severity }) => [at, path, severity])).toEqual([
      ['a.suite.yaml:11:9', 'cases[0].faults[1]', 'warning'],
      ['a.suite.yaml:2:32', 'adversarial[1]', 'warning'],
      ['a.suite.yaml:12:19', 'cases[0].adversarial[0]', 'warning'],
      ['a.suite.yaml:12:33', 'cases[0].adversarial[1]', 'warning'],
    ]);
    expect(issues[0]!.message).toBe(
      'faults do not apply under the exec target: it hosts no tools (its agent calls its own), so agentready does not inject this timeout of lookup_order, and case a is judged on the calls its agent reports, without it. To test the agent against it, run this suite with a stdio, http or module target',
    );
    expect(issues[1]!.message).toMatch(/^rate_limit makes no variant: the exec target hosts no tools .* none is generated under exec$/);
    expect(issues[2]!.message).toMatch(/^tool_failure makes no variant: /);
    expect(issues[3]!.message).toMatch(/^prompt_injection puts its payloads in the user's input only: /);
  });

  it('warns at an approvals: that refuses something (suite or case), since no one answers the agent\'s approval/request', () => {
    const suite = `suite: s
approvals: { default: grant, issue_refund: deny }
tools:
  - { name: issue_refund, tier: approve }
cases:
  - { id: a, input: refund, approvals: deny, expect: { tools: [{ name: issue_refund, approved: false }] } }
  - { id: b, input: refund, approvals: grant, expect: { outcome: completed } }
`;
    const under = (adapter: string) => projectIssues({ config: `target: ${TARGETS[adapter]}\n`, suite })
      .filter((issue) => issue.message.startsWith('approvals do not apply'))
      .map((issue) => [`${issue.file}:${issue.line}:${issue.column}`, issue.path, issue.severity, issue.message]);
    expect(under('exec')).toEqual([
      ['a.suite.yaml:2:12', 'approvals', 'warning', expect.stringContaining('so the cases of suite s are judged on the approvals its agent reports, not refused. To test the agent against a refusal, run this suite with a stdio, http or module target')],
      ['a.suite.yaml:6:40', 'cases[0].approvals', 'warning', expect.stringContaining('so case a is judged on the approvals its agent reports')],
    ]);
    for (const adapter of ['stdio', 'http', 'module']) expect(under(adapter), adapter).toEqual([]);
  });

  it('warns at a tool\'s handler, which no call reaches under exec (the state changes only by what the agent reports)', () => {
    const suite = `suite: s
state: { n: 0 }
tools:
  - { name: bump, handler: ./tools.mjs#bump }
  - { name: look }
cases:
  - { id: a, input: x, expect: { state: { n: 1 } } }
`;
    const under = (adapter: string) => projectIssues({ config: `target: ${TARGETS[adapter]}\n`, suite })
      .filter((issue) => issue.message.startsWith('handlers do not run'))
      .map((issue) => [`${issue.file}:${issue.line}:${issue.column}`, issue.path, issue.severity, issue.message]);
    expect(under('exec')).toEqual([
      ['a.suite.yaml:4:28', 'tools[0].handler', 'warning', expect.stringContaining('so ./tools.mjs#bump is never called, and the state changes only by the state_change its agent reports on each call')],
    ]);
    for (const adapter of ['stdio', 'http', 'module']) expect(under(adapter), adapter).toEqual([]);
  });

  it('warns at a case\'s own mock (its answer is never given), not at a tool\'s default mock, which serves the other targets', () => {
    const suite = `suite: s
tools:
  - { name: lookup_order, mock: { result: { status: shipped } } }
cases:
  - id: delivered
    input: where is order 77?
    mocks: [{ tool: lookup_order, when: { order_id: "77" }, result: { status: delivered } }]
    expect: { output: { contains: [delivered] } }
  - { id: b, input: hi, expect: { outcome: clarified } }
`;
    const under = (adapter: string) => projectIssues({ config: `target: ${TARGETS[adapter]}\n`, suite })
      .filter((issue) => issue.message.startsWith('mocks do not apply'))
      .map((issue) => [`${issue.file}:${issue.line}:${issue.column}`, issue.path, issue.severity, issue.message]);
    expect(under('exec')).toEqual([
      [
        'a.suite.yaml:7:13',
        'cases[0].mocks[0]',
        'warning',
        'mocks do not apply under the exec target: it hosts no tools (its agent calls its own), so agentready never gives this answer of lookup_order, and case delivered is judged on the results its agent reports. To test the agent with it, run this suite with a stdio, http or module target',
      ],
    ]);
    for (const adapter of ['stdio', 'http', 'module']) expect(under(adapter), adapter).toEqual([]);
  });

  it('says nothing of the kind under a target that hosts the tools', () => {
    for (const adapter of ['stdio', 'http', 'module']) expect(issuesUnder(adapter), adapter).toEqual([]);
  });
});
