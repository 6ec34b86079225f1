// Secrets and PII glued to terminal escapes and invisible characters, in what agentready quotes of
// the agent in its own messages (fixtures/agents/agent-leaky-glued.js): its stderr at start-up and
// when it crashes mid-case, a line on stdout that is no message, an invalid usage report, a usage
// report for an unknown trace_id. Each quote is redacted before it is escaped (common/shorten.ts
// `quoting`): none of it may be readable in the run folder, any reporter's file, stdout or stderr.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, type Output } from './helpers/pii-leaks.js';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

/** What each glued secret leaves readable when it is not redacted: a card's digits, an address's local part, the keys. */
const SECRETS = ['4111 1111', 'bob.smith', 'IOSFODNN7EXAMPLE', 'ghp_abcdefghijklmnop', 'sk-proj-abcdefghijklmnop'];
const GLUED_COUNT = 5;
const REPORTERS = ['--reporter', 'terminal', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html'];

const cases = (kind: string) => Array.from({ length: GLUED_COUNT }, (_, i) => `  - { id: ${kind}-${i}, input: hi, expect: { outcome: completed } }`);
const SUITE = `suite: glued\ntools: []\ncases:\n${[...cases('stdout'), ...cases('usage'), ...cases('stray'), '  - { id: crash, input: hi, expect: { outcome: completed } }'].join('\n')}\n`;

function project(env: string): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky-glued.js')}, env: { ${env} } }\nsuites: [glued.suite.yaml]\nrun: { concurrency: 1, max_error_rate: 1 }\n`,
    'glued.suite.yaml': SUITE,
  });
}

const readable = (outputs: readonly Output[]) => outputs.flatMap(({ path, text }) => SECRETS.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${path}`));

async function run(dir: string, extra: string[]): Promise<{ exitCode: number | undefined; outputs: Output[] }> {
  const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...REPORTERS, ...extra]);
  const written = filesUnder(join(dir, '.agentready')).filter(({ path }) => !path.includes(`${join('.agentready', 'cache')}/`));
  const reports = exitCode === 3 ? [] : filesUnder(join(dir, 'out'));
  return { exitCode, outputs: [...written, ...reports, { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }] };
}

describe('secrets glued to escapes in what agentready quotes of the agent', () => {
  it('redacts them in its stderr at start-up, and shows them under --no-redact (the check can fail)', async () => {
    const dir = project('LEAK: start');
    const { exitCode, outputs } = await run(dir, []);
    expect(exitCode).toBe(3);
    const stderr = outputs.find((output) => output.path === 'stderr')!.text;
    expect(stderr).toContain('last stderr lines:\n  card see\\u0007[card]\n  mail [email]\n  key see\\u001b[1m[secret]\n');
    expect(stderr).not.toContain('\u001b');
    expect(readable(outputs)).toEqual([]);
    const raw = await run(dir, ['--no-redact']);
    expect(raw.exitCode).toBe(3);
    expect(readable(raw.outputs).length).toBe(SECRETS.length);
  });

  it('redacts them in the errors, warnings, agent logs and reports of a run: a bad stdout line, an invalid or stray usage report, a crash', async () => {
    const dir = project('');
    const { exitCode, outputs } = await run(dir, []);
    expect(exitCode).toBe(0);
    const results = outputs.find((output) => output.path.endsWith('results.jsonl'))!.text;
    const traces = outputs.find((output) => output.path.endsWith('traces.jsonl'))!.text;
    const printed = outputs.filter((output) => output.path === 'stdout' || output.path === 'stderr').map((output) => output.text).join('');
    // Each kind of quote is there, redacted: the check reads where they are.
    expect(results).toContain('received the string \\"card see\\\\u0007[card]\\"');
    expect(results).toContain('agent wrote an invalid message on stdout (not a JSON line): \\"key see\\\\u001b[1m[secret]\\"');
    expect(results).toContain('last stderr lines:\\n  card see\\\\u0007[card]\\n  mail [email]');
    expect(traces).toContain('usage for an unknown trace_id \\"zw key\u200b[secret]\\" ignored');
    expect(printed).toContain('warning: 5 usage reports named no case in flight (the first: trace_id "card see\\u0007[card]")');
    expect(printed).not.toContain('\u001b');
    expect(readable(outputs)).toEqual([]);
    const raw = await run(dir, ['--no-redact']);
    expect(readable(raw.outputs).length).toBeGreaterThanOrEqual(SECRETS.length);
  });

  it("redacts them in the agent's answers, tool calls, approvals and policy decisions, in every file, OTLP and report (leaky agent)", async () => {
    // YAML's escapes write them: \x07 a bell, \e an ESC, \u202e a bidi override, \u200B a zero-width space.
    const inputs = [
      'card see\\x074111 1111 1111 1111',
      'mail bob.smith\\u202e@example.com',
      'key see\\e[1mAKIAIOSFODNN7EXAMPLE',
      'zw key\\u200Bghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'link \\e]8;;https://x.example/\\x07sk-proj-abcdefghijklmnopqrstuvwx1234567890ABCD\\e]8;;\\x07',
    ];
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky.js')} }\nsuites: [leaky.suite.yaml]\npricing: { small-model: { input_per_mtok: 3, output_per_mtok: 15 } }\n`,
      'leaky.suite.yaml': `suite: leaky
tools:
  - { name: lookup_customer, tier: read, mock: { result: { found: true } } }
  - { name: send_message, tier: approve, effects: [external], mock: { result: { sent: true } } }
cases:
${inputs.map((input, i) => `  - { id: ${i % 2 === 0 ? 'throw' : 'fail'}-${i}, input: "${input}", approvals: grant, expect: { outcome: completed, output: { contains: "no answer has this" } } }`).join('\n')}
`,
    });
    const { exitCode, outputs } = await run(dir, ['--otlp', 'out/otlp.json']);
    expect(exitCode).toBe(0);
    expect(outputs.map((output) => output.path.replace(/^.*\/(?=out\/|\.agentready\/)/, '').replace(/runs\/[^/]+\//, 'runs/<id>/'))).toEqual(
      expect.arrayContaining(['.agentready/runs/<id>/policy-decisions.jsonl', 'out/otlp.json', 'out/report.html']),
    );
    expect(readable(outputs)).toEqual([]);
    const raw = await run(dir, ['--otlp', 'out/otlp.json', '--no-redact']);
    expect(readable(raw.outputs).length).toBeGreaterThanOrEqual(SECRETS.length);
  });
});
