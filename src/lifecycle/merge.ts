/**
 * `agentready merge <run>...`: the run folders of `eval --shard i/n` made on several machines,
 * checked to be one run split n ways (the same suites, the same selection, every shard once,
 * every case once), joined into one new run folder, then judged as if it had been one run.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactions, type Redactions } from '../common/redact-deep.js';
import type { ResolvedConfig } from '../config/index.js';
import type { CaseResult, RunSelection, Suite } from '../config/schema/index.js';
import { UsageError } from '../errors.js';
import {
  attemptKey,
  DECISIONS_FILE,
  formatShard,
  planAttempts,
  TraceLines,
  redactedResult,
  RunFolder,
  selectCases,
  rootedFilter,
  shardOfCase,
  storedAttempt,
  recordedConfig,
  suitesFingerprint,
  type Attempt,
  type RunRecord,
  newRunId,
  ranFingerprint,
  type SessionResult,
  readRun,
} from '../run/index.js';
import type { CaseSource } from './sources.js';
import { readShardRun } from './merge-refs.js';
import { isModelUsageWarning } from '../report/format-models.js';
import { jsonText } from '../common/sanitize.js';
import { commandHint } from '../config/command-hint.js';
import { erroredInShards, mergedReplayed, mixedAgents, samePricing, skippedForCost, suiteStarts } from './merged-header.js';

/** Problems named in the error, at most. */
const SHOWN_PROBLEMS = 20;

export interface MergePlan {
  runs: RunRecord[];
  /** What the shards ran, shard aside. */
  selection: RunSelection;
  /** Every attempt of the whole run, in plan order, with the result one shard recorded for it. */
  attempts: { attempt: Attempt; result: CaseResult; run: RunRecord }[];
}

/** Reads and checks the shard runs; a UsageError (exit 2) naming every missing, doubled or mismatched shard or case. */
export function planMerge(input: { refs: readonly string[]; config: ResolvedConfig; runsRoot: string; cwd: string }): MergePlan {
  const runs = input.refs.map((ref) => readShardRun(ref, { runsRoot: input.runsRoot, cwd: input.cwd }));
  const problems: string[] = [];
  const shards = runs.flatMap((run) => {
    const shard = run.header.selection?.shard;
    const merged = run.header.merged_from;
    if (!shard) problems.push(merged ? `run ${run.header.run_id} is an earlier merge (of ${merged.join(', ')}), not a shard: leave it out` : `run ${run.header.run_id} was not run with --shard`);
    if (run.incomplete) problems.push(`run ${run.header.run_id} did not finish: resume it first (\`${commandHint(`eval --resume ${run.header.run_id}`)}\`)`);
    return shard ? [{ run, shard }] : [];
  });
  const now = suitesFingerprint(input.config.suites);
  for (const run of runs) {
    const ran = ranFingerprint(run);
    if (ran !== now) problems.push(`run ${run.header.run_id} ran other suites, or these before an edit (fingerprint ${ran}; the suites here are ${now})`);
  }
  const first = shards[0];
  const sameSelection = selectionComparer(input.config);
  for (const { run, shard } of shards.slice(1)) {
    if (shard.total !== first!.shard.total) problems.push(`run ${run.header.run_id} is shard ${formatShard(shard)} but run ${first!.run.header.run_id} is ${formatShard(first!.shard)}`);
    else if (!sameSelection(run.header.selection!, first!.run.header.selection!)) {
      problems.push(`run ${run.header.run_id} selected other cases than run ${first!.run.header.run_id} (filters, --repeat or --kill-switch differ)`);
    }
  }
  if (problems.length > 0 || !first) throw refusal(problems.length > 0 ? problems : ['no shard run given']);

  const total = first.shard.total;
  for (let index = 1; index <= total; index++) {
    const holders = shards.filter(({ shard }) => shard.index === index).map(({ run }) => run.header.run_id);
    // On a CI matrix, most often the shard's job stopped before writing its run folder.
    if (holders.length === 0) problems.push(`shard ${index}/${total} is missing: its run stopped before its first case (an agent that would not start leaves no run folder) or was not given here; that shard's log says why`);
    if (holders.length > 1) problems.push(`shard ${index}/${total} is given more than once: ${nameHolders(holders)}`);
  }
  if (problems.length > 0) throw refusal(problems);

  const selection = withoutShard(first.run.header.selection!);
  const { repeat, mode: _mode, ...filter } = selection;
  const holder = new Map<string, { result: CaseResult; run: RunRecord }>();
  for (const run of runs) {
    for (const result of run.results) {
      const key = attemptKey(result);
      const earlier = holder.get(key);
      if (earlier) problems.push(`${result.suite}/${result.case_id} attempt ${result.attempt} is in both run ${earlier.run.header.run_id} and run ${run.header.run_id}`);
      else holder.set(key, { result, run });
    }
  }
  const attempts = planAttempts(selectCases(input.config.suites, rootedFilter(input.config, filter)), repeat).flatMap((attempt) => {
    const held = holder.get(attemptKey({ suite: attempt.suite.name, case_id: attempt.kase.id, attempt: attempt.attempt }));
    if (!held) {
      const shard = shardOfCase({ suite: attempt.suite.name, caseId: attempt.kase.id, total });
      problems.push(`${attempt.suite.name}/${attempt.kase.id} attempt ${attempt.attempt} is in no run (shard ${shard}/${total} should hold it)`);
      return [];
    }
    holder.delete(attemptKey(held.result));
    return [{ attempt, ...held }];
  });
  // What is left is held but not planned: dropped, the merged verdict would be another run's than the shards made.
  for (const { result, run } of holder.values()) {
    problems.push(`${result.suite}/${result.case_id} attempt ${result.attempt} is in run ${run.header.run_id} but not in the attempts its selection plans here (a results.jsonl edited or from another selection)`);
  }
  if (problems.length > 0) throw refusal(problems);
  return { runs, selection, attempts };
}

