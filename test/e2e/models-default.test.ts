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
