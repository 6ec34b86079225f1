/** What a run session is given (SessionOptions), what it says as it starts (SessionStart) and what it ends with (SessionResult). */
import type { Adapter } from '../adapters/adapter.js';
import type { AgentInfo } from '../adapters/protocol.js';
import type { ModelMode, ReplayOf, ResolvedConfig, ToolCallRecord } from '../config/schema/index.js';
import type { CaseFigures, FigureFold, ResultList } from '../score/index.js';
import type { CaseFilter } from './plan.js';
import type { CaseFinished } from './queue.js';
import type { AgentStarting } from './run-adapter.js';
import type { ResumedRun } from './resumed.js';
import type { LeftOut } from './results-file.js';
import type { RecordedConversation } from '../environment/recording.js';
import type { RunMode } from '../config/schema/run-modes.js';

export type { RecordedConversation };

export interface SessionOptions {
  config: ResolvedConfig;
  filter: CaseFilter;
  repeat?: number;
  concurrency?: number;
  mode: RunMode;
  redact: boolean;
  /** `--models`: the model gateway's mode for this run, over `models.mode`. */
  modelsMode?: ModelMode | undefined;
  /** Folder holding run folders, normally `<config dir>/.agentready/runs`. */
  runsRoot: string;
  signal: AbortSignal;
  onStart?: (start: SessionStart) => void | Promise<void>;
  onCaseEnd?: (finished: CaseFinished) => void | Promise<void>;
  /** `--resume`: go on in this run folder; its finished attempts are told to onCaseEnd, not run again. */
  resume?: ResumedRun;
  /** `replay`: tool calls answered from these recorded calls instead of the mocks and faults. */
  recording?: readonly ToolCallRecord[] | undefined;
  /** `replay`: the user simulator's messages of the recording (its turns after the first), said again instead of asking the simulator. */
  recordedUser?: RecordedConversation | undefined;
  /** `replay`: the recording this run runs again: its trace id is written in the header, both in summary.json. */
  replayOf?: ReplayOf | undefined;
  /**
   * The agent's adapter, made by `runAdapter` (and maybe prepared) while the suites loaded; the
   * session starts and stops it. Default: one made now.
   */
  adapter?: Adapter | undefined;
  /** That adapter's start, when it was begun before the session (eval's EarlyAgent): the session takes it instead of starting the adapter. */
  starting?: AgentStarting | undefined;
  /** Work the first cases need not wait for (eval's suite-cache writes): made a turn after the queue handed them to the agent. */
  afterFirstCases?: (() => void) | undefined;
  /** Told each attempt's figures in plan order as they end (the run's metrics, added up while it runs). */
  figureFold?: FigureFold | undefined;
}

export interface SessionStart {
  run_id: string;
  run_dir: string;
  agent: AgentInfo;
  adapter: string;
  suites: { name: string; file: string; cases: number }[];
  total: number;
  concurrency: number;
  /** The concurrency asked (`--concurrency`, or `run.concurrency` other than its default) when the agent takes fewer cases at once. */
  concurrency_asked?: number;
  /** `--resume`: how many of the `total` attempts an earlier session finished (they are not run again). */
  resumed?: number;
  /** With `resumed`: attempts an earlier session finished that run again (their case changed since, under --force). */
  rerun?: number;
  /** With `resumed`: attempts among them recorded now as errors: their module agent, tool handler or custom scorer blocked the process (blocked.json). */
  blocked?: number;
  /** With `resumed`: attempts an earlier session recorded as ending in a harness error, which run again (not among `resumed`). */
  errored?: number;
  /** With `resumed`: attempts an earlier session finished whose case the suites no longer have (--force), left out of the run (not among `resumed`). */
  removed?: number;
  /** `--shard i/n`: the shard these cases are. */
  shard?: { index: number; total: number };
  /** When the run began (a resumed run: its first session), as its history lines and summary.json say it; a live run's. */
  started_at?: string;
}

export interface SessionResult extends Omit<SessionStart, 'total'> {
  started_at: string;
  finished_at: string;
  duration_ms: number;
  /** Every attempt's result in plan order, earlier sessions' included; may be read from the run folder on each pass. */
  results: ResultList;
  /** What the run's figures read of each attempt, in the same order. */
  figures: readonly CaseFigures[];
  interrupted: boolean;
  skipped_for_cost: number;
  /**
   * A merge: when each suite's cases started, by suite name: the earliest start of the shard runs that
   * hold its attempts (shards start apart, in other jobs). A suite absent is one whose start is not
   * known (a merged run read back from its folder): its reports name none rather than the run's.
   */
  suite_started_at?: ReadonlyMap<string, string>;
  /** A merge: the shard runs whose attempts those are (each skipped them at its own cost cap, and `--resume` goes on in that shard's folder, not the merged one). */
  skipped_in_shards?: readonly string[];
  /** A merge: the shard runs holding attempts that ended in a harness error `--resume` runs again (in that shard's folder, not the merged one). */
  errored_in_shards?: readonly string[];
  /** budgets.max_run_cost_usd, when the run had one (a live run's config). */
  max_run_cost_usd?: number;
  fingerprint: string;
  /** Where the time went: starting the agent, then running the cases. */
  timings: { agent_start_ms: number; cases_ms: number };
  /** Problems the transport saw but could not blame on one case: a live run's agent's and endpoints' are added once `stopped` resolves. */
  warnings: string[];
  /** Attempts results.jsonl holds that the run leaves out (`leftOutSince`): summary.json's `left_out`. */
  left_out?: LeftOut[];
  /** Requests to agentready's endpoints refused for a missing or wrong token (SPEC §11). */
  unauthenticated_requests: number;
  /** The repeat the session planned (each case's attempts), when above 1. */
  repeat?: number;
  /** Whether what the run folder holds was redacted: false under --no-redact (or when a run resumed was made with it). */
  redacted: boolean;
  /** A resumed run that had finished (`ResumedRun.inHistory`): the attempts kept (`attemptKey`), whose verdicts its earlier session appended to the history. */
  in_history?: ReadonlySet<string>;
  /** `--models replay` (or `models.mode: replay`): model calls were answered from cassettes, so their cost was recorded, not spent. */
  replayed?: boolean;
  /** Only part of the run was (a `--resume` whose sessions ran under different `--models`): the dollars of that part (`run/replayed-share.ts`). */
  replayed_usd?: number;
  /** `replay`: the recording the run ran again. */
  replay_of?: ReplayOf;
  /**
   * A live run: the agent and the run's endpoints being stopped (the run folder is closed by
   * then). Resolves once every process the session started is gone; rejects with what stopping
   * them threw; `warnings` is whole only then. Whoever runs the session waits for it before deciding how the run ended.
   */
  stopped?: Promise<void>;
}
