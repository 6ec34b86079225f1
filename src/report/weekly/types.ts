/**
 * The weekly review (SPEC §14): what `agentready report` computes over run folders and history.
 * The review itself is config/schema/weekly.ts's shape (its JSON Schema is schemas/weekly.json).
 */
import type { CaseResult, GateConfig, HistoryEntry, Trace } from '../../config/schema/index.js';
import type { QuarantinedCase } from '../../gate/quarantine.js';

export type { CaseMove, CostHotspots, Example, FailureReason, FlakyCase, MetricSeries, PolicyBlock, WeeklyReview } from '../../config/schema/weekly.js';

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
