// What a module agent prints (console.log, console.error, process.stderr.write, from timers it
// started, on import) is its log, as a stdio agent's stderr is: in each case's trace, redacted, never
// on the terminal, never in the reporter's stdout.
import { describe, expect, it } from 'vitest';
import { AGENTS, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: chatty
tools: []
cases:
  - id: one
    input: hi
    expect: { outcome: completed }
  - id: two
    input: hi
    expect: { outcome: completed }
`;

describe('a module agent that prints', () => {
  it("keeps what it printed in each case's agent_log, redacted, and prints none of it", async () => {
    const target = `target:\n  adapter: module\n  module: ${JSON.stringify(`${AGENTS}/module-agent-chatty.js`)}\nsuites: [evals/*.yaml]\nrun: { concurrency: 2 }\n`;
    const dir = makeProject({ 'agentready.config.yaml': target, 'evals/chatty.yaml': SUITE });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    for (const printed of [stdout, stderr]) {
      expect(printed).not.toMatch(/example\.com|4111|stdout:|stderr:|from a timer|left open|loading/);
      expect(printed).not.toContain('\x1b');
    }
    expect(stdout).toMatch(/^Running 2 cases against agent-chatty/);
    const traces = readJsonl<{ case_id: string; agent_log?: string[] }>(dir, 'traces.jsonl');
    const logs = Object.fromEntries(traces.map((trace) => [trace.case_id, trace.agent_log]));
    for (const id of ['one', 'two']) {
      expect(logs[id]).toEqual([
        `[${id}] stdout: helping [email] \x1b[31mred\x1b[0m`,
        `[${id}] stderr: card [card] \x1b]0;pwned\x07`,
        `[${id}] from a timer`,
        `[${id}] a line left open`,
      ]);
    }
  });

  it('names what it printed while loading when it fails to load: one line each, redacted, escapes neutralised', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target:\n  adapter: module\n  module: ./agent.js\nsuites: [evals/*.yaml]\n',
      'agent.js': "console.error('setting up for ops@example.com \\x1b[2J');\nprocess.stderr.write('no key\\nin env');\nthrow new Error('OPENAI_API_KEY is not set');\n",
      'evals/chatty.yaml': SUITE,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    expect(stdout).toBe('');
    // The reason once, with the exit code, then the lines it quotes.
    expect(stderr).toBe(`agentready: could not load the agent module ${dir}/agent.js: OPENAI_API_KEY is not set (exit 3)\nlast stderr lines:\n  setting up for [email] \\u001b[2J\n  no key\n  in env`);
  });
});
