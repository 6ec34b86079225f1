// A `__proto__` key the user wrote in a suite (a case's context, a mock's result, expected arguments)
// reaches the agent and the run's files as an ordinary key, over stdio and in process, from a
// fresh read of the suite and from the suite cache; what the agent sends back keeps it too.
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: keys
tools:
  - name: echo
    mock: { result: { __proto__: { from: mock }, ok: 1 } }
cases:
  - id: proto
    input: hi
    context:
      __proto__:
        admin: true
      user: ann
    expect:
      outcome: completed
      tools: [{ name: echo, args: { __proto__: { admin: true }, user: ann }, exact: true }]
      output: { equals: { context: { __proto__: { admin: true }, user: ann }, own_keys: [__proto__, user], echoed: { __proto__: { from: mock }, ok: 1 } } }
`;

type Trace = { output: unknown; tool_calls: { arguments: unknown; result: unknown }[] };

describe('a `__proto__` key in a suite', () => {
  it.each([
    ['module', `adapter: module\n  module: ${JSON.stringify(`${AGENTS}/module-agent-echo-context.js`)}`],
    ['stdio', `adapter: stdio\n  command: ${agentCommand('agent-echo-context.js')}`],
  ])('reaches the %s agent and the files as an own key, read fresh and from the cache', async (_adapter, target) => {
    const dir = makeProject({ 'agentready.config.yaml': `target:\n  ${target}\nsuites: [evals/*.yaml]\n`, 'evals/keys.yaml': SUITE });
    for (const run of ['fresh', 'cached']) {
      const { exitCode } = await runCli(dir, ['eval', '--no-gate']);
      const results = readJsonl<{ status: string; checks: { check: string; pass: boolean }[] }>(dir, 'results.jsonl').slice(1);
      expect({ run, exitCode, results: results.map((r) => [r.status, r.checks.filter((c) => !c.pass)]) }).toEqual({ run, exitCode: 0, results: [['passed', []]] });
      const [trace] = readJsonl<Trace>(dir, 'traces.jsonl');
      const context = { ['__proto__']: { admin: true }, user: 'ann' };
      expect(JSON.stringify(trace!.output)).toBe(JSON.stringify({ context, own_keys: ['__proto__', 'user'], echoed: { ['__proto__']: { from: 'mock' }, ok: 1 } }));
      expect(JSON.stringify(trace!.tool_calls[0]!.arguments)).toBe(JSON.stringify(context));
      expect(JSON.stringify(trace!.tool_calls[0]!.result)).toBe('{"__proto__":{"from":"mock"},"ok":1}');
    }
  });
});
