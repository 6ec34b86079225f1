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

  it('a schema error in one suite, a card-number id and a warning in another: validate and eval say all three in one run, sorted, exit 2', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [evals/*.suite.yaml]\n`,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - id: first\n    input: "hi"\n    tags: refund\n    expect: { outcome: completed }\n',
      'evals/b.suite.yaml': 'suite: b\ntools: []\ncases:\n  - id: "4111-1111-1111-1111"\n    input: "pay"\n    expect: { outcome: completed, forbid: [refund_tool] }\n',
    });
    for (const command of [['validate'], ['eval']]) {
      const { exitCode, stdout, stderr } = await runCli(dir, command);
      expect(exitCode, command.join(' ')).toBe(2);
      expect(stderr).toContain('2 problems and 1 warning in 2 files');
      const at = ['evals/a.suite.yaml:6:11  cases[0].tags', 'evals/b.suite.yaml:4:9  cases[].id', 'evals/b.suite.yaml:6:44  warning'].map((line) => stderr.indexOf(line));
      expect(at.every((index) => index >= 0) && at[0]! < at[1]! && at[1]! < at[2]!, stderr).toBe(true);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout + stderr).not.toContain('4111');
    }
  });
});
