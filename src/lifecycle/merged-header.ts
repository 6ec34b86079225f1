/**
 * What a merged run (merge.ts) records of its shard runs beside their attempts: when each suite
 * started, the agents they ran, the attempts skipped at cost caps or ended in harness errors, what
 * was replayed, the prices.
 */
import type { CaseResult, ResultsHeader } from '../config/schema/index.js';
import { agentLabel } from '../config/agent-label.js';
import { plural } from '../common/plural.js';
import { replayedShare, runsAgainOnResume, type RunRecord, type SessionResult } from '../run/index.js';

/** When each suite's cases started: the earliest start of the shard runs holding its attempts (a suite's cases spread over the shards by their hash). */
export function suiteStarts(attempts: readonly { attempt: { suite: { name: string } }; run: RunRecord }[]): Map<string, string> {
  const starts = new Map<string, string>();
  for (const { attempt, run } of attempts) {
    const known = starts.get(attempt.suite.name);
    if (known === undefined || run.header.started_at < known) starts.set(attempt.suite.name, run.header.started_at);
  }
  return starts;
}

// A warning when the shards ran agents of other names or versions (a shard made at another commit, or a job that
// built something else): the merged run names the first agent a shard ran cases against, and its verdict mixes theirs. The transport may
// differ (the same agent over stdio on one machine and in process on another).
export function mixedAgents(runs: readonly RunRecord[]): string[] {
  const labels = new Map<string, string[]>();
  for (const run of runs) {
    // A shard none of the cases fell in started no agent (its summary says "not started").
    if (run.agent === undefined || run.results.length === 0) continue;
    const label = agentLabel(run.agent);
    labels.set(label, [...(labels.get(label) ?? []), run.header.run_id]);
  }
  if (labels.size < 2) return [];
  const which = [...labels].map(([label, ids]) => `${label} (${plural(ids.length, 'shard run')}: ${ids.join(', ')})`).join('; ');
  return [`the shards ran different agents: ${which}. The merged run is named after the first, and its verdict mixes them: run every shard at the same commit`];
}

// The attempts the shards skipped at their cost caps, and the shard runs that did (where `--resume` runs them).
export function skippedForCost(attempts: readonly { run: RunRecord; result: CaseResult }[]): Pick<SessionResult, 'skipped_for_cost' | 'skipped_in_shards'> {
  const skipped = attempts.filter(({ result }) => result.status === 'skipped');
  if (skipped.length === 0) return { skipped_for_cost: 0 };
  return { skipped_for_cost: skipped.length, skipped_in_shards: [...new Set(skipped.map(({ run }) => run.header.run_id))] };
}

// The shard runs holding attempts that ended in a harness error `eval --resume` runs again: the merged run is not
// resumed, so a merge past run.max_error_rate names them, to resume each in its own folder and merge again.
export function erroredInShards(attempts: readonly { run: RunRecord; result: CaseResult }[]): Pick<SessionResult, 'errored_in_shards'> {
  const errored = attempts.filter(({ result }) => result.status === 'error' && runsAgainOnResume(result));
  return errored.length === 0 ? {} : { errored_in_shards: [...new Set(errored.map(({ run }) => run.header.run_id))] };
}

// The merged run's `replayed` (every shard replayed) or `replayed_usd` (some did): each shard's attempts that ran, as merged.
export function mergedReplayed(runs: readonly RunRecord[], attempts: readonly { run: RunRecord; result: CaseResult }[]): { replayed?: boolean; replayed_usd?: number } {
  const parts = runs.map((run) => {
    const ran = attempts.filter((held) => held.run === run && held.result.status !== 'skipped');
    return { attempts: ran.length, usd: ran.reduce((sum, { result }) => sum + result.cost_usd, 0), replayed: run.replayed === true, replayedUsd: run.replayedUsd };
  });
  return replayedShare(parts, runs.every((run) => run.replayed === true));
}

/** The prices every shard was priced at, when they all recorded the same (`baseline update --from` reads them); none otherwise. */
export function samePricing(runs: readonly RunRecord[]): { pricing?: ResultsHeader['pricing'] } {
  const pricing = runs[0]?.header.pricing;
  const same = pricing !== undefined && runs.every((run) => JSON.stringify(run.header.pricing) === JSON.stringify(pricing));
  return same ? { pricing } : {};
}