/**
 * The merged run: a new run folder holding every shard's attempts, traces and policy decisions, played into the reporters;
 * redacted unless `redact` is false (a shard may have been run with --no-redact).
 */
export function mergedRun(input: { plan: MergePlan; config: ResolvedConfig; runsRoot: string; redact: boolean; inHistory?: ReadonlySet<string> | undefined }): CaseSource {
  return {
    writesRunFolder: true,
    origin: { kind: 'recorded', from: `${input.plan.runs.length} shard runs` },
    redact: input.redact,
    run: async (hooks) => {
      const { runs, selection } = input.plan;
      const clean = redactions(input.redact);
      const attempts = input.plan.attempts.map((held) => ({ ...held, result: redactedResult(held.result, clean) }));
      const startedAt = runs.map((run) => run.header.started_at).sort()[0]!;
      const fingerprint = ranFingerprint(runs[0]!);
      const runId = newRunId(new Date());
      const folder = RunFolder.create(input.runsRoot, {
        format: 'agentready-results',
        version: 1,
        run_id: runId,
        fingerprint,
        started_at: startedAt,
        selection,
        merged_from: runs.map((run) => run.header.run_id),
        ...recordedConfig(input.config.file),
        redacted: input.redact,
        ...samePricing(runs),
      });
      // The agent the cases ran against: a shard none of them fell in started none.
      const first = runs.find((run) => run.results.length > 0) ?? runs[0]!;
      const agent = { ...clean.deep(first.agent ?? { name: 'unknown', version: 'unknown' }), concurrency: 1 };
      const suites = [...new Set(attempts.map(({ attempt }) => attempt.suite))].map((suite) => ({
        name: suite.name,
        file: suite.file,
        cases: new Set(attempts.filter(({ attempt }) => attempt.suite === suite).map(({ attempt }) => attempt.kase.id)).size,
      }));
      const start = { run_id: runId, run_dir: folder.dir, agent, adapter: first.adapter ?? 'unknown', suites, concurrency: 1 };
      // Each shard's traces, read one at a time as its attempts come up.
      const traceLines = new Map<RunRecord, TraceLines>();
      try {
        for (const run of runs) traceLines.set(run, new TraceLines(run.dir));
        await hooks.onStart({ ...start, total: attempts.length });
        // In plan order (suite order, then case order), as one run would list them, not shard by shard.
        for (const held of attempts) {
          folder.appendResult(held.result);
          const trace = traceLines.get(held.run)?.get(held.result.trace_id);
          const finished = storedAttempt({ result: held.result, trace: trace && clean.deep(trace) }, held.attempt);
          if (finished?.kind === 'ran') folder.appendTrace(finished.trace);
          if (finished) await hooks.onCaseEnd(finished);
        }
      } finally {
        for (const lines of traceLines.values()) lines.close();
        folder.close();
      }
      for (const run of runs) {
        const decisions = join(run.dir, DECISIONS_FILE);
        if (existsSync(decisions)) appendFileSync(join(folder.dir, DECISIONS_FILE), redactedLines(readFileSync(decisions, 'utf8'), clean));
      }
      const finishedAt = runs.map((run) => run.finished_at ?? run.header.started_at).sort().at(-1)!;
      const longest = Math.max(...runs.map((run) => run.duration_ms ?? 0));
      const session: SessionResult = {
        ...start,
        started_at: startedAt,
        suite_started_at: suiteStarts(attempts),
        finished_at: finishedAt,
        duration_ms: longest,
        results: attempts.map(({ result }) => result),
        figures: attempts.map(({ result }) => result),
        interrupted: false,
        // A shard stopped at its budgets.max_run_cost_usd finished short of its attempts: so does the whole run.
        ...skippedForCost(attempts),
        ...erroredInShards(attempts),
        fingerprint,
        timings: { agent_start_ms: 0, cases_ms: longest },
        // What the shards warned of (an agent's stray stdout, usage that came late, a shard past its own cost cap): facts of the
        // whole run, each said once. Not their model warnings (no price, no usage): the lifecycle says them of the whole run.
        warnings: [...new Set(runs.flatMap((run) => (run.warnings ?? []).filter((warning) => !isModelUsageWarning(warning)))), ...mixedAgents(runs)],
        // The shards' endpoints refused them: the whole run's count.
        unauthenticated_requests: runs.reduce((sum, run) => sum + (run.unauthenticatedRequests ?? 0), 0),
        redacted: input.redact,
        // The shards' dollars were the cassettes' (--models replay) when every shard says so; a part of them when some do.
        ...mergedReplayed(runs, attempts),
        ...(input.inHistory ? { in_history: input.inHistory } : {}),
      };
      return session;
    },
  };
}

