// A case id that reads as PII or a secret is written redacted everywhere (SPEC §9), and runs, the
// baseline, --resume and merge match cases by what is written: two such cases became one flaky
// case in the baseline. eval, baseline update and validate refuse such an id before any case runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

describe('names redaction would change', () => {
  it('two card-number case ids: validate, baseline update and eval (--no-redact, --last-failed) exit 2 at each id, write no baseline and quote neither', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [evals/*.suite.yaml]\n`,
      'evals/cards.suite.yaml': `suite: cards
tools: []
cases:
  - id: "4111-1111-1111-1111"
    input: "pay"
    expect: { outcome: completed }
  - id: "5555-5555-5555-4444"
    input: "pay"
    expect: { outcome: completed }
`,
    });
    // --no-redact too (docs/gate.md, production.md, runbook.md say so): the baseline is read redacted whatever the run.
    for (const command of [['validate'], ['baseline', 'update'], ['eval', '--no-redact'], ['eval', '--last-failed']]) {
      const { exitCode, stdout, stderr } = await runCli(dir, command);
      expect(exitCode, command.join(' ')).toBe(2);
      expect(stderr).toContain('evals/cards.suite.yaml:4:9  cases[].id');
      expect(stderr).toContain('evals/cards.suite.yaml:7:9  cases[].id');
      expect(stderr).toContain('would write it as "[card]"');
      expect(stdout + stderr).not.toMatch(/4111|5555/);
    }
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  });
});
