/** The gate's verdict: data, one entry per metric and slice. Reporters only format it. */
import type { GateMetric, Threshold } from '../config/schema/gate.js';
import type { CaseStatus } from '../config/schema/results.js';
import type { QuarantinedCase } from './quarantine.js';
import type { BaselineLoosening } from './loosened.js';

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
  /** Exact McNemar p-value over the per-case verdicts shared with the baseline, for paired rates. */
  p_value?: number;
  /** Whether the move is distinguishable from noise at the threshold's significance (or 0.05). */
  significant?: boolean;
  /** The pairs behind p_value: cases both runs judged, and how many moved each way. */
  paired?: PairedCounts;
  /** No rule of the threshold could be applied (no baseline value, no data): it neither passed nor failed. */
  not_applied?: true;
  pass: boolean;
  /** Passed only because the threshold asks for significance and the move past it is within noise. */
  within_noise?: true;
  /**
   * Why it passed or failed, in one line, the single wording every reporter prints:
   * "success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2, 95% CI [0.70, 0.97], p=0.5 (…)".
   */
  explanation: string;
}

export interface PairedCounts {
  n: number;
  /** yes → no: a case that passed and now fails (for success_rate), that escalated and no longer does, … */
  down: number;
  /** no → yes. */
  up: number;
}

/** A rate that moved against the baseline, watched by a threshold or not, with its noise test. */
export interface MetricMove {
  metric: GateMetric;
  slice: string;
  baseline: number;
  current: number;
  delta: number;
  interval?: [number, number];
  p_value?: number;
  significant?: boolean;
  paired?: PairedCounts;
  explanation: string;
}

export interface CaseChange {
  key: string; // "<suite>/<case id>"
  suite: string;
  case_id: string;
  /** The case's status in the current run (absent for removed cases). */
  status?: CaseStatus;
  /** With repeats: the judged attempts and how many passed (flaky when 0 < passes < attempts). */
  attempts?: number;
  passes?: number;
  /** "check: reason" of the first failing check of the current run, for failing cases. */
  first_failure?: string;
}

export interface CaseDiff {
  newly_failing: CaseChange[];
  newly_passing: CaseChange[];
  /** Cases that fail now and failed in the baseline too (same fingerprint): known failures, not regressions. */
  known_failing: CaseChange[];
  added: CaseChange[];
  removed: CaseChange[];
  /** Cases whose fingerprint differs from the baseline's: compared, but reported. */
  changed: CaseChange[];
}

/** Why a case counts against `newly_failing`: nothing in the baseline accepted its failure. */
export type UnacceptedFailure = CaseChange & {
  /** passed in the baseline (same fingerprint); not in it; or in it with another fingerprint. */
  since: 'newly_failing' | 'added' | 'changed';
};

/** The gate's case-by-case entry, `newly_failing: { max }` (the default gate has it at 0). */
export type NewlyFailingCheck =
  | {
      kind: 'judged';
      max: number;
      /** The cases it counts, sorted by key: failed now, and passed in the baseline or were added or changed since it. */
      cases: UnacceptedFailure[];
      pass: boolean;
      /** One line, every reporter's wording: "newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: …". */
      explanation: string;
    }
  | {
      /** No baseline: nothing to compare with (the default gate then asks success_rate min 1.0). */
      kind: 'not_applied';
      max: number;
      pass: true;
      explanation: string;
    };

export interface Verdict {
  pass: boolean;
  /** False when no baseline was found: only absolute thresholds were applied. */
  has_baseline: boolean;
  baseline_path: string;
  checks: ThresholdCheck[];
  /** Every rate that moved against the baseline (overall and in the gate's slices), with its paired test. */
  moves: MetricMove[];
  diff: CaseDiff;
  /** The `newly_failing` entry, when the gate has one (the default gate does). */
  newly_failing?: NewlyFailingCheck;
  /** The quarantined cases that ran: reported, not counted by any threshold. */
  quarantined: QuarantinedCase[];
  /** Human hints such as how to create a baseline or small-suite warnings. */
  notes: string[];
  /** Under `--base-baseline`: what the committed baseline loosens against the base branch's; absent when nothing (or no flag). */
  baseline_loosened?: BaselineLoosening;
}
