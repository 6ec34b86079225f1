/**
 * The tools check (SPEC §6, §11 Tool matching): every expected call is matched one-to-one
 * with an actual call (as a subsequence when `order: ordered`), no forbidden call was made,
 * and precision/recall/F1 of the matching are reported as the check's score.
 */
import { matchArgs, negated, type RedactedReading } from '../common/match.js';
import { deepEqual } from '../config/json-value.js';
import type { CheckResult, ToolScore } from '../config/schema/results.js';
import type { ExpectedCall, Expectation, Forbid } from '../config/schema/suite.js';
import type { ApprovalRecord, ToolCallRecord, Trace } from '../config/schema/trace.js';
import { placeholdersIn, redact } from '../common/redact.js';
import { callNumber } from './call-number.js';
import { formatCall, formatValue } from './format-call.js';
import { argsDifference } from './args-difference.js';
import { printedAlike, type Printed } from './output.js';
import { matchInOrder, matchUnordered, type Assignment, type MatchSizes } from './call-matching.js';

export type ToolsExpectation = Pick<Expectation, 'tools' | 'order' | 'forbid' | 'respect_retry_after'>;

/**
 * Scores the calls of a trace against the case's expected and forbidden calls. A refused
 * `approval/request` that no call followed stands for the call it asked about, for an expected
 * call with `approved: false` only: frameworks that ask first never send a refused call.
 * Under `respect_retry_after` (a rate_limit variant, SPEC §11 "Variant expectations"), a call
 * answered rate_limit stands for no expected call: the tool did not run, and the expected call is
 * met only by calling it again (after the wait, which the retry check judges). It is still a call
 * made: a forbidden one is forbidden all the same.
 * `reading`: the trace was written with redaction on (common/match.ts).
 */
export function scoreTools({ trace, expect, reading, printed = 'redacted' }: { trace: Trace; expect: ToolsExpectation; reading?: RedactedReading | undefined; printed?: Printed }): CheckResult {
  const expected = (expect.tools ?? []).map(withExactArgs);
  const made = trace.tool_calls;
  const limited = new Set(expect.respect_retry_after ? made.filter(rateLimited).map((call) => call.name) : []);
  const calls = limited.size > 0 ? made.filter((call) => !rateLimited(call)) : made;
  const candidates = withRefusedAsks(calls, trace.approvals ?? []);
  const fits = (i: number, j: number): boolean => candidateMatches({ expected: expected[i]!, call: candidates[j]!, reading });
  const ordered = expect.order === 'ordered';
  const assignment = ordered
    ? matchInOrder({ expectedCount: expected.length, callCount: candidates.length }, fits)
    : matchUnordered({ expectedCount: expected.length, callCount: candidates.length }, fits);
  const matched = assignment.filter((j) => j !== undefined).length;
  // A refused ask counts as a call made only when an expectation took it.
  const askedOnly = assignment.filter((j) => j !== undefined && candidates[j]!.askedOnly).length;
  const score = expect.tools ? toolScore({ matched, expectedCount: expected.length, callCount: calls.length + askedOnly }) : undefined;

  const problems = [
    ...(expect.tools?.length === 0 ? describeAnyCall(made) : []),
    ...describeUnmatched({ expected, calls: candidates, assignment, ordered, fits, reading, printed, limited, approvals: trace.approvals ?? [] }),
    // Stryker disable next-line ArrayDeclaration: ["Stryker was here"] only differs for a tool of that very name
    ...describeForbidden({ forbid: expect.forbid ?? [], calls: made, reading: negated(reading), printed }),
  ];
  if (problems.length === 0) return { check: 'tools', pass: true, ...(score ? { score } : {}) };
  return {
    check: 'tools',
    pass: false,
    reason: problems.join('; '),
    expected: {
      ...(expect.tools ? { tools: expect.tools } : {}),
      ...(ordered ? { order: 'ordered' } : {}),
      ...(expect.forbid ? { forbid: expect.forbid } : {}),
    },
    // The calls made, and the refused approvals no call followed, which an expected call may have been compared with.
    found: inTimeOrder(made, candidates.filter((candidate) => candidate.askedOnly)).map((call) =>
      call.askedOnly
        ? { name: call.name, arguments: call.arguments, approved: false, called: false }
        : { name: call.name, arguments: call.arguments, answer: call.answer, ...(call.approved !== undefined ? { approved: call.approved } : {}) },
    ),
    ...(score ? { score } : {}),
  };
}

