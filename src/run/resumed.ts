/** A run resumed (--resume): what the earlier sessions left, and where it goes in the new plan. */
import { AGENT_BLOCKED, blockedCode, type BlockedFile, type CaseResult, type Price, type ResultsHeader, type Trace } from '../config/schema/index.js';
import { changedPrices } from '../config/price-keys.js';
import type { AgentName } from '../config/schema/agent.js';
import { agentLabel } from '../config/agent-label.js';
import { commandHint } from '../config/command-hint.js';
import { UsageError } from '../errors.js';
import type { FigureStore } from '../score/index.js';
import { ListedKeys } from '../common/case-keys.js';
import { attemptKey, type Attempt } from './plan.js';
import type { LeftOut } from './results-file.js';
import { storedAttempt, untracedResult, type CaseFinished } from './queue.js';
import type { StoredResults } from './stored-results.js';

/** What an interrupted run left, to go on from. */
export interface ResumedRun {
  dir: string;
  header: ResultsHeader;
  /** Attempts recorded; one whose case changed since (--force) runs again. */
  finished: readonly CaseResult[];
  traces: ReadonlyMap<string, Trace>;
  /** Time the earlier sessions took, added to this one's. */
  durationMs: number;
  /** What the earlier sessions' summary says of their dollars: all replayed, or the replayed part's (absent: spent, or no summary). */
  replayed?: boolean;
  replayedUsd?: number;
  /** Requests the earlier sessions refused for a missing or wrong token (their summary.json), added to this one's. */
  unauthenticatedRequests?: number;
  /** What the earlier sessions warned of (their summary.json) that still holds of the whole run (an agent's stray stdout, a tool handler's late print): said again at its end. */
  warnings?: readonly string[];
  /** The attempts in flight when a module agent, tool handler or custom scorer blocked the process and a watchdog ended it (blocked.json). */
  blocked?: BlockedFile;
  /** Attempts the earlier sessions left out (their summary.json's `left_out`: cases removed from the suites before a `--resume --force`), not among `finished`. */
  leftOut?: readonly LeftOut[];
  /** The agent the last session ran (its summary.json; absent when it was killed outright and wrote none). */
  agent?: AgentName;
  /**
   * The run had finished (with harness errors: `--resume` runs them again), so its verdicts are in the
   * history already: this session appends only the attempts it runs, not those it keeps.
   */
  inHistory?: true;
}

/**
 * A warning when the agent now is not the one the last session ran (another name or version: the code changed
 * between the sessions), since the attempts kept are that agent's; none when the last session wrote no summary.
 */
export function agentChangedSince(input: { resume: Pick<ResumedRun, 'agent'> | undefined; agent: AgentName; kept: number }): string[] {
  const before = input.resume?.agent;
  if (before === undefined || input.kept === 0) return [];
  if (agentLabel(before) === agentLabel(input.agent)) return [];
  const kept = input.kept === 1 ? 'the 1 attempt it had finished is' : `the ${input.kept} attempts it had finished are`;
  return [`the run was resumed against ${agentLabel(input.agent)}, but its earlier session ran ${agentLabel(before)}: ${kept} that agent's, the rest this one's. Start a new run to judge one agent`];
}

const PRICES_CHANGED = 'the run was resumed at other prices than its earlier session';

/**
 * A warning when the config's `pricing:` now is not what the run's header records its earlier session
 * was priced at: the attempts kept were priced at those, the rest at these, so its costs mix two price
 * lists (and `baseline update --from` it records none: lifecycle/baseline-update.ts). Said once however
 * many sessions follow; none for a run whose header records no prices (written before they were).
 */
export function pricesChangedSince(input: { resume: Pick<ResumedRun, 'header' | 'warnings'> | undefined; pricing: Readonly<Record<string, Price>>; kept: number }): string[] {
  const before = input.resume?.header.pricing;
  if (before === undefined || input.kept === 0 || input.resume?.warnings?.some(isPricesChangedWarning)) return [];
  const keys = (prices: Readonly<Record<string, Price>>) => Object.keys(prices).sort().join('\n');
  if (keys(before) === keys(input.pricing) && changedPrices(before, input.pricing).length === 0) return [];
  return [`${PRICES_CHANGED}: its costs mix two price lists (the attempts kept were priced at the earlier ones), and \`${commandHint('baseline update')} --from\` it records no prices. Start a new run to measure its cost at one`];
}

