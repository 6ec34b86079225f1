/** The weekly review (SPEC §14): what `agentready report` computes over run folders and history. */
import type { CaseResult, CaseStatus, GateConfig, GateMetric, HistoryEntry, Threshold, Trace } from '../../config/schema/index.js';
import type { QuarantinedCase } from '../../gate/quarantine.js';

/** One run folder as the review reads it. */
export interface ReviewedRun {
  run_id: string;
  started_at: string;
  results: CaseResult[];
  /** Its traces.jsonl, for policy decisions and per-model and per-tool figures. */
  traces: Trace[];
  /**
   * True for a run of `agentready score` (recorded or production traces): its failures, policy
   * blocks and costs count in the review, but it is not compared with the agent's own runs.
   */
  recorded: boolean;
  /** Ran some of the suites' cases only (--grep, --suite, --tag, --last-failed, --shard): its figures are not the agent's over time. */
  filtered?: boolean;
  /** Interrupted, or never finished (killed outright, or still running): it holds only the cases that ended, so its figures are not the agent's over time either. */
  unfinished?: boolean;
  /** Answered its model calls from cassettes (--models replay): its dollars are the recording's, not spent. */
  replayed?: boolean;
  /** Only part of it did (a --resume or merge of sessions under different --models): that part's dollars. */
  replayedUsd?: number;
}

export interface WeeklyInput {
  /** The runs in the window, in any order. */
  runs: ReviewedRun[];
  /** `.agentready/history.jsonl`, for flip rates over each case's last runs. */
  history: HistoryEntry[];
  gate: GateConfig;
  /** The window: from (absent: every run), until now. ISO 8601. */
  since?: string;
  now: string;
  quarantined?: QuarantinedCase[];
}

export interface WeeklyReview {
  window: { since: string | null; until: string; runs: { run_id: string; started_at: string; attempts: number }[]; attempts: number };
  /** What the latest run changed against the run before it. */
  changes: { latest: string | null; previous: string | null; new_failures: CaseMove[]; fixed: CaseMove[] };
  failure_reasons: FailureReason[];
  policy_blocks: PolicyBlock[];
  cost: CostHotspots;
  metrics: MetricSeries[];
  /** The agent's runs in the window that ran some cases only, left out of `metrics`, oldest first. */
  filtered_runs: string[];
  /** The agent's runs in the window that did not finish (interrupted, killed), left out of `metrics`, oldest first. */
  unfinished_runs: string[];
  /** The agent's runs in the window whose every attempt ended in one and the same agent_error (it could not run at all), left out of `flaky`, oldest first: found in their folders or, once a folder is gone, by their history lines. */
  agent_error_runs: string[];
  flaky: FlakyCase[];
  quarantined: QuarantinedCase[];
}

/** A case whose status moved between the last two runs. */
export interface CaseMove {
  key: string;
  /** Status in the latest run, and in the run before (absent: not in it). */
  now: CaseStatus;
  before?: CaseStatus;
  /** "check: reason" of its first failing check in the latest run, for new failures. */
  why?: string;
  trace_id: string;
}

export interface Example {
  key: string;
  run_id: string;
  trace_id: string;
}

export interface FailureReason {
  /** The check (its name for named ones), or "error" for a harness error. */
  check: string;
  /** The reason with numbers and ids stripped, so the same failure groups across cases. */
  reason: string;
  /** Failed attempts, and distinct cases among them. */
  count: number;
  cases: number;
  examples: Example[];
}

export interface PolicyBlock {
  rule_id: string;
  tool: string;
  outcome: 'deny' | 'approval_missing';
  count: number;
  examples: Example[];
}

export interface CostHotspots {
  total_usd: number;
  /** The part of total_usd from --models replay runs: the cassettes' recorded cost, not money spent. */
  replayed_usd: number;
  /** A base case's adversarial variants are one row with it (`key` the base case's, `variants` how many), unless one alone cost most of them. */
  by_case: { key: string; attempts: number; cost_usd: number; mean_usd: number; variants?: number }[];
  by_model: { model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number }[];
  /** Tools cost time and calls, not money: calls, failed calls and time spent in them. */
  by_tool: { tool: string; calls: number; errors: number; latency_ms: number }[];
}

export interface MetricSeries {
  metric: GateMetric;
  slice: string;
  threshold: Threshold;
  points: { run_id: string; started_at: string; value: number | null }[];
}

/** A case that passed and failed on the same code: in one run's repeats, or in runs of one commit with nothing uncommitted. */
export interface FlakyCase {
  key: string;
  /** Judged attempts looked at (its last ones, same fingerprint). */
  attempts: number;
  /** Consecutive pairs of them that ran the same code (`sameCode`), the only ones compared. */
  compared: number;
  flips: number;
  /** flips / compared. */
  flip_rate: number;
  /** Oldest first: P passed, F failed; `|` where the code changed (another commit, uncommitted changes, no commit known) between two runs. */
  sequence: string;
}
