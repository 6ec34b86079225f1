/**
 * Scoring one attempt: pure checks over its trace (SPEC §6). No I/O, clock or randomness;
 * custom scorers arrive already loaded.
 */
import type { Budgets } from '../config/schema/config.js';
import type { Case } from '../config/schema/resolved.js';
import type { CaseStatus, CheckResult } from '../config/schema/results.js';
import type { AlternativeExpectation, Expectation } from '../config/schema/suite.js';
import { OUTCOMES, type Trace } from '../config/schema/trace.js';
import { scoreBudget } from './budget.js';
import { scoreTurns } from './conversation.js';
import { scoreCustom, type CustomScorer } from './custom.js';
import { scoreOutcome } from './outcome.js';
import { scoreOutput, type Printed } from './output.js';
import { scorePolicy } from './policy.js';
import { scoreRetry } from './retry.js';
import { scoreState } from './state.js';
import { scoreTools } from './tools.js';
import { readChecks } from './redacted.js';
import type { RedactedReading } from '../common/match.js';

export { scoreBudget, stricterCaps } from './budget.js';
export { chooseReply, scoreTurns, type AgentAnswer, type ReplyChoice } from './conversation.js';
export { finalState, scoreState } from './state.js';
export { scoreCustom, type CustomScorer } from './custom.js';
export { scoreOutcome } from './outcome.js';
export { outputText, scoreOutput, type Printed } from './output.js';
export { isPolicyViolation, scorePolicy } from './policy.js';
export { scoreRetry } from './retry.js';
export { scoreTools, toolScore, type ToolsExpectation } from './tools.js';
export { isUndecidable, undecidable, undecidedError, RESCORE, UNDECIDABLE } from './redacted.js';
export { carriedCount, carryVerdicts, type EvalVerdicts, type Fingerprints } from './carried.js';
export { scoreUnlabeled, scoreKnownTools, scoreArguments, scoreToolErrors, UNLABELED_CHECKS, type ArgumentValidator, type UnlabeledInput } from './unlabeled.js';

export interface ScoreInput {
  trace: Trace;
  /** The case: its expectation, and for a tool world or a conversation its state and turns. */
  kase: Pick<Case, 'expect'> & Partial<Pick<Case, 'state' | 'expectedStateFile' | 'turns'>>;
  /** The config's caps; the case's own `expect.budgets` are applied on top (the stricter wins). */
  budgets: Budgets;
  /** The trace was written with redaction on (`agentready score` of a default run): read as score/redacted.ts says. */
  redacted?: boolean;
  /** The trace's state changes alone came from a recording written with redaction on (`replay` of a default run): the state checks read them as `redacted` says. */
  redactedState?: boolean;
  /** How the reasons will be printed: redacted (the default), or as written under --no-redact, where no note says redaction hid a difference. */
  printed?: Printed;
}

/**
 * The built-in checks, in a fixed order: outcome (when expected, or when the run timed out),
 * tools (when tools or forbid are expected), output (when expected), retry (when asked),
 * policy and budget (always). When they fail, the checks of the first of `expect.alternatives`
 * that passes whole (with the case's budgets, and under `respect_retry_after` an alternative
 * that expects calls is held to it too) stand instead; when none does, the first failing
 * check's reason also says why each alternative failed. Then the case's own: the world's
 * state (when expected) and each turn's `expect` (in a conversation). A check a redacted trace
 * cannot decide fails marked `undecidable`.
 */
export function scoreTrace({ trace, kase: written, budgets, redacted = false, redactedState = false, printed = 'redacted' }: ScoreInput): CheckResult[] {
  const { checks: ending, stood } = scoreEnding({ trace, expect: written.expect, budgets, redacted, printed });
  const kase = stood?.ignore_state ? withoutFinalState(written) : written;
  const more = redactedState && !redacted
    ? [...readChecks(true, (reading) => scoreState({ trace, kase, reading })), ...scoreTurns({ trace, kase, printed })]
    : readChecks(redacted, (reading) => [...scoreState({ trace, kase, reading }), ...scoreTurns({ trace, kase, reading, printed })]);
  // Most cases expect no state and no turns: their ending's checks (a new array) are the whole list, not copied.
  return more.length === 0 ? ending : [...ending, ...more];
}

/** The case as judged on an ending that does not ask its final `state` (a rate_limit variant's escalation). */
function withoutFinalState(kase: ScoreInput['kase']): ScoreInput['kase'] {
  const { state: _state, state_exact: _exact, ...expect } = kase.expect;
  return { ...kase, expect };
}

