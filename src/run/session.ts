/**
 * A whole run: plan the attempts, start the agent, stream every attempt into the run
 * folder, and stop every process agentready started, whatever happens.
 */
import { stateFolder } from '../config/state-folder.js';
import { join } from 'node:path';
import { ModelGateway } from '../environment/gateway/server.js';
import { McpToolServer } from '../environment/mcp/server.js';
import { EndedTraces } from '../environment/ended-traces.js';
import { prepareArgumentChecks } from '../environment/arguments.js';
import { LatePrints } from '../environment/late-prints.js';
import { RecordedUser } from '../environment/recording.js';
import type { RunSelection } from '../config/schema/index.js';
import { agentName } from '../config/schema/agent.js';
import { redactions, type Redactions } from '../common/redact-deep.js';
import { quoting } from '../common/shorten.js';
import { DEFAULT_RUN } from '../config/defaults.js';
import { policyFingerprint, suitesFingerprint } from './suite-fingerprints.js';
import { newRunId, newToken } from './ids.js';
import { agentOpening, runAdapter } from './run-adapter.js';
import { NOT_STARTED, agentCapacity, allStarted, startAgent } from './session-agent.js';
import { recordUserCodeBlocks } from '../adapters/user-code-watchdog.js';
import { planRun, toolsOf, type RunPlan } from './session-plan.js';
import { attemptKey, type Attempt } from './plan.js';
import { recordedFilter } from './select.js';
import { runQueue } from './queue.js';
import { UserSimulator } from '../adapters/user-simulator.js';
import { BLOCKED_FILE, RESULTS_FILE, RunFolder, dropBlocked } from './run-folder.js';
import { releaseRun } from './run-lock.js';
import { agentChangedSince, changedSince, erroredBefore, isLeftOutWarning, leftOutWarning, placeKept, pricesChangedSince, type ResumedRun } from './resumed.js';
import { replayedOfSession } from './replayed-share.js';
import { StoredResults } from './stored-results.js';
import { settleHeapForCases } from './heap.js';
import { FigureStore } from '../score/index.js';

import type { SessionOptions, SessionResult, SessionStart } from './session-types.js';
import { recordedConfig } from './run-record.js';

export type { SessionOptions, SessionResult, SessionStart };

/**
 * Runs the session. What it throws may quote the agent (its last stderr lines, the output of a
 * `target.start` server that exited): redacted like every result, unless `--no-redact`.
 */
export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const clean = redactions(options.redact);
  try {
    return await session(options, clean);
  } catch (error) {
    throw clean.error(error);
  }
}

