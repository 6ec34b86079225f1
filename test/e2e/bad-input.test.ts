// Bad input gets one clear message per problem, exit 2, and never a stack trace.
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

const CONFIG = `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }
suites: [evals/*.suite.yaml]
`;

describe('bad input', () => {
  it('a malformed suite is reported with file:line:column, expected and found, exit 2', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/refunds.suite.yaml': `suite: refunds
tools:
  - name: lookup_order
cases:
  - id: refund-1
    input: "refund"
    expect:
      outcome: complete
  - id: refund-2
    input: "refund"
    mocks:
      - tool: lookup_ordr
        result: {}
    expect: { outcome: completed }
`,
    });
    for (const command of [['validate'], ['eval']]) {
      const { exitCode, stderr, stdout } = await runCli(dir, command);
      expect(exitCode).toBe(2);
      expect(stderr).toContain('evals/refunds.suite.yaml:8:16');
      expect(stderr).toContain('cases[0].expect.outcome');
      expect(stderr).toMatch(/expected\s+one of completed/);
      expect(stderr).toMatch(/found\s+"complete"/);
      expect(stderr).toContain('evals/refunds.suite.yaml:12:15');
      expect(stderr).toContain('lookup_ordr');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).toBe('');
    }
  });

  it('an unknown key in the config is an error, not silently ignored', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `${CONFIG}concurency: 4\n`,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.config.yaml:3:1');
    expect(stderr).toContain('concurency');
  });

  it('validate accepts a good project and counts its cases', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('1 cases');
  });

  it('--debug adds the stack', async () => {
    const dir = makeProject({ 'agentready.config.yaml': `${CONFIG}bogus: 1\n` });
    const { exitCode, stderr } = await runCli(dir, ['--debug', 'validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^\s+at /m);
  });

  it('no config found is a usage error', async () => {
    const dir = makeProject({});
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.config.yaml');
  });

  it('unknown commands and flags exit 2; --version prints the version', async () => {
    const dir = makeProject({});
    expect((await runCli(dir, ['evaluate'])).exitCode).toBe(2);
    expect((await runCli(dir, ['eval', '--no-such-flag'])).exitCode).toBe(2);
    expect((await runCli(dir, ['eval', '--concurrency', 'zero'])).exitCode).toBe(2);
    const version = await runCli(dir, ['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
