// budgets.max_run_cost_usd is checked as each case starts: cases already running when the run
// reaches it finish, so a run can end above its cap. The ending and summary.json say by how much.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: s
tools: []
cases:
  - { id: a, input: "one", expect: { outcome: completed } }
  - { id: b, input: "two", expect: { outcome: completed } }
`;

// Each case costs $0.01, and neither ends before both have started: no case is left to skip.
const AGENT = `let arrived = 0;
let both;
const bothStarted = new Promise((resolve) => { both = resolve; });
export default async function agent(task, ctx) {
  if (++arrived === 2) both();
  await bothStarted;
  ctx.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 0.01 });
  return { outcome: 'completed', output: 'ok' };
}
`;

type CapRecord = { max_usd: number; spent_usd: number; over_usd: number };

/** An eval of the two cases at concurrency 2 under a run cap of `cap`: its exit, stderr and summary.json. */
async function evalUnder(cap: number): Promise<{ exitCode: number | undefined; stderr: string; summary: { skipped_for_cost: number; run_cost_cap?: CapRecord } }> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { concurrency: 2 }\nbudgets: { max_run_cost_usd: ${cap} }\n`,
    's.suite.yaml': SUITE,
    'agent.mjs': AGENT,
  });
  const run = await runCli(dir, ['eval', '--no-gate']);
  const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { skipped_for_cost: number; run_cost_cap?: CapRecord };
  return { exitCode: run.exitCode, stderr: run.stderr, summary };
}

describe('a run that ends above budgets.max_run_cost_usd', () => {
  it('says in its ending and summary.json that it passed the cap and by how much, its exit unchanged', async () => {
    const { summary, ...run } = await evalUnder(0.015);
    // Nothing was skipped: the run is complete, and its exit is the judgement's.
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(
      'agentready: warning: the run spent $0.02, $0.005 above budgets.max_run_cost_usd 0.015: the cap stops new cases from starting, not the cases already running when it is reached (run.concurrency 2)',
    );
    expect(summary.skipped_for_cost).toBe(0);
    expect(summary.run_cost_cap?.max_usd).toBe(0.015);
    expect(summary.run_cost_cap?.spent_usd).toBeCloseTo(0.02, 10);
    expect(summary.run_cost_cap?.over_usd).toBeCloseTo(0.005, 10);
  }, 60_000);

  it('under the cap, summary.json records the cap and what was spent, and nothing is said', async () => {
    const { summary, ...run } = await evalUnder(1);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('max_run_cost_usd');
    expect(summary.run_cost_cap?.max_usd).toBe(1);
    expect(summary.run_cost_cap?.over_usd).toBe(0);
  }, 60_000);
});
