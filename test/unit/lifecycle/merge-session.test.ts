// The session a merge of shard runs makes: what it adds up of the shards (skipped attempts, refused requests, warnings).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/index.js';
import { decideExit, mergedRun, type MergePlan } from '../../../src/lifecycle/index.js';
import { runEndOf } from '../../../src/gate/index.js';
import type { Attempt, RunRecord } from '../../../src/run/index.js';
import { noUsageWarning, unpricedWarnings } from '../../../src/report/format-models.js';
import { result } from '../gate/results-builder.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function shardRun(root: string, id: string, statuses: ('passed' | 'skipped')[], unauthenticatedRequests?: number, warnings?: string[]): RunRecord {
  const dir = join(root, id);
  mkdirSync(dir);
  const results = statuses.map((status, i) => result({ case_id: `${id}-c${i}`, status, ...(status === 'skipped' ? { cost_usd: 0 } : {}) }));
  return { dir, header: { format: 'agentready-results', version: 1, run_id: id, fingerprint: 'f', started_at: '2026-12-06T10:00:00.000Z', selection: { shard: { index: 1, total: 2 }, repeat: 1, mode: 'normal' }, redacted: true }, results, incomplete: false, killSwitch: false, skippedForCost: statuses.filter((s) => s === 'skipped').length, ...(unauthenticatedRequests === undefined ? {} : { unauthenticatedRequests }), ...(warnings ? { warnings } : {}) };
}

async function merged(runs: RunRecord[], root: string) {
  const suite = { name: 'support', file: join(root, 's.suite.yaml') };
  const attempts = runs.flatMap((run) => run.results.map((r) => ({ attempt: { suite, kase: { id: r.case_id }, attempt: 1 } as unknown as Attempt, result: r, run })));
  const plan: MergePlan = { runs, selection: { repeat: 1, mode: 'normal' }, attempts };
  const noop = (): Promise<void> => Promise.resolve();
  return mergedRun({ plan, config: {} as ResolvedConfig, runsRoot: join(root, 'runs'), redact: true }).run({ onStart: noop, onCaseEnd: noop, signal: new AbortController().signal });
}

describe('mergedRun', () => {
  it('counts the requests each shard refused for a missing or wrong token, which summary.json and the reports show', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ar-merge-unauth-'));
    made.push(root);
    const session = await merged([shardRun(root, 'r1', ['passed'], 9), shardRun(root, 'r2', ['passed'], 11), shardRun(root, 'r3', ['passed'])], root);
    expect(session.unauthenticated_requests).toBe(20);
  });

  it('keeps what the shards warned of, each warning once, but their model warnings, which the lifecycle makes of the whole run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ar-merge-warnings-'));
    made.push(root);
    const stray = 'the agent (pid 7) wrote an invalid message on stdout';
    const late = 'tool handler lookup printed after its case ended: "done"';
    // A shard's own: a model with no price (said again from the merged figures), no usage at all (another shard may have reported some).
    const [unpriced] = unpricedWarnings(new Set(['m']));
    const noUsage = noUsageWarning(['budgets.max_cost_usd']);
    const session = await merged([shardRun(root, 'r1', ['passed'], 0, [stray, unpriced!, noUsage]), shardRun(root, 'r2', ['passed'], 0, [unpriced!, stray, late])], root);
    expect(session.warnings).toEqual([stray, late]);
  });
});

describe('mergedRun of shards that skipped attempts at their cost cap', () => {
  it('counts the skipped attempts, so the merged run ends incomplete (exit 3) and says to resume those shards, not the merged run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ar-merge-cap-'));
    made.push(root);
    const suite = { name: 'support', file: join(root, 's.suite.yaml') };
    const runs = [shardRun(root, 'r1', ['passed', 'skipped', 'skipped']), shardRun(root, 'r2', ['passed', 'passed'])];
    const attempts = runs.flatMap((run) => run.results.map((r) => ({ attempt: { suite, kase: { id: r.case_id }, attempt: 1 } as unknown as Attempt, result: r, run })));
    const plan: MergePlan = { runs, selection: { repeat: 1, mode: 'normal' }, attempts };
    const noop = (): Promise<void> => Promise.resolve();
    const session = await mergedRun({ plan, config: {} as ResolvedConfig, runsRoot: join(root, 'runs'), redact: true }).run({ onStart: noop, onCaseEnd: noop, signal: new AbortController().signal });
    expect(session.skipped_for_cost).toBe(2);
    const end = runEndOf({ ...session, interrupted: undefined, counts: { attempts: 5, skipped: 2, errors: 0 }, maxErrorRate: 0 });
    expect(decideExit({ end, judgement: { kind: 'ungated' }, reporterFailures: 0 })).toEqual({
      code: 3,
      reason: 'run incomplete: 2 attempts skipped after the run reached budgets.max_run_cost_usd; raise it, resume the shard run that skipped them (`agentready eval --resume r1`) and merge again',
    });
  });
});
