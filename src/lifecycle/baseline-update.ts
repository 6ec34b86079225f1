/**
 * `baseline update`'s decisions: whether a run may become the baseline (the refusals are
 * baseline-refusal.ts'; under --from, snapshotResults: refuseSnapshot, then noCaseRefusal and
 * baselineRefusal of the lines plannedResults keeps), and
 * writing it (writeBaselineFrom: the quarantined cases held back, the figures kept within noise,
 * the changes, the gate it would now pass or fail). The command prints what they return.
 */
import { gitCheckout } from '../common/git.js';
import { makeFolderFor } from '../common/make-folder.js';
import { writeWholeFile } from '../common/write-whole.js';
import { plural } from '../common/plural.js';
import { ConfigError, HarnessError, type ConfigIssue } from '../errors.js';
import { utcDay, type ResolvedConfig } from '../config/index.js';
import type { AgentName } from '../config/schema/agent.js';
import type { CaseResult, MetricsBySlice, Suite } from '../config/schema/index.js';
import { attemptKey, attemptLines, isPricesChangedWarning, planAttempts, plannedRepeat, ranFingerprint, redactedRun, RESULTS_FILE, selectCases, type RunRecord } from '../run/index.js';
import { redactions } from '../common/redact-deep.js';
import { adoptPriorFingerprints, baselineChanges, buildBaseline, computeMetrics, foldCases, runAttempts, decideVerdict, failedExplanations, holdQuarantined, keepSteadyFigures, quarantinedCases, readBaseline, serializeBaseline, splitQuarantined } from '../gate/index.js';
import { formatAllQuarantined, formatBaselineChanges, formatBaselineUnreadable, formatGateStillFails, formatQuarantineHeld, formatUnevenAttempts } from '../report/format-baseline.js';
import { shownPath } from '../config/shown-path.js';
import { baselineRefusal, noCaseRefusal, refuseSnapshot, skippedRefusal } from './baseline-refusal.js';
import { modelsPriced, pricesMovedLine } from './price-changes.js';
import { pricesUsed } from '../config/price-keys.js';

/** What `baseline update --from` is given: the run, the suites here, --force, the command's redaction (`clean`) and the folder as the user named it (`shown`). */
export interface SnapshotArgs {
  run: Pick<RunRecord, 'dir' | 'header' | 'results' | 'killSwitch' | 'incomplete'>;
  suites: readonly Suite[];
  force: boolean;
  clean: (text: string) => string;
  shown: string;
}

/**
 * The results `baseline update --from` records: the run's planned ones (plannedResults, with a
 * warning for each line left out), once refuseSnapshot took the run and baselineRefusal took
 * them; a baseline of no case (an interrupted run that finished no attempt, or whose every case is
 * partial: noCaseRefusal) is refused even forced. The refusal judges the lines the baseline would record: a harness error on a line added
 * by hand does not refuse the run, nor does a passing one hide that every attempt the run made
 * ended in one agent_error.
 */
export function snapshotResults(args: SnapshotArgs): { results: CaseResult[]; leftOut: ConfigIssue[] } {
  refuseSnapshot(args);
  const planned = plannedResults(args);
  // Nothing to record, --force or not: a baseline of no case accepts no failure and reads every case as added.
  const empty = noCaseRefusal({ results: planned.results, run: args.run.header.run_id, planned: plannedRepeat(args.run) ?? 1 });
  if (empty) throw empty;
  // The run may have been made with --no-redact: what the refusal quotes of it is redacted, unless the command is told --no-redact.
  const skipped = planned.results.filter((r) => r.status === 'skipped').length;
  const refusal = (args.force ? undefined : skippedRefusal({ skipped, run: args.run.header.run_id, from: true })) ?? baselineRefusal(planned.results, { force: args.force, clean: args.clean });
  if (refusal) throw new HarnessError('RUN_INCOMPLETE', refusal);
  return planned;
}

