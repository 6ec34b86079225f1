// A case's first tool call must not pay for agentready's own start-up: the hosted tools' argument
// checks (Ajv and each tool's compiled schema) are made while the agent boots, and only when the run
// has tools that need them. The module agent runs in agentready's process, so it sees whether Ajv
// is loaded when its case starts and when it ends.
import { describe, expect, it } from 'vitest';
import { makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const AGENT = `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const ajvLoaded = () => Object.keys(cache).some((file) => /[\\\\/]ajv[\\\\/]dist[\\\\/]/.test(file));
export default async function agent(task, ctx) {
  const before = ajvLoaded();
  for (const tool of task.tools) await ctx.callTool(tool.name, { id: '1' });
  return { outcome: 'completed', output: 'ajv at start: ' + before + ', at end: ' + ajvLoaded() };
}
`;

/** The agent's output over two runs (the second reads the suite from the cache, as most runs do). */
async function outputs(tools: string): Promise<string[]> {
  const dir = makeProject({
    'agent.js': AGENT,
    'agentready.config.yaml': 'target: { adapter: module, module: ./agent.js }\nsuites: [s.suite.yaml]\n',
    's.suite.yaml': `suite: s\ntools: ${tools}\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n`,
  });
  const seen: string[] = [];
  for (let run = 0; run < 2; run += 1) {
    const result = await runCli(dir, ['eval', '--no-gate']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    seen.push(String(readJsonl(dir, 'traces.jsonl')[0]!.output));
  }
  return seen;
}

describe('the tools are ready before the first case', () => {
  it('a tool with parameters: its check is compiled before the case starts, not in its first call', async () => {
    const [, second] = await outputs('[{ name: lookup, parameters: { type: object, properties: { id: { type: string } } }, mock: { result: {} } }]');
    expect(second).toBe('ajv at start: true, at end: true');
  });

  it('a tool without parameters, or no tool at all: Ajv is never loaded', async () => {
    expect(await outputs('[{ name: lookup, mock: { result: {} } }]')).toEqual(['ajv at start: false, at end: false', 'ajv at start: false, at end: false']);
    expect(await outputs('[]')).toEqual(['ajv at start: false, at end: false', 'ajv at start: false, at end: false']);
  });
});