/** Whether a run's warning says it was resumed at other prices (its costs mix two price lists). */
export function isPricesChangedWarning(warning: string): boolean {
  return warning.startsWith(PRICES_CHANGED);
}

/**
 * Whether `--resume` runs a recorded attempt again (SPEC §11: errors are not retried automatically;
 * `--last-failed` or `--resume` runs them again): one skipped at the run-wide cost cap never ran,
 * and one that ended in a harness error did not finish its case. One recorded as blocking
 * agentready's process (AGENT_BLOCKED, HANDLER_BLOCKED, SCORER_BLOCKED) stays: it would block again.
 */
export function runsAgainOnResume(result: Pick<CaseResult, 'status' | 'error'>): boolean {
  return result.status === 'skipped' || (result.status === 'error' && !blockedCode(result.error?.code));
}

/**
 * The refusal of a `--resume` that would write the attempts still to run with another redaction
 * than the run's folder was written with (its header's `redacted`; absent in older runs: no
 * refusal), or undefined. A folder is read back one way (`score`, `replay`, `merge` take a
 * placeholder in a --no-redact run for the agent's own text): redacted attempts beside raw ones
 * would fail their checks there, and raw ones would put PII in a folder that promises none. A run
 * with nothing left to run writes no attempt: its reports are redacted as asked (docs/reports.md).
 */
export function redactionClash(input: { resume: Pick<ResumedRun, 'header'>; redact: boolean; toRun: number }): UsageError | undefined {
  const { header } = input.resume;
  if (header.redacted === undefined || header.redacted === input.redact || input.toRun === 0) return undefined;
  const id = header.run_id;
  const attempts = input.toRun === 1 ? 'the 1 attempt still to run' : `the ${input.toRun} attempts still to run`;
  if (!header.redacted) {
    return new UsageError(
      `run ${id} was made with --no-redact: its folder holds the agent's text as written, and ${attempts} would be written redacted beside it (score, replay and merge read a run's folder one way)`,
      `go on as the run began: \`${commandHint(`eval --resume ${id} --no-redact`)}\`, or run \`${commandHint('eval')}\` for a new, redacted run`,
    );
  }
  return new UsageError(
    `run ${id} redacts PII in its folder: --no-redact would write the agent's text as written into it for ${attempts}`,
    `go on as the run began: \`${commandHint(`eval --resume ${id}`)}\`, or run \`${commandHint('eval --no-redact')}\` for a new run`,
  );
}

/** How the warning of attempts left out begins (`leftOutWarning`): a resumed run says it again of the whole run, not the earlier session's. */
const LEFT_OUT = 'the suites no longer have the case';

/**
 * The attempts results.jsonl holds whose case the suites no longer have (removed or renamed, under
 * `--resume --force`), as results.jsonl writes them, with those earlier sessions left out that are
 * still not planned: the run leaves them out, and its summary.json lists them (`left_out`) so that
 * every reader of the run drops them too (`withoutLeftOut`); `finished` counts those this session
 * leaves out first (the first line counts them). A result's case id may be written
 * redacted (a case id that reads as PII): it is of a planned case when either form matches (`ListedKeys`).
 */