/**
 * The results of a run `--from` names that a session of it could have written: the attempts it
 * planned, every case of the suites as many times as its header's `repeat` (one when it names
 * none), as `--resume` plans them and keeps its finished ones. A line added by hand, for a case
 * the suites lack or an attempt past the run's repeat, is left out, as `--resume` leaves it out:
 * each is a warning at its line of results.jsonl (`shown`: the folder as the user named it).
 */
export function plannedResults(args: { run: Pick<RunRecord, 'dir' | 'header' | 'results'>; suites: readonly Suite[]; shown: string }): { results: CaseResult[]; leftOut: ConfigIssue[] } {
  const { run } = args;
  const repeat = plannedRepeat(run) ?? 1;
  const planned = new Set(planAttempts(selectCases(args.suites, {}), repeat).map(({ suite, kase, attempt }) => attemptKey({ suite: suite.name, case_id: kase.id, attempt })));
  const unplanned = run.results.filter((result) => !planned.has(attemptKey(result)));
  if (unplanned.length === 0) return { results: run.results, leftOut: [] };
  const cases = new Set(args.suites.flatMap((suite) => suite.cases.map((kase) => `${suite.name}\0${kase.id}`)));
  const lines = attemptLines(run.dir, new Set(unplanned.map(attemptKey)));
  const file = `${args.shown}/${RESULTS_FILE}`;
  const leftOut = unplanned.map((result): ConfigIssue => ({
    file,
    line: lines.get(attemptKey(result)) ?? 1,
    column: 1,
    path: '',
    code: 'unplanned_attempt',
    severity: 'warning',
    message: cases.has(`${result.suite}\0${result.case_id}`)
      ? `left out of the baseline: attempt ${result.attempt} of ${result.suite}/${result.case_id} is past the run's repeat (${repeat}), so no session of run ${run.header.run_id} wrote it`
      : `left out of the baseline: ${result.suite}/${result.case_id} is no case of the suites, so no session of run ${run.header.run_id} ran it`,
  }));
  return { results: run.results.filter((result) => planned.has(attemptKey(result))), leftOut };
}

/**
 * Writes the baseline from a run that already exists (`--from`): its results and what it says of
 * the agent redacted as a run writes them, unless the command is told --no-redact. The run may
 * have been made with --no-redact, or copied from elsewhere (a CI artifact): the baseline is
 * committed, and its case keys and the gate's lines quoting them are printed.
 */
export function writeBaselineFromRun(args: { config: ResolvedConfig; run: RunRecord; redact: boolean }): Promise<string> {
  const run = redactedRun(args.run, redactions(args.redact));
  const planned = plannedRepeat(run) ?? 1;
  return writeBaselineFrom({
    config: args.config,
    results: run.results,
    // A case that ran fewer attempts than planned (an interrupted run, forced) is no pass in pass^k / pass@k.
    metrics: computeMetrics(run.results, planned),
    agent: run.agent ?? { name: 'unknown' },
    adapter: run.adapter ?? 'unknown',
    fingerprint: ranFingerprint(run),
    planned,
    // The prices the run was priced at (its header's), not the config's now: older runs did not record them.
    // A run resumed at other prices (its warning says so) was priced at two: it records none.
    pricing: run.warnings?.some(isPricesChangedWarning) ? {} : (run.header.pricing ?? args.config.pricing),
  });
}

/** The cases of `results` that ran some attempts but fewer than `planned` and failed none: folded skipped, no baseline records them. */
function leftOutIncomplete(results: readonly CaseResult[], planned: number | undefined): number {
  let count = 0;
  for (const verdict of foldCases(results, planned).values()) if (verdict.status === 'skipped' && verdict.attempts.some((a) => a.status !== 'skipped')) count++;
  return count;
}