/**
 * The attempts (`attemptKey`) the earlier merges of the same shard runs recorded in the history, read by their trace
 * ids from their run folders: merged again after a shard was resumed, the attempts it ran since are recorded, and those
 * recorded already are not, as `eval --resume` appends only the attempts it runs. Undefined when a folder is not here to
 * tell (a CI gate job run again, with the history restored alone): then nothing is recorded again.
 */
export function recordedByMerge(input: { plan: MergePlan; runIds: readonly string[]; runsRoot: string; cwd: string }): ReadonlySet<string> | undefined {
  const traceIds = new Set<string>();
  try {
    for (const runId of input.runIds) for (const result of readRun(runId, input).results) traceIds.add(result.trace_id);
  } catch {
    return undefined;
  }
  return new Set(input.plan.attempts.filter(({ result }) => traceIds.has(result.trace_id)).map(({ result }) => attemptKey(result)));
}

/** The runs holding one shard, each named once: `runs X, Y`, or `run X was given twice` (one run folder named twice). */
function nameHolders(holders: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const id of holders) counts.set(id, (counts.get(id) ?? 0) + 1);
  const times = (count: number) => (count === 2 ? 'twice' : `${count} times`);
  if (counts.size === 1) return `run ${holders[0]} was given ${times(holders.length)}`;
  const repeated = [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${id} was given ${times(count)}`);
  return `runs ${[...counts.keys()].join(', ')}${repeated.length > 0 ? ` (${repeated.join('; ')})` : ''}`;
}

// Returns JSONL text with each line's value redacted (a line that is no JSON, as text); as it is when nothing is redacted.
function redactedLines(text: string, clean: Redactions): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      try {
        return jsonText(clean.deep(JSON.parse(line) as unknown));
      } catch {
        return clean.text(line);
      }
    })
    .join('\n');
}

/**
 * Whether two shards' selections plan the same attempts: the same --repeat and mode, and the same cases. Each filter
 * (--suite, --grep, --tag, --last-failed's cases) selects a case matching any of its values, so the order a shard was
 * given them in says nothing, nor does a suite named by its file; the suites are the ones here (their fingerprints
 * were checked), so the cases each filter selects are worked out here, once per filter as written.
 */
function selectionComparer({ suites, rootDir }: { suites: readonly Suite[]; rootDir: string }): (a: RunSelection, b: RunSelection) => boolean {
  const selected = new Map<string, string>();
  const casesOf = (selection: RunSelection): string => {
    const { shard: _shard, repeat: _repeat, mode: _mode, ...filter } = selection;
    const written = JSON.stringify(filter);
    let cases = selected.get(written);
    if (cases === undefined) {
      cases = JSON.stringify(selectCases(suites, rootedFilter({ rootDir }, filter)).map(({ suite, kase }) => [suite.name, kase.id]));
      selected.set(written, cases);
    }
    return cases;
  };
  return (a, b) => a.repeat === b.repeat && a.mode === b.mode && casesOf(a) === casesOf(b);
}

function withoutShard(selection: RunSelection): RunSelection {
  const { shard: _shard, ...rest } = selection;
  return rest;
}

function refusal(problems: readonly string[]): UsageError {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((problem) => `  - ${problem}`);
  if (problems.length > SHOWN_PROBLEMS) shown.push(`  - and ${problems.length - SHOWN_PROBLEMS} more`);
  return new UsageError(`cannot merge these runs:\n${shown.join('\n')}`, 'give every shard run of one `eval --shard i/n` matrix once, each finished, made with the suites as they are here');
}