export function leftOutSince(planned: readonly Attempt[], resume: Pick<ResumedRun, 'finished' | 'leftOut'>): { leftOut: LeftOut[]; finished: number } {
  const earlier = resume.leftOut ?? [];
  if (resume.finished.length === 0 && earlier.length === 0) return { leftOut: [], finished: 0 };
  const caseKey = (ref: { suite: string; case_id: string }) => `${ref.suite}/${ref.case_id}`;
  const listed = new ListedKeys([...resume.finished, ...earlier].map(caseKey));
  // Each planned attempt, its case key in the form results.jsonl lists it.
  const plannedKeys = new Set<string>();
  let last: Attempt['kase'] | undefined;
  let form: string | undefined;
  for (const { suite, kase, attempt } of planned) {
    if (kase !== last) form = listed.formOf(caseKey({ suite: suite.name, case_id: kase.id }));
    last = kase;
    if (form !== undefined) plannedKeys.add(`${form}\0${attempt}`);
  }
  const gone = (ref: LeftOut) => !plannedKeys.has(`${caseKey(ref)}\0${ref.attempt}`);
  const finished = resume.finished.filter(gone).map(({ suite, case_id, attempt }) => ({ suite, case_id, attempt }));
  return { leftOut: [...finished, ...earlier.filter(gone)], finished: finished.length };
}

/** Cases named in the warning of attempts left out. */
const LEFT_OUT_NAMED = 3;

/** The warning of the attempts a resumed run left out (`leftOutSince`), naming their cases; none when it left none out. */
export function leftOutWarning(leftOut: readonly LeftOut[]): string[] {
  if (leftOut.length === 0) return [];
  const cases = [...new Set(leftOut.map((ref) => `${ref.suite}/${ref.case_id}`))];
  const named = cases.slice(0, LEFT_OUT_NAMED).join(', ') + (cases.length > LEFT_OUT_NAMED ? `, … (${cases.length - LEFT_OUT_NAMED} more)` : '');
  const attempts = leftOut.length === 1 ? 'its 1 attempt the run had finished is' : `their ${leftOut.length} attempts the run had finished are`;
  return [
    `${LEFT_OUT}${cases.length === 1 ? '' : 's'} ${named} (removed or renamed since the run started): ${attempts} left out of the run, which counts the suites' cases as they are now; results.jsonl keeps the lines, and summary.json lists them under left_out, so compare, merge, baseline update --from, the card and the weekly review leave them out too`,
  ];
}

/** Whether a warning an earlier session recorded is of the attempts it left out: the resumed run says it again, of all it leaves out. */
export function isLeftOutWarning(warning: string): boolean {
  return warning.startsWith(LEFT_OUT);
}

/** The planned attempts an earlier session finished, with their traces; a changed case, a lost trace or a harness error runs again. */
export function keptAttempts(planned: readonly Attempt[], resume: ResumedRun): CaseFinished[] {
  const byKey = new Map(resume.finished.map((result) => [attemptKey(result), result]));
  return planned.flatMap((attempt): CaseFinished[] => {
    const result = byKey.get(attemptKey({ suite: attempt.suite.name, case_id: attempt.kase.id, attempt: attempt.attempt }));
    // An attempt skipped at the run-wide cost cap did not run, and one that ended in a harness error did not finish: it runs now.
    if (!result || runsAgainOnResume(result) || result.fingerprint !== attempt.kase.fingerprint) return [];
    const finished = storedAttempt({ result, trace: resume.traces.get(result.trace_id) }, attempt);
    return finished ? [finished] : [];
  });
}

/**
 * Places the attempts an earlier session finished (--resume) in the plan, with their results and
 * figures, and returns the plan index of each attempt still to run. Without a resume the attempts
 * to run are the plan itself, in its order: undefined, the index is the attempt's own (no key per
 * attempt, no map of 100,000 of them).
 */
export function placeKept(input: {
  planned: readonly Attempt[];
  kept: readonly CaseFinished[];
  attempts: readonly Attempt[];
  stored: StoredResults;
  figures: FigureStore;
  /** `attempts` are not in plan order (suspects of a block first). */
  reordered?: boolean;
}): number[] | undefined {
  const { planned, kept, attempts } = input;
  if (kept.length === 0 && attempts.length === planned.length && !input.reordered) return undefined;
  const planIndex = new Map(planned.map(({ suite, kase, attempt }, index) => [attemptKey({ suite: suite.name, case_id: kase.id, attempt }), index]));
  for (const { result } of kept) {
    const index = planIndex.get(attemptKey(result))!;
    input.stored.hold(index, result);
    input.figures.record(index, result);
  }
  return attempts.map(({ suite, kase, attempt }) => planIndex.get(attemptKey({ suite: suite.name, case_id: kase.id, attempt }))!);
}

