/** The deterministic policy layer (SPEC §5): rules evaluated on every call before it is answered. */
import { toolMatches } from '../config/tool-glob.js';
import { judgeValue, negated, type RedactedReading } from '../common/match.js';
import { FAILS, type MatchAnswer } from '../common/operators.js';
import type { PolicyRule } from '../config/schema/index.js';

/** What a rule can see of a call. */
export interface CallView {
  tool: string;
  arguments: Record<string, unknown>;
  context: Record<string, unknown>;
}

export type PolicyVerdict =
  | { outcome: 'allow'; rule_ids: string[] }
  | { outcome: 'deny'; rule_id: string; reason: string };

/** What a rule sees beside the call: the tools that ran earlier in the case, and how the call was recorded. */
export interface PolicySeen {
  /** For `require_prior`: the tools whose calls answered a result earlier in the case (a call that answered an error, failed or was refused is not one). */
  ranBefore: readonly string[];
  /**
   * The call was recorded with redaction on (common/match.ts); its `unknownAs` is for the call, a
   * condition it left open allowing the call (true) or denying it (false).
   */
  reading?: RedactedReading | undefined;
}

/** The call the rules judge, and what ran before it. */
export interface PolicyQuestion {
  call: CallView;
  seen: PolicySeen;
}

/** Applies every rule whose `tool` matches; the first denial wins. */
export function evaluatePolicy(rules: readonly PolicyRule[], { call, seen }: PolicyQuestion): PolicyVerdict {
  const { denials, allowed } = applyRules({ rules, call, seen, firstDenialOnly: true });
  const first = denials[0];
  return first === undefined ? { outcome: 'allow', rule_ids: allowed } : { outcome: 'deny', ...first };
}

/** What every rule whose `tool` matches says of a call: the rules that deny it, in order, and those that allow it. */
export interface PolicyJudgement {
  denials: { rule_id: string; reason: string }[];
  allowed: string[];
}

/**
 * Applies every rule whose `tool` matches, a denial stopping none of the next: for a call that
 * already ran (exec, `agentready score`), where each rule it broke is a finding, not only the
 * first, which would have refused it.
 */
export function everyPolicyDenial(rules: readonly PolicyRule[], { call, seen }: PolicyQuestion): PolicyJudgement {
  return applyRules({ rules, call, seen, firstDenialOnly: false });
}

function applyRules({ rules, call, seen, firstDenialOnly }: { rules: readonly PolicyRule[]; call: CallView; seen: PolicySeen; firstDenialOnly: boolean }): PolicyJudgement {
  const judged: PolicyJudgement = { denials: [], allowed: [] };
  for (const rule of rules) {
    if (!toolMatches(rule.tool, call.tool)) continue;
    const reason = denialReason(rule, { call, seen });
    if (reason === undefined) {
      judged.allowed.push(rule.id);
      continue;
    }
    judged.denials.push({ rule_id: rule.id, reason });
    if (firstDenialOnly) break;
  }
  return judged;
}

export { toolMatches };

/** Why the rule denies the call, or undefined when it allows it. */
function denialReason(rule: PolicyRule, { call, seen }: PolicyQuestion): string | undefined {
  const { ranBefore, reading } = seen;
  const unjudgeable = unjudgeableNumber(rule, call);
  if (unjudgeable !== undefined) return unjudgeable;
  if (rule.deny_if) {
    const reason = denyIfReason(call, { conditions: rule.deny_if, reading: negated(reading) });
    if (reason !== undefined) return reason;
  }
  if (rule.allow_only) {
    const reason = allowOnlyReason(call, { conditions: rule.allow_only, reading });
    if (reason !== undefined) return reason;
  }
  if (rule.require) {
    const missing = rule.require.filter((path) => isAbsent(valueAt(call, path)));
    if (missing.length > 0) return `require: missing ${missing.join(', ')}`;
  }
  if (rule.require_prior && !rule.require_prior.some((tool) => ranBefore.includes(tool))) {
    return `require_prior: none of ${rule.require_prior.join(', ')} answered a result earlier in the case`;
  }
  return undefined;
}

