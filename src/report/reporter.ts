/**
 * The one interface every output implements. Every hook is optional; ReporterHub calls
 * them in order (onRunStart → onCaseEnd* → onRunEnd → onExit) and swallows a reporter's
 * error into onError so one broken reporter never costs the others their files.
 */
import type { CaseResult, KillSwitchSummary, MetricsBySlice, ModelUsageBySlice, Trace } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import type { RunEnd } from '../gate/index.js';
import type { CaseFigures, ResultList } from '../score/index.js';
import type { AgentName } from '../config/schema/agent.js';

export type Awaitable<T> = T | Promise<T>;

export interface RunPlan {
  run_id: string;
  run_dir: string;
  agent: AgentName;
  adapter: string;
  suites: { name: string; file: string; cases: number }[];
  /** Attempts to run (cases × repeat), after filters. */
  total: number;
  concurrency: number;
  /** The concurrency asked, when the agent takes fewer cases at once (what it said in `initialize` × workers). */
  concurrency_asked?: number;
  kill_switch: boolean;
  /** `eval --resume`: how many of the `total` attempts an earlier session of the run finished. */
  resumed?: number;
  /** `eval --resume`: attempts an earlier session finished that run again (their case changed since, under --force), beside `resumed`. */
  rerun?: number;
  /** `eval --resume`: attempts among `resumed` recorded as errors as it began: their module agent, tool handler or custom scorer had blocked agentready's process (blocked.json). */
  blocked?: number;
  /** `eval --resume`: attempts an earlier session recorded as ending in a harness error, which run again (among those not `resumed`). */
  errored?: number;
  /** `eval --resume --force`: attempts an earlier session finished whose case the suites no longer have, left out of the run (beside `resumed`; a warning names them). */
  removed?: number;
  /** Where the results come from: the agent, now, or a recording read back (merge, compare, score). */
  origin: CaseOrigin;
  /** `eval --shard i/n`: the shard these cases are, said on the first line as a test runner does ("shard 1 of 2"). */
  shard?: { index: number; total: number };
}

/**
 * The agent answering now; answers recorded earlier by agentready, read back from `from` ("2 shard
 * runs"); or traces the agent recorded itself (`score`), read from the file `from`, with no agent
 * session of agentready's behind them.
 */
export type CaseOrigin = { kind: 'live' } | { kind: 'recorded'; from: string } | { kind: 'traces'; from: string };

export interface RunSummary {
  run_id: string;
  run_dir: string;
  agent: AgentName;
  adapter: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  interrupted: boolean;
  /** How the run ended (interrupted, incomplete, completed): the reports' headline reads it with the verdict. */
  end: RunEnd;
  /** Every attempt in plan order, read from the run folder on each pass: iterate, do not hold. */
  results: ResultList;
  /** What the run's figures hold of each attempt (status among them), in memory: no read of the run folder. */
  figures?: readonly CaseFigures[];
  metrics: MetricsBySlice;
  /** Model calls, tokens and cost per model, overall and per slice. */
  models: ModelUsageBySlice;
  /** Requests to agentready's endpoints refused for a missing or wrong token. */
  unauthenticated_requests: number;
  /** What the run warns of, redacted, as summary.json's `warnings` (a model with no price, whose $0 understates the cost). */
  warnings: readonly string[];
  /** A merged run's start of each suite (`SessionResult.suite_started_at`): when set, a suite it lacks has no known start. */
  suite_started_at?: ReadonlyMap<string, string>;
  /** The repeat asked (`--repeat`, `run.repeat`, a resumed run's), when a live run had one above 1: an interrupted run's reports say what finished against it. */
  repeat?: number;
  /** `--models replay`: the costs are the cassettes' recorded ones, not money spent (reports say so beside them). */
  replayed?: true;
  /** Only part of the run was replayed (a `--resume` or `merge` of sessions under different `--models`): that part's dollars; the rest were spent. */
  replayed_usd?: number;
  /**
   * `eval --kill-switch`: the readiness check's tally (what summary.json holds under `kill_switch`);
   * `judged` is false under `--no-gate`, where it does not decide the exit.
   */
  readiness?: { tally: KillSwitchSummary; judged: boolean };
}

/** A finished attempt, already redacted and sanitized for output: with its trace, or never started (no trace). */
export type CaseEnd = { location: CaseLocation; result: CaseResult } & ({ kind: 'ran'; trace: Trace } | { kind: 'not_run' });

/** Where the case is written, for annotations. */
export interface CaseLocation {
  file: string;
  line: number;
  column: number;
}

/** A reporter as the user named it, for messages: `junit` (or an option's output: `--otlp`) and the file it writes (`out/junit.xml`, as given, or its default). */
export interface ReporterLabel {
  name: string;
  /** The file it writes, as given on the command line (or its default); absent for one that prints. */
  path?: string;
}

export interface Reporter {
  /** How the user named this output; a failure is reported under it. */
  readonly label?: ReporterLabel;
  onRunStart?(plan: RunPlan): Awaitable<void>;
  onCaseEnd?(event: CaseEnd): Awaitable<void>;
  /** verdict is undefined under --no-gate. */
  onRunEnd?(summary: RunSummary, verdict: Verdict | undefined): Awaitable<void>;
  onError?(error: unknown): Awaitable<void>;
  onExit?(): Awaitable<void>;
  /** True when the reporter writes to stdout/stderr (the terminal reporter). */
  printsToStdio?(): boolean;
}