/**
 * How many attempts an earlier session finished whose case changed since (under --force): they
 * run again, and the first line says so. One whose trace was lost (a run killed between its two
 * writes) runs again too, but as one that had not finished: its case did not change.
 */
export function changedSince(planned: readonly Attempt[], resume: Pick<ResumedRun, 'finished'>): number {
  const fingerprints = plannedFingerprints(planned);
  let changed = 0;
  for (const result of resume.finished) {
    const now = fingerprints.get(attemptKey(result));
    if (!runsAgainOnResume(result) && now !== undefined && now !== result.fingerprint) changed++;
  }
  return changed;
}

/** How many planned attempts an earlier session recorded as ending in a harness error that runs again (`runsAgainOnResume`): the first line says so. */
export function erroredBefore(planned: readonly Attempt[], resume: Pick<ResumedRun, 'finished'>): number {
  const fingerprints = plannedFingerprints(planned);
  let errored = 0;
  for (const result of resume.finished) if (result.status === 'error' && runsAgainOnResume(result) && fingerprints.has(attemptKey(result))) errored++;
  return errored;
}

// Returns each planned attempt's case fingerprint by its attemptKey.
function plannedFingerprints(planned: readonly Attempt[]): Map<string, string> {
  return new Map(planned.map(({ suite, kase, attempt }) => [attemptKey({ suite: suite.name, case_id: kase.id, attempt }), kase.fingerprint]));
}

/**
 * What blocked.json says of the attempts an earlier session had in flight when a module agent, a
 * tool handler or a custom scorer blocked its process. One alone in flight blocked it: recorded as
 * an error before the rest run (AGENT_BLOCKED; HANDLER_BLOCKED or SCORER_BLOCKED, its message
 * naming the handler or scorer, when the user code's watchdog named it): run again, it would
 * block the process again — unless its case changed since (--force), when it runs again, first and
 * alone. Several: which one blocked is not known, so none is blamed: they are `suspects`, run first and one at a time, so one that blocks
 * again is named alone for the next `--resume` to record.
 */
export function blockedAttempts(planned: readonly Attempt[], input: { resume: ResumedRun; kept: readonly CaseFinished[] }): { recorded: CaseFinished[]; suspects: ReadonlySet<string> } {
  const blocked = input.resume.blocked;
  const done = new Set(input.kept.map(({ result }) => attemptKey(result)));
  const named = new Set((blocked?.attempts ?? []).map(attemptKey).filter((key) => !done.has(key)));
  if (!blocked || named.size !== 1 || blocked.attempts.length !== 1 || blocked.in_flight !== 1) return { recorded: [], suspects: named };
  const culprit = blocked.attempts[0]!;
  const attempt = planned.find(({ suite, kase, attempt: n }) => named.has(attemptKey({ suite: suite.name, case_id: kase.id, attempt: n })));
  if (!attempt) return { recorded: [], suspects: new Set() };
  // Its case changed since (--force): the fix may have worked, so it runs again, as a suspect (first, alone).
  if (culprit.fingerprint !== undefined && culprit.fingerprint !== attempt.kase.fingerprint) return { recorded: [], suspects: named };
  const error = culprit.code !== undefined && culprit.by !== undefined
    ? { code: culprit.code, message: `${culprit.by} blocked agentready's process for ${blocked.blocked_ms} ms, and the watchdog ended the run: a loop that never ends, or a long synchronous computation, cannot be stopped in agentready's process; make it return or await` }
    : { code: AGENT_BLOCKED, message: `the module agent blocked agentready's process for ${blocked.blocked_ms} ms in this case, and the watchdog ended the run: a loop that never ends, or a long synchronous computation, cannot be stopped in agentready's process (the stdio adapter can stop an agent that hangs)` };
  return { recorded: [{ kind: 'not_run', attempt, result: untracedResult(attempt, { status: 'error', duration_ms: blocked.blocked_ms, error }) }], suspects: new Set() };
}