/**
 * `tools: []` says the agent calls no tool: every call made fails it, whatever it was answered (a
 * rate_limit one too: it was made). Without `tools` the calls are not judged; with expected calls,
 * calls nobody expected only lower the precision.
 */
function describeAnyCall(made: readonly ToolCallRecord[]): string[] {
  if (made.length === 0) return [];
  const names = [...new Set(made.map((call) => call.name))];
  return [`expected no tool call (\`tools: []\`), ${made.length} made (${names.join(', ')})`];
}

/** A call the environment answered with a rate_limit fault: the tool did not run. */
function rateLimited(call: ToolCallRecord): boolean {
  return call.answer === 'fault' && call.error?.kind === 'rate_limit';
}

/** A call, or a refused approval that no call followed (`askedOnly`), in the order they happened. */
type Candidate = Pick<ToolCallRecord, 'name' | 'arguments' | 'approved' | 'at_ms'> & Partial<Pick<ToolCallRecord, 'answer' | 'ran'>> & { askedOnly?: true };

/** The calls, with each refused approval that no call with the same tool and arguments followed. */
function withRefusedAsks(calls: ToolCallRecord[], approvals: ApprovalRecord[]): Candidate[] {
  const asks = approvals
    .filter((ask) => !ask.approved)
    .filter((ask) => !calls.some((call) => call.name === ask.name && call.at_ms >= ask.at_ms && deepEqual(call.arguments ?? {}, ask.arguments ?? {})))
    .map((ask): Candidate => ({ name: ask.name, arguments: ask.arguments, approved: false, at_ms: ask.at_ms, askedOnly: true }));
  return inTimeOrder(calls, asks);
}

/** Calls and refused asks in the order they happened; an ask comes before a call made at the same moment: asking is what precedes a call. */
function inTimeOrder(calls: Candidate[], asks: Candidate[]): Candidate[] {
  if (asks.length === 0) return calls;
  return [...calls, ...asks].sort((a: Candidate, b: Candidate) => a.at_ms - b.at_ms || Number(Boolean(b.askedOnly)) - Number(Boolean(a.askedOnly)));
}

/** `exact: true` without `args` forbids every argument (none is named): the call takes no arguments, as `args: {}` with it says. */
function withExactArgs(expected: ExpectedCall): ExpectedCall {
  return expected.exact === true && expected.args === undefined ? { ...expected, args: {} } : expected;
}

/** One expected call and a call (or a refused ask) it may stand for, read as `reading` says. */
interface ReadCandidate {
  expected: ExpectedCall;
  call: Candidate;
  reading: RedactedReading | undefined;
}

/** Whether a call (or a refused ask) satisfies one expected call: name, arguments (subset or exact), approval. */
function candidateMatches({ expected, call, reading }: ReadCandidate): boolean {
  if (call.askedOnly && expected.approved !== false) return false;
  if (expected.name !== call.name) return false;
  if (expected.approved !== undefined && !approvalMet(expected.approved, call)) return false;
  return expected.args === undefined || matchArgs({ expected: expected.args, actual: call.arguments, exact: expected.exact, reading }).pass;
}

// Returns whether an approval is one a call made with its tool and arguments used (approved: true).
function usedBy(ask: ApprovalRecord, calls: readonly Candidate[]): boolean {
  return calls.some((call) => call.approved === true && !call.askedOnly && call.name === ask.name && deepEqual(call.arguments ?? {}, ask.arguments ?? {}));
}

/**
 * Whether a call meets an expected `approved:` (SPEC §11 Approvals): `false`, the approver refused it;
 * `true`, it was made on a granted approval and went to the tool: the tool answered (a result or its
 * own domain error), or failed in its place (an injected fault: a timeout, a 500, a 429 — the world's
 * failure the case is about, as the bundled example's refund-tool-timeout expects), or it was reported
 * to have run (`ran`). One the harness answered for the tool — not_mocked (the suite gave it no mock
 * and no handler), a policy or budget refusal, invalid arguments — reached no tool and meets no
 * `approved: true`: it tested the approval of nothing.
 */
function approvalMet(approved: boolean, call: Candidate): boolean {
  if (call.approved !== approved) return false;
  return !approved || reachedTool(call);
}

/** Whether the call went to the tool: it answered (a result or its own error), faulted in its place, or was reported to have run. */
function reachedTool(call: Candidate): boolean {
  return call.answer === 'answer' || call.answer === 'error' || call.answer === 'fault' || call.ran === true;
}

