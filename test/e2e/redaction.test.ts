// Redaction end to end: an agent echoes PII of every kind of the corpus (test/unit/common/
// pii-corpus.ts) into its answer, tool arguments, approval requests, error messages and stderr;
// none of it may be readable in any file of the run folder, any reporter's file, stdout or stderr.
// The same run with --no-redact shows that the check finds the PII where it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PII_KINDS } from '../unit/common/pii-corpus.js';
import { filesUnder, LEAKY_SUITE, leaksIn, SAMPLES } from './helpers/pii-leaks.js';
import { agentCommand, latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const REPORTERS = ['--reporter', 'terminal', '--reporter', 'github', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html'];

async function runLeaky(extra: string[]): Promise<Array<{ path: string; text: string }>> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky.js')} }\nsuites: [leaky.suite.yaml]\npricing: { small-model: { input_per_mtok: 3, output_per_mtok: 15 } }\n`,
    'leaky.suite.yaml': LEAKY_SUITE,
  });
  const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...REPORTERS, ...extra], { GITHUB_ACTIONS: 'true' });
  expect(exitCode, stderr).toBe(0);
  // The cache of checked suites is no output: it holds leaky.suite.yaml's content as written, as the file itself does.
  const written = filesUnder(join(dir, '.agentready')).filter(({ path }) => !path.includes(`${join('.agentready', 'cache')}/`));
  return [...written, ...filesUnder(join(dir, 'out')), { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }];
}

describe('redaction of everything agentready writes and prints', () => {
  it(`leaves none of ${SAMPLES.length} PII samples of ${PII_KINDS.length} kinds readable in the run folder, the reports, stdout or stderr`, async () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(60);
    const outputs = await runLeaky([]);
    // The run wrote what the check reads: traces with the agent's log, every report.
    expect(outputs.map((o) => o.path.replace(/^.*\/(?=out\/|\.agentready\/)/, '').replace(/runs\/[^/]+\//, 'runs/<id>/'))).toEqual(
      expect.arrayContaining(['.agentready/runs/<id>/traces.jsonl', '.agentready/runs/<id>/results.jsonl', 'out/report.json', 'out/junit.xml', 'out/summary.md', 'out/report.html']),
    );
    expect(outputs.find((o) => o.path.endsWith('traces.jsonl'))!.text).toContain('[agent-leaky] working on');
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
  });

  it('finds the PII when the run is told not to redact (the check above can fail)', async () => {
    const outputs = await runLeaky(['--no-redact']);
    expect(leaksIn(outputs, SAMPLES).length).toBeGreaterThanOrEqual(SAMPLES.length * 0.9);
  });
});

describe('redaction of an agent that fails to start', () => {
  /** One sample of each kind, as many as the start error quotes lines (the last ten). */
  const FIRST_OF_KINDS = PII_KINDS.map((kind) => SAMPLES.find((sample) => sample.kind === kind)!).filter((sample) => !sample.text.includes('\n')).slice(0, 10);

  async function startFailure(extra: string[]): Promise<Array<{ path: string; text: string }>> {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [leaky.suite.yaml]\n',
      'agent.js': `process.stderr.write(${JSON.stringify(FIRST_OF_KINDS.map((sample) => `${sample.text}\n`).join(''))});\nprocess.exit(1);\n`,
      'leaky.suite.yaml': 'suite: leaky\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...extra]);
    expect(exitCode, stderr).toBe(3);
    expect(stderr).toContain('last stderr lines:');
    return [{ path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }];
  }

  it("prints the agent's last stderr lines redacted, and as written under --no-redact", async () => {
    expect(FIRST_OF_KINDS.length).toBeGreaterThanOrEqual(5);
    expect(leaksIn(await startFailure([]), FIRST_OF_KINDS)).toEqual([]);
    expect(leaksIn(await startFailure(['--no-redact']), FIRST_OF_KINDS).length).toBe(FIRST_OF_KINDS.length);
  });
});

describe('redaction of the tools an exec agent reports', () => {
  // An exec agent reports its own calls, to tools the suite need not declare, by any name: such a call is a policy decision.
  const AGENT = `let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const call = { name: 'undeclared:' + process.env.LEAK, arguments: { [process.env.LEAK]: 1 }, result: {} };
  process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'ok', tool_calls: [call] }) + '\\n');
});
`;

  it.each([
    [[], false],
    [['--no-redact'], true],
  ])('writes the tool name of policy-decisions.jsonl redacted (eval %j)', async (extra, kept) => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, agent.mjs], env: { LEAK: "leak.mail@example.org" } }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': AGENT,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate', ...extra]);
    expect(exitCode, stderr).toBe(0);
    const [decision] = readFileSync(join(latestRunDir(dir), 'policy-decisions.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { rule_id: string; tool: string });
    expect(decision).toMatchObject({ rule_id: 'authority:undeclared', tool: kept ? 'undeclared:leak.mail@example.org' : 'undeclared:[email]' });
  });
});

describe('redaction of an agent string agentready quotes cut short', () => {
  // Cut at 40 characters, each falls inside the address: a cut made before redaction, not where it can see the whole address, would leave "jonathan.richardson@example" readable.
  const AGENT = `export default async (task, ctx) => {
  if (task.case.id === 'exit') process.exit('exit code jonathan.richardson@example.org');
  ctx.recordUsage({ model: 'm', input_tokens: 'tokens for jonathan.richardson@example.org', output_tokens: 1 });
  return { outcome: 'completed', output: 'ok' };
};
`;

  it('quotes the start of a process.exit code and of a usage count up to the address, not into it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': AGENT,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: exit, input: hi, expect: { outcome: completed } }\n  - { id: usage, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    // Both cases are harness errors: the run is incomplete.
    expect(exitCode, stderr).toBe(3);
    expect(stdout).toContain('the agent module called process.exit("exit code ")');
    expect(stdout).toContain('the agent reported invalid usage: input_tokens: expected a whole number of tokens, 0 or more, received the string "tokens for …"');
    const written = filesUnder(join(dir, '.agentready', 'runs'));
    for (const { path, text } of [...written, { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }]) expect(text, path).not.toContain('jonathan.richardson');
  });
});
