/**
 * The review sample (SPEC §14): a risk-weighted, seeded sample of a run's attempts for human
 * review. Every failing or policy-denied attempt comes first, then every other attempt in which
 * the approver refused a call (no policy violation, SPEC §11 Approvals: the reviewer sees how the
 * agent took the refusal); then each risk tier at its rate (a case without `risk` is sampled at
 * the low rate). The same run and seed give the same sample.
 * Pure.
 */
import type { CaseResult, CaseStatus, ResultOutcome, ToolAnswerKind, Trace } from '../../config/schema/index.js';
import { seededRandom } from '../../config/random.js';
import { caseKey } from '../../gate/diff.js';
import { compareCaseKeys } from '../../common/case-keys.js';
import { UsageError } from '../../errors.js';
import { isPolicyViolation } from '../../score/policy.js';
import { reason } from '../failure-reason.js';

export const RISK_TIERS = ['high', 'medium', 'low'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export type RiskRates = Record<RiskTier, number>;

export const DEFAULT_RATES: Readonly<RiskRates> = Object.freeze({ high: 1, medium: 0.25, low: 0.05 });

/** One attempt that could be reviewed, with what the reviewer needs to judge it. */
export interface ReviewCandidate {
  result: CaseResult;
  trace?: Trace;
  /** What the user asked: the case's input, or a production trace's. */
  input?: string;
}

export interface ReviewItem {
  key: string;
  attempt: number;
  /** undefined: the case has no `risk` (sampled at the low rate). */
  risk?: RiskTier;
  why: 'failed' | 'error' | 'policy_denied' | 'approval_denied' | 'sampled';
  /** The case's `description:`, when its suite gives one. */
  description?: string;
  status: CaseStatus;
  outcome?: ResultOutcome;
  trace_id: string;
  input?: string;
  output?: unknown;
  /** Why it failed, in one line, for failing attempts. */
  failure?: string;
  /** `ran`: a call the agent reported (exec, `score`) that reached its tool though answered as its denial. */
  tool_calls: { name: string; arguments: unknown; answer: ToolAnswerKind; ran?: true }[];
  /** A conversation of more than one turn: each user message and the agent's answer. */
  turns?: { turn: number; user: string; outcome: ResultOutcome; output: unknown }[];
}

export interface ReviewSample {
  run_id: string;
  /** The run did not finish (interrupted, killed, or still running): it holds only the cases that ended. */
  unfinished?: true;
  seed: number;
  rates: RiskRates;
  /** Attempts the sample was drawn from. */
  total: number;
  /** The run repeats its cases (an attempt 2 exists): each item names its attempt, the first too. */
  repeated: boolean;
  /** Failing, harness errors, policy-denied. */
  must: ReviewItem[];
  /** Not in `must`, but the approver refused one of its calls. */
  approvalDenied: ReviewItem[];
  sampled: ReviewItem[];
  /** Per tier: attempts sampled, out of those left after the must-review ones. */
  tiers: Record<RiskTier, { picked: number; of: number }>;
}

/**
 * `redact` is applied to each chosen attempt before anything is taken from it (a reason cut short
 * would no longer be recognised): the run may have been made with --no-redact.
 */
export function sampleForReview(input: { run_id: string; unfinished?: boolean; candidates: readonly ReviewCandidate[]; rates: RiskRates; seed: number; redact: <T>(value: T) => T }): ReviewSample {
  const item = (candidate: ReviewCandidate, why: ReviewItem['why']) => itemOf(input.redact(candidate), why);
  const ordered = [...input.candidates].filter((c) => c.result.status !== 'skipped').sort(byCase);
  const must: ReviewItem[] = [];
  const approvalDenied: ReviewItem[] = [];
  const rest: Record<RiskTier, ReviewCandidate[]> = { high: [], medium: [], low: [] };
  for (const candidate of ordered) {
    const why = mustReview(candidate);
    if (why === 'approval_denied') approvalDenied.push(item(candidate, why));
    else if (why) must.push(item(candidate, why));
    else rest[candidate.result.risk ?? 'low'].push(candidate);
  }
  const tiers = {} as ReviewSample['tiers'];
  const sampled: ReviewItem[] = [];
  for (const tier of RISK_TIERS) {
    const picked = pick(rest[tier], { rate: input.rates[tier], next: seededRandom(`${input.seed}\0review\0${tier}`) });
    tiers[tier] = { picked: picked.length, of: rest[tier].length };
    sampled.push(...picked.map((candidate) => item(candidate, 'sampled')));
  }
  // Riskiest first within each part, then by case, so the reviewer starts where it matters.
  const byRisk = (a: ReviewItem, b: ReviewItem) => tierRank(a.risk) - tierRank(b.risk);
  const repeated = input.candidates.some((c) => c.result.attempt > 1);
  return { run_id: input.run_id, ...(input.unfinished === true ? { unfinished: true as const } : {}), seed: input.seed, rates: input.rates, total: ordered.length, repeated, must: must.sort(byRisk), approvalDenied: approvalDenied.sort(byRisk), sampled: sampled.sort(byRisk), tiers };
}

/** A rate as `--rates` takes it: a decimal number (`1`, `0.25`, `.05`), not hex, an exponent nor `Infinity`, which Number() reads too. */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

const RATES_HINT = 'write tier=rate pairs with a rate from 0 to 1, e.g. --rates high=1,medium=0.25,low=0.05';

/**
 * `high=1,medium=0.25,low=0.05` (any subset; the rest keep their defaults; a tier named twice is
 * refused, not the last one kept). Strict: each rate a decimal number from 0 to 1 (`0x1` is no
 * rate), and an empty value is refused rather than read as the defaults.
 */
export function parseRates(text: string): RiskRates {
  const rates: RiskRates = { ...DEFAULT_RATES };
  const given = new Set<RiskTier>();
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`bad --rates ${JSON.stringify(text)}: it gives no tier a rate`, RATES_HINT);
  for (const part of parts) {
    const [rawName, rawValue, extra] = part.split('=');
    const name = rawName!.trim();
    const value = rawValue?.trim();
    const tierKnown = RISK_TIERS.includes(name as RiskTier);
    const rate = value !== undefined && DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!tierKnown || extra !== undefined || !(rate >= 0 && rate <= 1)) {
      const why = !tierKnown ? `"${name}" is not a risk tier (${RISK_TIERS.join(', ')})` : 'the rate must be one decimal number from 0 to 1';
      throw new UsageError(`bad --rates entry "${part}": ${why}`, RATES_HINT);
    }
    if (given.has(name as RiskTier)) {
      throw new UsageError(`bad --rates entry "${part}": ${name} is already given a rate (${rates[name as RiskTier]})`, 'give each tier one rate, e.g. --rates high=1,medium=0.25,low=0.05');
    }
    given.add(name as RiskTier);
    rates[name as RiskTier] = rate;
  }
  return rates;
}

