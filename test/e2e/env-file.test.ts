// A promptfoo user keeps the model key in a .env file, which promptfoo loads and agentready does
// not: every case then ends in the agent's one "missing key" error. The gate's note and baseline
// update's refusal name the .env beside the config and how to load it; without one they name none.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

/** An agent that needs OPENAI_API_KEY, as an SDK's client does, and answers without it with an error. */
const AGENT = `export default async function support() {
  if (!process.env.OPENAI_API_KEY) throw new Error('The OPENAI_API_KEY environment variable is missing or empty');
  return { outcome: 'completed', output: 'ok' };
}
`;

const project = (files: Record<string, string> = {}) =>
  makeProject({
    'agentready.config.yaml': 'target: { adapter: module, module: support.mjs }\nsuites: [s.suite.yaml]\npolicy: false\n',
    's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n  - { id: b, input: hi, expect: { outcome: completed } }\n',
    'support.mjs': AGENT,
    ...files,
  });

const NOTE = "note: .env is beside the config, and agentready does not load a .env file: if the agent's key is there, load it into the shell that starts agentready (`set -a; . ./.env; set +a`: the agent inherits its environment)";

describe.concurrent('a .env file beside the config, which agentready does not load', () => {
  it('is named, with how to load it, when every case ended in one agent error: by the gate and by baseline update', async () => {
    const dir = project({ '.env': 'OPENAI_API_KEY=sk-test-0000\n' });
    const evaluated = await runCli(dir, ['eval'], { OPENAI_API_KEY: '' });
    expect(evaluated.exitCode, evaluated.stdout + evaluated.stderr).toBe(1);
    expect(evaluated.stdout).toContain('note: Every case (2 attempts) ended in agent_error with one and the same message');
    expect(evaluated.stdout).toContain(NOTE);
    const refused = await runCli(dir, ['baseline', 'update'], { OPENAI_API_KEY: '' });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain(`\n  ${NOTE.replace('note: ', '')}`);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
  });

  it('is not named without one, nor when the cases did not all fail alike', async () => {
    const bare = await runCli(project(), ['eval'], { OPENAI_API_KEY: '' });
    expect(bare.stdout).toContain('note: Every case (2 attempts) ended in agent_error');
    expect(bare.stdout).not.toContain('.env');
    const passing = await runCli(project({ '.env': 'OPENAI_API_KEY=sk-test-0000\n' }), ['eval'], { OPENAI_API_KEY: 'sk-test-0000' });
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout).not.toContain('.env');
  });
});