/** Precision = matched ÷ calls made, recall = matched ÷ expected, and their F1; 1 when vacuous. */
export function toolScore({ matched, expectedCount, callCount }: { matched: number } & MatchSizes): ToolScore {
  const precision = callCount === 0 ? 1 : matched / callCount;
  const recall = expectedCount === 0 ? 1 : matched / expectedCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** One sentence per expected call left unmatched, or one about the order when only the order is wrong. */
function describeUnmatched(input: {
  expected: ExpectedCall[];
  calls: Candidate[];
  assignment: Assignment;
  ordered: boolean;
  fits: (i: number, j: number) => boolean;
  reading: RedactedReading | undefined;
  printed: Printed;
  /** The tools answered rate_limit whose calls stand for no expected call. */
  limited: ReadonlySet<string>;
  approvals: readonly ApprovalRecord[];
}): string[] {
  const { expected, calls, assignment, ordered, fits, reading, printed, limited, approvals } = input;
  if (assignment.every((j) => j !== undefined)) return [];
  // Stryker disable next-line LogicalOperator: unordered, the assignment is matchUnordered's own, incomplete here
  if (ordered && matchUnordered({ expectedCount: expected.length, callCount: calls.length }, fits).every((j) => j !== undefined)) {
    // With a tool expected or called twice, names alone can read alike (`t → t, got t → t`): each call then shows its arguments.
    const repeats = (names: string[]) => new Set(names).size < names.length;
    const withArgs = repeats(expected.map((call) => call.name)) || repeats(calls.map((call) => call.name));
    const wanted = expected.map((call) => (withArgs ? formatCall({ name: call.name, args: call.args }) : call.name));
    const made = calls.map((call) => `${withArgs ? formatCall({ name: call.name, args: call.arguments }) : call.name}${call.askedOnly ? ' (refused, not called)' : ''}`);
    return [`expected calls in order ${wanted.join(' → ')}, got ${made.join(' → ')}`];
  }
  // Equivalent mutants: no filter, or the filter as `true`: an undefined in the set answers no has(j).
  // Stryker disable next-line MethodExpression: as said
  const used = new Set(assignment.filter((j): j is number => j !== undefined));
  return expected.flatMap((call, i) => (assignment[i] === undefined ? [describeMissing({ expected: call, calls, used, reading, printed, limited, approvals })] : []));
}

/** "expected call X {…} not found; closest: X {…}", the closest being the same-named call with fewest mismatches. */
function describeMissing(input: { expected: ExpectedCall; calls: Candidate[]; used: Set<number>; reading: RedactedReading | undefined; printed: Printed; limited: ReadonlySet<string>; approvals: readonly ApprovalRecord[] }): string {
  const { expected, calls, used, reading, printed, limited, approvals } = input;
  const wanted = `expected call ${formatCall(expected)} not found`;
  const candidates = calls
    .map((call, j) => ({ call, j, distance: distance({ expected, call, reading }) + (used.has(j) ? 0.5 : 0) }))
    .filter(({ call }) => call.name === expected.name)
    // Equivalent mutant: `a.j + b.j` (the candidates are in call order already and the sort is stable).
    .sort((a, b) => a.distance - b.distance || a.j - b.j);
  const closest = candidates[0];
  if (closest === undefined) return `${wanted}; ${expected.name} ${limited.has(expected.name) ? 'was answered rate_limit and not called again' : 'was never called'}`;
  const taken = used.has(closest.j) ? ' (matched by another expected call)' : '';
  const askedOnly = closest.call.askedOnly ? ' (refused, not called)' : '';
  const ranNothing = expected.approved === true && closest.call.approved === true && !reachedTool(closest.call) ? ` (approved, but it did not run: answered ${closest.call.answer})` : '';
  const hidden = printed === 'redacted' ? hiddenByRedaction({ expected, call: closest.call, reading }) : '';
  // An approval granted for other arguments (amount 5, then a call for 6) is not "not asked": it covers only its own call;
  // one a call with its arguments used (amount 5 approved and called, then 6) is that call's, and the 6 was not asked.
  const grant = expected.approved === true && closest.call.approved === undefined ? approvals.find((ask) => ask.approved && ask.name === closest.call.name && !deepEqual(ask.arguments ?? {}, closest.call.arguments ?? {}) && !usedBy(ask, calls)) : undefined;
  const approved = expected.approved === undefined || grant ? undefined : (closest.call.approved ?? null);
  const otherGrant = grant ? ` (approved: no; the approval granted was for ${formatValue(grant.arguments ?? {})}, and covers only a call with those arguments)` : '';
  return `${wanted}; closest: ${formatCall({ name: closest.call.name, args: closest.call.arguments, approved })}${otherGrant}${askedOnly}${ranNothing}${taken}${extraUnderExact({ expected, call: closest.call, reading })}${hidden}${argsDifference({ expected, actual: closest.call.arguments, reading })}`;
}

/**
 * Said when `exact: true` is what the closest call fails on: its arguments the expectation does
 * not name, which a subset match would have let through and the call's print does not single out.
 */
function extraUnderExact({ expected, call, reading }: ReadCandidate): string {
  if (expected.exact !== true || expected.args === undefined) return '';
  // A mismatch with no expected value is an argument the expectation does not name (matchArgs under exact).
  const extra = matchArgs({ expected: expected.args, actual: call.arguments, exact: true, reading }).mismatches.filter((mismatch) => mismatch.expected === undefined).map((mismatch) => mismatch.path);
  return extra.length === 0 ? '' : ` (exact: true, and it has ${extra.length === 1 ? 'an argument' : 'arguments'} the expectation does not name: ${extra.join(', ')})`;
}

/** Said when arguments of the closest call differ from the expected ones in values that print alike once redacted (two emails, both `[email]`). */
function hiddenByRedaction({ expected, call, reading }: ReadCandidate): string {
  if (expected.args === undefined) return '';
  const alike = matchArgs({ expected: expected.args, actual: call.arguments, exact: expected.exact, reading }).mismatches.flatMap((mismatch) => {
    const placeholders = typeof mismatch.expected === 'string' && typeof mismatch.found === 'string' ? printedAlike(mismatch.expected, mismatch.found) : [];
    return placeholders.length > 0 ? [{ path: mismatch.path, placeholders }] : [];
  });
  if (alike.length === 0) return '';
  const placeholders = [...new Set(alike.flatMap((entry) => entry.placeholders))].join(', ');
  const one = alike.length === 1;
  return ` (${alike.map((entry) => entry.path).join(', ')} ${one ? 'differs in a value' : 'differ in values'} that redaction prints alike, as ${placeholders}: \`--no-redact\` shows ${one ? 'it' : 'them'})`;
}

/** How far a same-named call is from the expectation: argument mismatches plus a wrong approval. */
function distance({ expected, call, reading }: ReadCandidate): number {
  const args = expected.args === undefined ? 0 : matchArgs({ expected: expected.args, actual: call.arguments, exact: expected.exact, reading }).mismatches.length;
  const approval = expected.approved !== undefined && !approvalMet(expected.approved, call) ? 1 : 0;
  return args + approval;
}

/** One sentence per forbidden entry that some call matched. */
function describeForbidden({ forbid, calls, reading, printed }: { forbid: Forbid[]; calls: ToolCallRecord[]; reading: RedactedReading | undefined; printed: Printed }): string[] {
  return forbid.flatMap((entry) => {
    const rule = typeof entry === 'string' ? { name: entry } : entry;
    const hits = calls.filter(
      (call) => call.name === rule.name && (rule.args === undefined || matchArgs({ expected: rule.args, actual: call.arguments, reading }).pass),
    );
    const first = hits[0];
    if (first === undefined) return [];
    // Equivalent mutant: the test as `false` (formatCall without arguments is the name).
    const label = rule.args === undefined ? rule.name : formatCall(rule);
    const times = hits.length > 1 ? `, ${hits.length} times` : '';
    const made = formatCall({ name: first.name, args: first.arguments });
    return [`forbidden call ${label} was made (call ${callNumber(first)}${times}: ${made})${rule.args === undefined || printed !== 'redacted' ? '' : printsRedacted(made)}`];
  });
}

/**
 * Said when the call a forbid entry's arguments matched prints redacted (`to: "[email]"` matched
 * `{regex: "evil"}` on the address itself), so that the match does not read as a mistake.
 */
function printsRedacted(made: string): string {
  const printed = redact(made);
  return printed === made ? '' : ` (its arguments print redacted, as ${placeholdersIn(printed).join(', ')}, and were matched as the agent sent them: \`--no-redact\` shows them)`;
}