async function session(options: SessionOptions, clean: Redactions): Promise<SessionResult> {
  let plan: RunPlan;
  try {
    // Interrupted before it began (while an agent started early was starting): nothing is planned or loaded.
    if (options.signal.aborted) throw options.signal.reason;
    plan = await planRun(options);
  } catch (error) {
    // An adapter handed in is the session's to stop, even when the run never starts.
    await options.adapter?.stop();
    throw error;
  }
  const { config } = options;
  const { repeat, planned, kept, blocked, leftOut, removed, attempts, alone, custom, handlers, suites } = plan;
  // What the tool handlers print after their case ended: the run's warnings.
  const latePrints = new LatePrints(quoting(clean.text));
  const adapter = options.adapter ?? runAdapter({ settings: config, concurrency: options.concurrency, redact: options.redact });
  const token = newToken();
  // The user simulator starts with the first case that asks it (SPEC: no initialize of its own). A
  // replay's recorded user says its messages again even when the config has no simulator now.
  const user = options.recordedUser ? new RecordedUser(options.recordedUser) : config.user ? new UserSimulator({ ...config.user, quote: quoting(clean.text) }) : undefined;
  // The run's MCP endpoint (SPEC §4): every case in flight is served at its own mcp_url, when
  // the transport hosts the tools. Both endpoints keep one table of the traces that ended: they
  // end each case together (execute.ts), and each id is read into it once.
  const endedTraces = new EndedTraces();
  const mcp = adapter.hostsTools === false ? undefined : new McpToolServer(token, endedTraces);
  // The run's model gateway (SPEC §16), on every transport: each case's SDK base URLs. Idle
  // until an agent calls a model: a listening socket and a map entry per case.
  const gateway = new ModelGateway({
    token,
    ended: endedTraces,
    mode: options.modelsMode ?? config.models.mode,
    upstream: config.models.upstream,
    cassettes: config.models.cassettes,
    pricing: config.pricing,
    now: () => performance.now(),
    // Cassettes must replay what the agent saw: only secrets are taken out (and nothing under --no-redact).
    redact: clean.secretsDeep,
    splitSecrets: clean.secretPieces,
  });
  const startedAt = options.resume ? new Date(options.resume.header.started_at) : new Date();
  const sessionStartedAt = Date.now();
  const startClock = performance.now();
  // Every process and endpoint the session started, stopped: waited for before a failure is thrown; a
  // run that ended returns while they stop (its `stopped`).
  const stopAll = async (): Promise<void> => {
    await Promise.all([adapter.stop(), mcp?.close(), gateway.close(), user?.stop()]);
  };
  let ended: SessionResult;
  try {
    // A shard the cases did not reach has nothing for the agent: not started (a start that fails would fail the shard), its run folder still written for merge.
    const idle = planned.length === 0 && kept.length === 0 && blocked.length === 0;
    const booting = idle ? Promise.resolve(NOT_STARTED) : startAgent({ adapter, starting: options.starting, signal: options.signal, opening: agentOpening(plan.suites.length > 0 ? plan.suites : config.suites) });
    // The hosted tools' argument checks are compiled while the agent boots, not in a case's first call.
    const toolsReady = mcp ? afterTurn().then(() => prepareArgumentChecks(toolsOf(attempts))) : undefined;
    const started = allStarted(booting, Promise.all([mcp?.listen(), gateway.listen(), toolsReady]));
    // The run's id (its check against redaction is the run's first, which compiles the rules) and
    // the suites' fingerprint are made while the agent starts: an agent's process boots meanwhile.
    // Its folder is made only once the agent started: an agent that fails to start leaves none.
    const runId = options.resume ? options.resume.header.run_id : newRunId(startedAt);
    const fingerprint = suitesFingerprint(config.suites);
    // What the agent says of itself (its name) is its output: it reaches the header, summary.json and the baseline.
    const agent = clean.deep(await started);
    const agentReadyAt = performance.now();
    const agentStartMs = agentReadyAt - startClock;
    const asked = options.concurrency ?? config.run.concurrency;
    const concurrency = Math.max(1, Math.min(asked, agentCapacity(config, agent)));
    const selection: RunSelection = { ...recordedFilter(config, options.filter), repeat, mode: options.mode };
    const folder = options.resume
      ? RunFolder.reopen(options.resume.dir)
      : RunFolder.create(options.runsRoot, { format: 'agentready-results', version: 1, run_id: runId, fingerprint, policy_fingerprint: policyFingerprint(config.policy), started_at: startedAt.toISOString(), selection, ...(options.replayOf ? { replay_of: options.replayOf.trace_id } : {}), ...recordedConfig(config.file), redacted: options.redact, agent: agentName(agent), adapter: config.target.adapter, pricing: config.pricing });
    if (blocked.length > 0) {
      // Recorded before anything runs, then blocked.json is done with: a kill from here on loses neither.
      for (const { result } of blocked) folder.appendResult({ ...result, run_ms: options.resume?.durationMs ?? 0 });
      dropBlocked(folder.dir);
    }
    // Should the module agent block the process in this session, its watchdog names the attempts in flight here.
    adapter.recordBlocks?.(join(folder.dir, BLOCKED_FILE));
    // And should a tool handler or custom scorer block it (whatever the adapter: they run in this process).
    recordUserCodeBlocks(join(folder.dir, BLOCKED_FILE));
    const start: SessionStart = {
      run_id: runId,
      run_dir: folder.dir,
      agent,
      adapter: config.target.adapter,
      suites,
      total: planned.length,
      concurrency,
      // Said when a concurrency someone chose (not the default) was capped.
      ...(concurrency < asked && (options.concurrency !== undefined || asked !== DEFAULT_RUN.concurrency) ? { concurrency_asked: asked } : {}),
      ...(options.resume ? resumedCounts({ planned, kept: kept.length, blocked: blocked.length, removed, resume: options.resume }) : {}),
      ...(options.filter.shard ? { shard: { index: options.filter.shard.index, total: options.filter.shard.total } } : {}),
      started_at: startedAt.toISOString(),
    };
    await options.onStart?.(start);
    // Where each planned attempt sits: its result stays on disk, its figures are kept as it ends.
    const stored = new StoredResults(join(folder.dir, RESULTS_FILE), planned.length);
    const figures = new FigureStore(planned.length, options.figureFold);
    const attemptIndex = placeKept({ planned, kept, attempts, stored, figures, reordered: alone > 0 });
    await settleHeapForCases();
    try {
      // The attempts an earlier session finished reach the reporters as if they had just ended.
      for (const finished of kept) await options.onCaseEnd?.(finished);
      if (options.afterFirstCases) setImmediate(options.afterFirstCases);
      const outcome = await runQueue({
        adapter,
        runMs: () => (options.resume?.durationMs ?? 0) + Date.now() - sessionStartedAt,
        attempts,
        alone,
        concurrency,
        folder,
        token,
        ...(mcp ? { mcp } : {}),
        gateway,
        mode: options.mode,
        timeoutMs: config.run.timeout_ms,
        budgets: config.budgets,
        ...(config.budgets.max_run_cost_usd === undefined ? {} : { maxRunCostUsd: config.budgets.max_run_cost_usd, spentUsd: kept.reduce((sum, { result }) => sum + result.cost_usd, 0) }),
        pricing: config.pricing,
        rules: config.policy.rules,
        custom,
        // A replay says the recorded conversation again whole (SPEC §13: the agent is given what it was given then):
        // a run.max_turns lowered since ended it early, unsaid why. `--live` asks the simulator, within max_turns.
        conversation: { handlers, latePrints, ...(user ? { user } : {}), maxTurns: options.recordedUser ? Infinity : config.run.max_turns },
        signal: options.signal,
        redact: clean.runRecord,
        redactText: clean.text,
        printed: options.redact ? 'redacted' : 'as written',
        onCaseEnd: (finished) => options.onCaseEnd?.(finished),
        onRecorded: (index, { at, result }) => {
          const place = attemptIndex?.[index] ?? index;
          stored.recorded(place, at);
          figures.record(place, result);
        },
        recording: options.recording,
      });
      const finishedAt = new Date();
      const { total: _total, ...rest } = start;
      ended = {
        ...rest,
        started_at: startedAt.toISOString(),
        finished_at: finishedAt.toISOString(),
        duration_ms: (options.resume?.durationMs ?? 0) + finishedAt.getTime() - sessionStartedAt,
        results: stored,
        figures: figures.list(),
        interrupted: outcome.interrupted,
        skipped_for_cost: outcome.skippedForCost,
        ...(repeat > 1 ? { repeat } : {}),
        ...(config.budgets.max_run_cost_usd === undefined ? {} : { max_run_cost_usd: config.budgets.max_run_cost_usd }),
        fingerprint,
        timings: { agent_start_ms: Math.round(agentStartMs), cases_ms: Math.round(performance.now() - agentReadyAt) },
        // A resumed run's earlier sessions refused theirs too.
        unauthenticated_requests: (options.resume?.unauthenticatedRequests ?? 0) + (adapter.unauthenticatedRequests?.() ?? 0) + (mcp?.unauthenticated ?? 0) + gateway.unauthenticated,
        // They quote what the agent wrote where no case was to blame (a line on stdout that is not JSON): the lifecycle redacts them.
        // A resumed run's earlier sessions warned of their part: the run's summary keeps it.
        warnings: [...(options.resume?.warnings ?? []).filter((warning) => !isLeftOutWarning(warning)), ...leftOutWarning(leftOut), ...agentChangedSince({ resume: options.resume, agent: agentName(agent), kept: kept.length }), ...pricesChangedSince({ resume: options.resume, pricing: config.pricing, kept: kept.length })],
        ...(leftOut.length > 0 ? { left_out: leftOut } : {}),
        // A finished run resumed (its harness errors run again) had its verdicts appended to the history: those kept are not appended twice.
        ...(options.resume?.inHistory ? { in_history: new Set(kept.map(({ result }) => attemptKey(result))) } : {}),
        // A resumed run's folder keeps what its earlier sessions wrote, and one redaction (planRun refuses
        // another for the attempts left): a header that records it says it, even of a resume with none to run.
        redacted: options.resume?.header.redacted ?? options.redact,
        // A resumed run's earlier sessions may have run under another --models: its summary says which part was replayed.
        ...replayedOfSession({ now: (options.modelsMode ?? config.models.mode) === 'replay', kept, figures: figures.list(), resume: options.resume }),
        ...(options.replayOf ? { replay_of: options.replayOf } : {}),
      };
    } catch (error) {
      // No summary.json follows: this process is done with the folder (closed below).
      releaseRun(folder.dir);
      throw error;
    } finally {
      folder.close();
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const stopping = stopAll();
  // The stop's first messages (the agent's `shutdown`) go out before the session returns: the
  // agent winds down while the caller computes the run's figures.
  const turn = afterTurn();
  // The agent's and the endpoints' warnings are read once they have stopped and that turn was had: a usage
  // report or a print that came after the last case answered (a module's ctx.recordUsage in a setImmediate,
  // a notification during the agent's shutdown) is counted in them, not dropped unsaid. No wait is added:
  // the session returns after that turn, and the caller reads `warnings` after `stopped`. What stopping
  // threw is redacted as what the session throws (runSession).
  const stopped = Promise.all([stopping, turn]).then(
    () => {
      ended.warnings.push(...(adapter.warnings?.(clean.text) ?? []), ...(mcp?.warnings() ?? []), ...latePrints.warnings());
    },
    (error: unknown) => Promise.reject(clean.error(error)),
  );
  // Handled here too: it may fail before the caller waits for it.
  stopped.catch(() => undefined);
  await turn;
  return { ...ended, stopped };
}

/** Resolves after the I/O already under way (the agent's spawn or import) had its turn. */
function afterTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What the first line of a resumed run counts: the attempts kept, those of cases changed since, those recorded as blocking, those that ended in a harness error. */
function resumedCounts(input: { planned: readonly Attempt[]; kept: number; blocked: number; removed: number; resume: ResumedRun }): Pick<SessionStart, 'resumed' | 'rerun' | 'blocked' | 'errored' | 'removed'> {
  const errored = erroredBefore(input.planned, input.resume);
  return { resumed: input.kept, rerun: changedSince(input.planned, input.resume), ...(input.blocked > 0 ? { blocked: input.blocked } : {}), ...(errored > 0 ? { errored } : {}), ...(input.removed > 0 ? { removed: input.removed } : {}) };
}

/** Default place of run folders for a config. */
export function defaultRunsRoot(rootDir: string): string {
  return join(stateFolder(rootDir), 'runs');
}
