// `--models record|replay` on a config with no `models:` section records to, or replays from, the
// default cassettes folder, set nowhere by the user: the run says so before it starts.
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: orders
tools: []
cases:
  - { id: status-1, input: "where is order 1", expect: { outcome: completed } }
`;

const project = (models = '') =>
  makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [evals/*.suite.yaml]\n${models}`,
    'evals/orders.suite.yaml': SUITE,
  });

describe('--models record|replay without a models: section', () => {
  it('warns where the cassettes go or come from; not with a models: section, nor under --models live', async () => {
    const dir = project();
    const replay = await runCli(dir, ['eval', '--models', 'replay']);
    expect(replay.exitCode).toBe(0);
    expect(replay.stderr).toContain(
      "agentready: warning: --models replay, and agentready.config.yaml has no `models:` section: the model calls are answered from cassettes/, the default cassettes folder (`models: { cassettes: <folder> }` names another).",
    );
    const record = await runCli(dir, ['baseline', 'update', '--models', 'record']);
    expect(record.exitCode).toBe(0);
    expect(record.stderr).toContain('agentready: warning: --models record, and agentready.config.yaml has no `models:` section: the model calls go to the default upstreams (https://api.openai.com/v1, https://api.anthropic.com) and are recorded in cassettes/');
    expect((await runCli(dir, ['eval', '--models', 'live'])).stderr).not.toContain('models:` section');

    const configured = await runCli(project('models: { cassettes: evals/cassettes }\n'), ['eval', '--models', 'replay']);
    expect(configured.exitCode).toBe(0);
    expect(configured.stderr).not.toContain('models:` section');
  });
});

// An agent whose SDK calls its provider directly and reports its usage itself (a framework recipe
// built on a model name, not on the case's models URL) passed `--models record` writing nothing and
// `--models replay` answering nothing, without a word: CI's replay then called the provider live.
describe('--models record|replay with an agent that bypasses the gateway', () => {
  const VIOLATOR_SUITE = `suite: orders
tools: []
cases:
  - id: reports-own-usage
    input: '{"steps": [{"usage": {"model": "small-model", "input_tokens": 100, "output_tokens": 10}}]}'
    expect: { outcome: completed }
  - id: no-model-call
    input: '{"steps": []}'
    expect: { outcome: completed }
`;
  const bypassing = () =>
    makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-violator.js')} }\nsuites: [evals/*.suite.yaml]\nmodels: { cassettes: cassettes }\npricing: { small-model: { input_per_mtok: 1, output_per_mtok: 2 } }\n`,
      'evals/orders.suite.yaml': VIOLATOR_SUITE,
    });

  it('warns that record recorded nothing and replay answered nothing; not under --models live', async () => {
    const dir = bypassing();
    const said = {
      record: "agentready: warning: --models record recorded no model call (no cassette was written), as the agent reported the model usage of 1 case itself and none of their model calls went through the model gateway; build the model SDK's client on the case's `models.openai_base_url`",
      replay: 'agentready: warning: --models replay answered no model call from the cassettes (the calls went to the provider live), as the agent reported the model usage of 1 case itself',
    };
    for (const [mode, warning] of Object.entries(said)) {
      const { exitCode, stderr } = await runCli(dir, ['eval', '--models', mode, '--no-gate']);
      expect({ exitCode, warned: stderr.includes(warning) }).toEqual({ exitCode: 0, warned: true });
    }
    expect((await runCli(dir, ['eval', '--models', 'live', '--no-gate'])).stderr).not.toContain('went through the model gateway');
  });
});