/** Writes the baseline from a run's results; returns what says so, for the command to print once the run's exit is known. */
export async function writeBaselineFrom(args: {
  config: ResolvedConfig;
  results: CaseResult[];
  metrics: MetricsBySlice;
  agent: AgentName;
  adapter: string;
  fingerprint: string;
  /** The attempts a case the run planned (its --repeat), under --from: an interrupted run's cases may have run fewer. */
  planned?: number;
  /** The prices the results' calls were priced at, under --from (the run's header's); the config's when not given. */
  pricing?: ResolvedConfig['pricing'];
}): Promise<string> {
  const { config, results } = args;
  const measured = buildBaseline({
    results,
    metrics: args.metrics,
    agent: args.agent,
    adapter: args.adapter,
    // The code measured: HEAD, and whether tracked files had changes not committed (the baseline's own, from an earlier update, not counted).
    checkout: await gitCheckout(config.rootDir, { besides: [config.baselinePath] }),
    fingerprint: args.fingerprint,
    planned: args.planned,
    // The prices the run's calls were priced at, so a later gate can tell a cost moved by a price from one moved by the agent.
    pricing: pricesUsed(args.pricing ?? config.pricing, modelsPriced(results)),
  });
  // A corrupt committed baseline (a merge left conflict markers, say) is replaced: it has no figures worth keeping, and the user is told.
  let unreadable: string | undefined;
  const read = await readBaseline(config.baselinePath).catch((error: unknown) => {
    unreadable = error instanceof ConfigError && error.issues[0] ? error.issues[0].message : error instanceof Error ? error.message : String(error);
    return undefined;
  });
  // Compared as eval's gate compares it: a record under a case's prior fingerprint is of that case unchanged, not edited since.
  const committed = read && adoptPriorFingerprints(read, config.suites.flatMap((suite) => suite.cases));
  // A quarantined case's result is not its known state: its previous record is kept, or it is left out.
  const quarantined = quarantinedCases(config.suites, utcDay(new Date()));
  const { baseline: next, held } = holdQuarantined({ next: measured, previous: committed, results, quarantined });
  // Every case that ran quarantined: nothing the gate counts was measured. A baseline of it would record no
  // case (or only the previous records) and empty metrics, which no relative threshold can compare with.
  if (held.length > 0 && splitQuarantined(results, quarantined).gated.length === 0) {
    const previous = committed ? { kind: 'read' as const } : unreadable === undefined ? { kind: 'none' as const } : { kind: 'unreadable' as const, why: unreadable };
    return formatAllQuarantined({ held, shown: shownPath(config.baselinePath), previous });
  }
  const { baseline, kept } = keepSteadyFigures({ next, previous: committed, gate: config.gate });
  const changes = committed
    ? formatBaselineChanges(baselineChanges(committed, baseline))
    : unreadable !== undefined
      ? formatBaselineUnreadable(unreadable)
      : '';
  // `baseline: baselines/agent.json` names a folder the first update makes, as a reporter's path does.
  makeFolderFor(config.baselinePath);
  // Whole or not at all: a kill or a full disk mid-write would leave the committed baseline torn, and every gate after refusing it.
  writeWholeFile(config.baselinePath, serializeBaseline(baseline));
  // The gate this run gets against the baseline it became, as eval would judge it.
  const verdict = decideVerdict({
    metrics: args.metrics,
    results,
    gate: config.gate,
    baseline,
    baselinePath: shownPath(config.baselinePath),
    quarantined,
    planned: args.planned,
  });
  const stillFails = verdict.pass ? '' : formatGateStillFails(failedExplanations(verdict));
  const cases = Object.values(baseline.cases);
  const passed = cases.filter((c) => c.status === 'passed').length;
  const flaky = cases.filter((c) => c.flaky).length;
  return (
    `Wrote ${shownPath(config.baselinePath)}: ${plural(cases.length, 'case')}, ${passed} passing${flaky > 0 ? `, ${flaky} flaky` : ''}. Commit it so pull requests show its diff.\n` +
    changes +
    formatUnevenAttempts({ range: runAttempts(foldCases(results)), planned: args.planned, leftOut: leftOutIncomplete(results, args.planned) }) +
    formatQuarantineHeld(held) +
    (committed ? pricesMovedLine({ previous: committed, next: baseline }) : '') +
    (kept > 0 ? `${plural(kept, 'figure')} (timings, costs) within noise of the committed baseline kept as ${kept === 1 ? 'it was' : 'they were'}, so the diff shows what changed.\n` : '') +
    stillFails
  );
}
