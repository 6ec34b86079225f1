// Under the exec target agentready hosts no tools, so no fault reaches the agent: the variant
// families made of tool faults are not generated (a warning says so where the suite asks for
// them, in validate and eval); a case's own tool fault is run without it, and a warning at its
// entry says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

// exec-agent-faults.js reports one lookup of order 1234 (answered "shipped" by its own tool) and completes.
const SUITE = `suite: orders
adversarial: [rate_limit, tool_failure, malformed_input]
tools:
  - name: lookup_order
    tier: read
    mock: { result: { status: shipped } }
cases:
  - id: status
    input: ok
    expect:
      outcome: completed
      tools: [{ name: lookup_order }]
      output: { contains: [shipped] }
`;

describe('the exec target and faults', () => {
  it('generates no rate_limit or tool_failure variant and says so; warns at a case\'s own tool fault', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: exec, command: ${agentCommand('exec-agent-faults.js')} }
suites: [evals/*.suite.yaml]
`,
      'evals/orders.suite.yaml': SUITE,
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/orders: 1 case \+ \d+ adversarial variants \(rate_limit 0, tool_failure 0, malformed_input [1-9]\d*\), 1 tool/);
    expect(validate.stderr).toContain('evals/orders.suite.yaml has 2 warnings');
    expect(validate.stderr).toMatch(/evals\/orders\.suite\.yaml:2:15 {2}warning {2}adversarial\[0\]\n {2}problem {3}rate_limit makes no variant: the exec target hosts no tools \(its agent calls its own\), so the 429s these variants inject would never reach it: none is generated under exec/);
    expect(validate.stderr).toMatch(/evals\/orders\.suite\.yaml:2:27 {2}warning {2}adversarial\[1\]\n {2}problem {3}tool_failure makes no variant: /);

    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('tool_failure makes no variant');
    const ids = readJsonl<{ case_id: string }>(dir, 'results.jsonl').slice(1).map((row) => row.case_id);
    expect(ids.filter((id) => id.includes('~rate_limit-') || id.includes('~tool_failure-'))).toEqual([]);
    expect(ids).toContain('status');

    // A case's own tool fault is not injected: said at its entry, for validate and eval alike.
    writeFileSync(join(dir, 'evals/orders.suite.yaml'), SUITE.replace('    expect:\n', '    faults:\n      - { tool: lookup_order, error: timeout }\n    expect:\n'));
    for (const args of [['validate'], ['eval', '--no-gate']]) {
      const warned = await runCli(dir, args);
      expect(warned.exitCode, args[0]).toBe(0);
      expect(warned.stderr).toContain('evals/orders.suite.yaml has 3 warnings');
      expect(warned.stderr).toContain('evals/orders.suite.yaml:11:9  warning  cases[0].faults[0]\n  problem   faults do not apply under the exec target: it hosts no tools (its agent calls its own), so agentready does not inject this timeout of lookup_order, and case status is judged on the calls its agent reports, without it.');
    }
    // The agent's own lookup answered: the case passed on what it reported.
    expect(readJsonl<{ case_id: string; status: string }>(dir, 'results.jsonl').slice(1).find((row) => row.case_id === 'status')?.status).toBe('passed');
  });
});
