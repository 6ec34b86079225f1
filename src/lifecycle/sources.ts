/**
 * Where a run's cases come from. The lifecycle plays whatever a source yields into the reporters
 * and judges it the same way: the live agent (eval, baseline update), traces an agent recorded
 * (score), or a run folder read back (compare; replayed recordings and merged folders later).
 * A source that writes a new run folder gets its summary.json from the lifecycle.
 */
import { redactions } from '../common/redact-deep.js';
import type { ResolvedConfig } from '../config/index.js';
import type { ModelMode, ReplayOf, ToolCallRecord } from '../config/schema/index.js';
import type { CassetteMode } from '../config/schema/model-modes.js';
import type { EarlyAgent } from './early-agent.js';
import type { CaseOrigin } from '../report/reporter.js';
import type { FigureFold } from '../score/index.js';
import type { RecordedConversation } from '../run/index.js';
import { plannedRepeat, ranFingerprint, redactedResult, runSession, storedAttempt, type CaseFilter, type ResumedRun, type CaseFinished, type MatchedTrace, type RunRecord, type SessionResult, type SessionStart } from '../run/index.js';
import type { RunMode } from '../config/schema/run-modes.js';

export interface SourceHooks {
  signal: AbortSignal;
  onStart: (start: SessionStart) => Promise<void>;
  onCaseEnd: (finished: CaseFinished) => void | Promise<void>;
  /** Told each attempt's figures in plan order as they end, by a source that runs cases (SessionOptions). */
  figureFold?: FigureFold;
}

export interface CaseSource {
  /** True when the source writes a new run folder (which then gets summary.json). */
  readonly writesRunFolder: boolean;
  /** Where the results come from (the run's first line says so); live when not given. */
  readonly origin?: CaseOrigin;
  /** False under `--no-redact`: the lifecycle redacts the run's warnings (what they quote of the agent) unless so. */
  readonly redact: boolean;
  /** A live run's model gateway under `--models record|replay` (the flag or `models.mode`): the lifecycle warns when the agent's calls bypassed it. */
  readonly models?: CassetteMode;
  run(hooks: SourceHooks): Promise<SessionResult>;
}

/** Which cases, how often, how many at once. */
export interface CaseSelection {
  filter: CaseFilter;
  repeat?: number | undefined;
  concurrency?: number | undefined;
}

/** The agent itself, through its adapter. */
export function liveAgent(input: {
  config: ResolvedConfig;
  selection: CaseSelection;
  mode: RunMode;
  redact: boolean;
  /** `--models`: the model gateway's mode for this run, over the config's. */
  modelsMode?: ModelMode | undefined;
  runsRoot: string;
  /** `--resume`: go on in this interrupted run's folder. */
  resume?: ResumedRun | undefined;
  /** `replay`: tool calls answered from these recorded calls. */
  recording?: readonly ToolCallRecord[] | undefined;
  /** `replay`: the user simulator's recorded messages, said again instead of asking it. */
  recordedUser?: RecordedConversation | undefined;
  /** `replay`: the recording run again, marked in the run's header and summary.json. */
  replayOf?: ReplayOf | undefined;
  /** The agent spawned while the suites loaded, if any: the session takes it over. */
  early?: EarlyAgent | undefined;
  /** See SessionOptions. */
  afterFirstCases?: (() => void) | undefined;
}): CaseSource {
  const models = input.modelsMode ?? input.config.models.mode;
  return {
    writesRunFolder: true,
    redact: input.redact,
    ...(models === 'live' ? {} : { models }),
    run: (hooks) => {
      const early = input.early?.take();
      return runSession({
        config: input.config,
        filter: input.selection.filter,
        repeat: input.selection.repeat,
        concurrency: input.selection.concurrency,
        mode: input.mode,
        redact: input.redact,
        modelsMode: input.modelsMode,
        runsRoot: input.runsRoot,
        ...(input.resume ? { resume: input.resume } : {}),
        recording: input.recording,
        ...(input.recordedUser ? { recordedUser: input.recordedUser } : {}),
        replayOf: input.replayOf,
        adapter: early?.adapter,
        starting: early?.starting,
        afterFirstCases: input.afterFirstCases,
        ...hooks,
      });
    },
  };
}

/** Traces the agent recorded itself (`agentready score`), judged as if they had just run. */
export function recordedTraces(input: {
  config: ResolvedConfig;
  traces: readonly MatchedTrace[];
  file: string;
  /** The file as the user is shown it (relative to the working folder). */
  shown: string;
  redact: boolean;
  runsRoot: string;
  warnings: string[];
}): CaseSource {
  return { writesRunFolder: true, origin: { kind: 'traces', from: input.shown }, redact: input.redact, run: async (hooks) => (await import('../run/score-traces.js')).scoreTraces({ ...input, ...hooks }) };
}

/**
 * A finished run folder read back: its attempts, with their traces, as they were recorded —
 * redacted unless `redact` is false (the run may have been made with --no-redact).
 */
export function runFolder(input: { run: RunRecord; config: ResolvedConfig; redact: boolean }): CaseSource {
  return {
    writesRunFolder: false,
    origin: { kind: 'recorded', from: `run ${input.run.header.run_id}` },
    redact: input.redact,
    run: async (hooks) => {
      const { run } = input;
      const clean = redactions(input.redact);
      const traces = (await import('../run/run-traces.js')).readTraces(run.dir);
      const results = run.results.map((result) => redactedResult(result, clean));
      const byKey = new Map(input.config.suites.flatMap((suite) => suite.cases.map((kase) => [`${suite.name}/${kase.id}`, { suite, kase }] as const)));
      const agent = { ...clean.deep(run.agent ?? { name: 'unknown', version: 'unknown' }), concurrency: 1 };
      const suites = [...new Set(results.map((r) => r.suite))].map((name) => ({
        name,
        file: byKey.get(`${name}/${results.find((r) => r.suite === name)!.case_id}`)?.suite.file ?? '',
        cases: results.filter((r) => r.suite === name).length,
      }));
      const start: SessionStart = { run_id: run.header.run_id, run_dir: run.dir, agent, adapter: run.adapter ?? 'unknown', suites, total: results.length, concurrency: 1 };
      await hooks.onStart(start);
      for (const result of results) {
        const found = byKey.get(`${result.suite}/${result.case_id}`);
        const trace = traces.get(result.trace_id);
        const finished = found && storedAttempt({ result, trace: trace && clean.deep(trace) }, { suite: found.suite, kase: found.kase, attempt: result.attempt });
        if (finished) await hooks.onCaseEnd(finished);
      }
      const { total: _total, ...rest } = start;
      const repeat = plannedRepeat(run) ?? 1;
      return {
        ...rest,
        started_at: run.header.started_at,
        // A merged run's folder does not say when each shard started: its suites' starts are not known (the run's is the first shard's).
        ...(run.header.merged_from ? { suite_started_at: new Map<string, string>() } : {}),
        finished_at: run.finished_at ?? run.header.started_at,
        duration_ms: run.duration_ms ?? 0,
        results,
        figures: results,
        interrupted: false,
        skipped_for_cost: 0,
        fingerprint: ranFingerprint(run),
        // The run's --repeat: its figures and reports judge a case it finished fewer attempts of as eval did (no pass).
        ...(repeat > 1 ? { repeat } : {}),
        timings: { agent_start_ms: 0, cases_ms: run.duration_ms ?? 0 },
        warnings: [],
        unauthenticated_requests: 0,
        redacted: input.redact,
      };
    },
  };
}