/** The checks of the expectation, or of the first alternative that passes whole (`stood`). */
function scoreEnding(input: { trace: Trace; expect: Expectation; budgets: Budgets; redacted: boolean; printed: Printed }): { checks: CheckResult[]; stood?: AlternativeExpectation } {
  const { trace, expect, budgets, redacted, printed } = input;
  const scoreExpectation = (expectation: Expectation) => readChecks(redacted, (reading) => expectationChecks({ trace, expect: expectation, budgets, reading, printed }));
  const checks = scoreExpectation(expect);
  if (checks.every((check) => check.pass)) return { checks };
  const own = checks.find((check) => !check.pass);
  const why: string[] = [];
  let open: { checks: CheckResult[]; stood: AlternativeExpectation } | undefined;
  for (const [i, alternative] of (expect.alternatives ?? []).entries()) {
    // A rate_limit variant's alternative that expects calls (the base case's own) is met by calls made after the wait, as the
    // expectation is: a call answered rate_limit stands for none of them (SPEC §11: the base expectation, reached after waiting).
    const retried = expect.respect_retry_after === true && alternative.tools !== undefined;
    const other = scoreExpectation({ ...alternative, ...(expect.budgets ? { budgets: expect.budgets } : {}), ...(retried ? { respect_retry_after: true } : {}) });
    const failed = other.find((check) => !check.pass);
    if (failed === undefined) return { checks: other, stood: alternative };
    // An alternative that repeats the expectation's own ending (a rate_limit variant of a case that expects escalated) fails as it does: said, not quoted again.
    why.push(failed.check === own?.check && failed.reason === own.reason ? `alternative ${i + 1} failed the same way` : `alternative ${i + 1}, ${failed.check}: ${failed.reason}`);
    // An alternative a redacted trace cannot decide may have passed: the case is no more decided than it.
    if (open === undefined && other.every((check) => check.pass || check.undecidable)) {
      open = { checks: other.map((check) => (check === failed ? { ...failed, reason: `alternative ${i + 1}: ${failed.reason}` } : check)), stood: alternative };
    }
  }
  if (open !== undefined && checks.some((check) => !check.pass && !check.undecidable)) return open;
  if (why.length === 0) return { checks };
  // The expectation's own failures stand; the first also says why no alternative passed instead.
  return { checks: checks.map((check) => (check === own ? { ...check, reason: `${check.reason} (and no alternative passed: ${why.join('; ')})` } : check)) };
}

/** The built-in checks of one expectation, the trace read as `reading` says. */
function expectationChecks(input: { trace: Trace; expect: Expectation; budgets: Budgets; reading: RedactedReading | undefined; printed: Printed }): CheckResult[] {
  const { trace, expect, budgets, reading, printed } = input;
  const checks: CheckResult[] = [];
  if (expect.outcome !== undefined) checks.push(scoreOutcome(trace, expect.outcome));
  else if (trace.outcome === 'timeout' || trace.outcome === 'agent_error') checks.push(scoreOutcome(trace, [...OUTCOMES]));
  if (expect.tools !== undefined || expect.forbid !== undefined) checks.push(scoreTools({ trace, expect, reading, printed }));
  if (expect.output !== undefined) checks.push(scoreOutput({ trace, expect: expect.output, reading, printed }));
  if (expect.respect_retry_after) checks.push(scoreRetry(trace));
  checks.push(scorePolicy(trace));
  checks.push(scoreBudget(trace, { run: budgets, kase: expect.budgets }));
  return checks;
}

/** The built-in checks followed by each custom scorer's, run one after another in the given order. */
export async function scoreTraceWithCustom(input: ScoreInput & { custom?: CustomScorer[] }): Promise<CheckResult[]> {
  const checks = scoreTrace(input);
  for (const scorer of input.custom ?? []) checks.push(await scoreCustom(input.trace, scorer));
  return checks;
}

/**
 * An attempt's status: error when the harness could not run it or its redacted trace could not
 * decide the checks that failed (undecidedError says which), else passed only when every check passed.
 */
export function caseStatus(trace: Pick<Trace, 'outcome'>, checks: CheckResult[]): Exclude<CaseStatus, 'skipped'> {
  if (trace.outcome === 'error') return 'error';
  if (checks.every((check) => check.pass)) return 'passed';
  return checks.some((check) => !check.pass && !check.undecidable) ? 'failed' : 'error';
}
export type { CaseFigures, ResultList } from './figures.js';
export { FigureStore, type FigureFold } from './figure-store.js';