/**
 * A number JSON cannot hold (`1e400` parses as Infinity; a module agent may pass Infinity or NaN) under a
 * path one of the rule's conditions reads: no comparison judges it (the operators take finite numbers
 * only, and the trace records it as null), so the rule denies the call rather than let `gt: 100` miss it.
 */
function unjudgeableNumber(rule: PolicyRule, call: CallView): string | undefined {
  for (const path of [...Object.keys(rule.deny_if ?? {}), ...Object.keys(rule.allow_only ?? {})]) {
    const value = valueAt(call, path);
    if (typeof value === 'number' && !Number.isFinite(value)) return `${path}=${String(value)} is no number JSON can hold (1e400 reads as Infinity), so no condition can judge it`;
  }
  return undefined;
}

/** The conditions of a `deny_if` or `allow_only`, read as `reading` says. */
interface Conditions {
  conditions: Record<string, unknown>;
  reading: RedactedReading | undefined;
}

/**
 * Why `deny_if` denies: every condition holds, or none fails and one could not be decided (a
 * policy that cannot finish its test does not let the call through).
 */
function denyIfReason(call: CallView, conditions: Conditions): string | undefined {
  const paths = Object.keys(conditions.conditions);
  if (paths.length === 0) return undefined;
  const broken = firstNotHolding(call, conditions);
  if (broken?.kind === 'fails') return undefined;
  if (broken?.kind === 'undecided') return `deny_if could not be decided: ${broken.why}`;
  return `deny_if holds: ${paths.map((path) => `${path}=${JSON.stringify(valueAt(call, path))}`).join(', ')}`;
}

/** Why `allow_only` denies: a condition fails, or one could not be decided. */
function allowOnlyReason(call: CallView, conditions: Conditions): string | undefined {
  const broken = firstNotHolding(call, conditions);
  if (broken === undefined) return undefined;
  if (broken.kind === 'undecided') return `allow_only could not be decided: ${broken.why}`;
  return `allow_only: ${broken.path}=${JSON.stringify(valueAt(call, broken.path)) ?? 'missing'} is not allowed`;
}

/**
 * The conditions judged in order until one fails (its path), else the first that could not be
 * decided (why); undefined when every condition holds.
 */
function firstNotHolding(call: CallView, { conditions, reading }: Conditions): { kind: 'fails'; path: string } | { kind: 'undecided'; why: string } | undefined {
  let undecided: { kind: 'undecided'; why: string } | undefined;
  for (const [path, matcher] of Object.entries(conditions)) {
    const answer = judgeCondition(call, { path, matcher, reading });
    if (answer.kind === 'fails') return { kind: 'fails', path };
    if (answer.kind === 'undecided') undecided ??= answer;
  }
  return undecided;
}

/** Whether the call's value at `path` is there and satisfies `matcher`, read as `reading` says; undecided when an operator could not finish. */
function judgeCondition(call: CallView, condition: { path: string; matcher: unknown; reading: RedactedReading | undefined }): MatchAnswer {
  const { path, matcher, reading } = condition;
  const value = valueAt(call, path);
  if (value === undefined) return FAILS;
  const answer = judgeValue({ matcher, actual: value, reading, key: path.split('.').at(-1) });
  return answer.kind === 'undecided' ? { kind: 'undecided', why: `${path}: ${answer.why}` } : answer;
}

/** The value at a dotted path such as `arguments.amount` or `context.customer_id`. */
export function valueAt(call: CallView, path: string): unknown {
  const [root, ...rest] = path.split('.');
  // Equivalent mutant: the `context` test as `true` (the policy schema admits only these two roots).
  let value: unknown = root === 'arguments' ? call.arguments : root === 'context' ? call.context : undefined;
  for (const key of rest) {
    // An own key only: `__proto__` or `constructor` the call does not hold is absent, not its prototype.
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Absent or empty: undefined, null, a text with nothing to read (only spaces, or only invisible
 * characters such as a zero-width space), an empty list or object. A `reason: " "` says no reason.
 */
function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return BLANK.test(value);
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Only white space and format characters (zero-width space and joiners, BOM, soft hyphen…), or nothing. */
const BLANK = /^[\p{White_Space}\p{Cf}]*$/u;