// Returns why an attempt must be reviewed, or undefined when it is only sampled.
function mustReview({ result, trace }: ReviewCandidate): Exclude<ReviewItem['why'], 'sampled'> | undefined {
  if (result.status === 'error') return 'error';
  if (result.policy_violations > 0 || trace?.tool_calls.some((call) => isPolicyViolation(call.answer))) return 'policy_denied';
  if (result.status === 'failed') return 'failed';
  if (trace?.tool_calls.some((call) => call.answer === 'approval_denied')) return 'approval_denied';
  return undefined;
}

// Returns `rate` of the candidates (at least one of a non-empty tier when rate > 0), chosen by the PRNG, in their order.
function pick(candidates: readonly ReviewCandidate[], { rate, next }: { rate: number; next: () => number }): ReviewCandidate[] {
  const k = Math.min(candidates.length, Math.ceil(rate * candidates.length));
  const indexes = candidates.map((_, i) => i);
  // Fisher–Yates over the first k slots, as variant selection does.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, k).sort((a, b) => a - b).map((i) => candidates[i]!);
}

// Returns the review item of one attempt.
function itemOf({ result, trace, input }: ReviewCandidate, why: ReviewItem['why']): ReviewItem {
  return {
    key: caseKey(result),
    attempt: result.attempt,
    ...(result.risk ? { risk: result.risk } : {}),
    why,
    ...(result.description === undefined ? {} : { description: result.description }),
    status: result.status,
    ...(result.outcome ? { outcome: result.outcome } : {}),
    trace_id: result.trace_id,
    ...(input === undefined ? {} : { input }),
    ...(trace && trace.output !== undefined ? { output: trace.output } : {}),
    ...(result.status === 'failed' || result.status === 'error' ? { failure: reason(result) } : {}),
    tool_calls: (trace?.tool_calls ?? []).map((call) => ({ name: call.name, arguments: call.arguments, answer: call.answer, ...(call.ran ? { ran: true as const } : {}) })),
    ...(result.turns && result.turns.length > 1 ? { turns: result.turns.map(({ turn, user, outcome, output }) => ({ turn, user, outcome, output })) } : {}),
  };
}

/** By case key as every report lists them (c2 before c10, whatever the locale: the seed's sample is picked from this order), then attempt. */
function byCase(a: ReviewCandidate, b: ReviewCandidate): number {
  return compareCaseKeys(caseKey(a.result), caseKey(b.result)) || a.result.attempt - b.result.attempt;
}

function tierRank(risk: RiskTier | undefined): number {
  return risk === undefined ? RISK_TIERS.length : RISK_TIERS.indexOf(risk);
}
