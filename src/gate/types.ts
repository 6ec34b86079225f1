/** The gate's verdict: data, one entry per metric and slice. Reporters only format it. */
import type { GateMetric, Threshold } from '../config/schema/config.js';

export interface ThresholdCheck {
  metric: GateMetric;
  /** 'overall' or a slice key such as 'tag:refund'. */
  slice: string;
  baseline: number | null;
  current: number | null;
  /** current − baseline, in the metric's unit (a fraction for rates); null without a baseline. */
  delta: number | null;
  threshold: Threshold;
  /** Which part of the threshold decided: 'max_drop_pp', 'min', ... */
  rule: keyof Threshold;
  /** The current value's 95% interval, for rates. */
  interval?: [number, number];
  /** Exact McNemar p-value over the per-case verdicts shared with the baseline, for success_rate. */
  p_value?: number;
  /** Whether the move is distinguishable from noise at the threshold's significance (or 0.05). */
  significant?: boolean;
  pass: boolean;
  /** Why it passed or failed, in one line: "0.95 → 0.90 (−5.0 pp) > max_drop_pp 2". */
  explanation: string;
}

export interface CaseChange {
  key: string; // "<suite>/<case id>"
  suite: string;
  case_id: string;
  /** The first failing check of the current run, for newly failing cases. */
  first_failure?: string;
}

export interface CaseDiff {
  newly_failing: CaseChange[];
  newly_passing: CaseChange[];
  added: CaseChange[];
  removed: CaseChange[];
  /** Cases whose fingerprint differs from the baseline's: compared, but reported. */
  changed: CaseChange[];
}

export interface Verdict {
  pass: boolean;
  /** False when no baseline was found: only absolute thresholds were applied. */
  has_baseline: boolean;
  baseline_path: string;
  checks: ThresholdCheck[];
  diff: CaseDiff;
  /** Human hints such as how to create a baseline or small-suite warnings. */
  notes: string[];
}
