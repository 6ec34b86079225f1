// The bench's project (scripts/bench.js, scripts/phase-probe.js): an agent that answers after a
// fixed 20 ms and reports a model call's usage, over stdio (fixtures/agents/agent-fixed-latency.js)
// or in process (the module adapter: the same sleep, the same usage report), and a suite of cases
// that each expect `completed`.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LATENCY_MS = 20;

const REPO = resolve(import.meta.dirname, '..');
const STDIO_TARGET = `{ adapter: stdio, command: [node, ${JSON.stringify(join(REPO, 'fixtures/agents/agent-fixed-latency.js'))}] }`;
const MODULE_AGENT = `export default async function agent(task, ctx) {
  await new Promise((resolve) => setTimeout(resolve, ${LATENCY_MS}));
  ctx.recordUsage({ model: 'small-model', input_tokens: 100, output_tokens: 20 });
  return { outcome: 'completed', output: 'done: ' + task.case.id };
}
`;

/**
 * Writes the project into `folder`: `count` cases at `concurrency`, over stdio or (`module: true`)
 * in process; `crash(i)` puts CRASH in case i's input, `run` adds to the config's `run:` mapping.
 */
export function writeBenchProject(folder, { count, concurrency, crash = () => false, run = '', module = false }) {
  if (module) writeFileSync(join(folder, 'agent.mjs'), MODULE_AGENT);
  writeFileSync(
    join(folder, 'agentready.config.yaml'),
    `target: ${module ? '{ adapter: module, module: ./agent.mjs }' : STDIO_TARGET}
suites: [bench.suite.yaml]
run: { concurrency: ${concurrency}, timeout_ms: 10000${run} }
pricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
`,
  );
  const lines = Array.from({ length: count }, (_, i) => `  - id: case-${i}\n    input: "question ${i}${crash(i) ? ' CRASH' : ''}"\n    expect: { outcome: completed }\n`);
  writeFileSync(join(folder, 'bench.suite.yaml'), `suite: bench\ntools: []\ncases:\n${lines.join('')}`);
}
