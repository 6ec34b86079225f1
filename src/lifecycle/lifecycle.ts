/**
 * One run, from its first case to its exit decision, for every command that runs or reads cases
 * (eval, score, baseline update, compare; replay, merge and resume later): a case source plays
 * the cases into the reporters → the run ends (completed, interrupted, short) → metrics → the
 * command's judgement (gate, readiness, none) → onRunEnd (the OTLP file with the reporters) →
 * the history lines → onExit → the exit decision → summary.json, written last so it records the
 * exit the process takes. Prints nothing: the cli action prints what the returned outcome says.
 */
import { basename, join } from 'node:path';
import { redactions } from '../common/redact-deep.js';
import type { CaseResult, KillSwitchSummary, MetricsBySlice, ModelUsageBySlice } from '../config/schema/index.js';
import { stopSignalOf } from '../errors.js';
import { UNDECIDABLE, type FigureFold } from '../score/index.js';
import { KillSwitchTally, RunFiguresTally, quarantineReasonsCleaned, runCostCap, runEndOf, type RunEnd } from '../gate/index.js';
import { ReporterHub, type ReporterFailure } from '../report/hub.js';
import { gatewayBypassedWarning, noUsageWarning, unpricedWarnings } from '../report/format-models.js';
import { describeCapOvershoot } from '../report/headline.js';
import type { Reporter } from '../report/reporter.js';
import { HistoryAhead, OtlpFileWriter, releaseRun, runsAgainOnResume, writeSummaryFile, refusedWrite, SUMMARY_FILE, type SessionResult } from '../run/index.js';
import { decideExit, type ExitDecision, type Judgement, type RunOutcome } from './exit.js';
import { historyTextOf, learnRunPart, recordHistory, type History } from './project-history.js';
import { summaryFile, toPlan, toRunSummary } from './run-summary.js';
import type { CaseSource } from './sources.js';

/** How the command judges a run that completed, given its results and metrics. */
export type Judge = (input: { session: SessionResult; metrics: MetricsBySlice; readiness: KillSwitchSummary | undefined }) => Judgement | Promise<Judgement>;

export interface LifecycleOptions {
  source: CaseSource;
  reporters: readonly Reporter[];
  judge: Judge;
  /** Aborted on Ctrl-C or SIGTERM, with a `StopRequest` naming which as its reason. */
  signal: AbortSignal;
  /** Above this share of harness errors the run is incomplete (exit 3); `run.max_error_rate`. */
  maxErrorRate: number;
  /** `--kill-switch`: tally the readiness check as cases end; it goes to summary.json. */
  killSwitch: boolean;
  /** Where paths in what reporters see are relative to. */
  cwd: string;
  /** Called as the run begins (its folder made, its first cases next): from then on `eval --resume` can go on with it. */
  onRunStart?: () => void;
  /** `--otlp`: also write the run (interrupted ones too) as OTLP/JSON to this absolute path (`shown`: as the user gave it, for messages). */
  otlp?: { file: string; shown?: string; agentreadyVersion: string } | undefined;
  /**
   * Append each attempt's verdict to the history file when the run was not interrupted (eval; not
   * the kill switch), with the git commit: asked for once the run's first cases are under way,
   * waited for only here.
   */
  history?: History | undefined;
  /** The cost thresholds the run is held to, as `costThresholdsOf` names them: warned of when no case reported any usage. */
  costThresholds?: readonly string[];
  /** `eval`: `eval --resume` goes on with the run, so the exit line of one incomplete by harness errors says it runs them again. */
  resumable?: boolean;
}

/** What the command prints and exits with. */
export interface LifecycleOutcome {
  exit: ExitDecision;
  end: RunEnd;
  /** Absent when the run never started (interrupted while the agent was starting). */
  session?: SessionResult;
  readiness?: KillSwitchSummary;
  warnings: string[];
  reporterFailures: ReporterFailure[];
  /** Every output of the run, in order: the reporters, then the `--otlp` file; those with a path and no failure are the files it wrote. */
  outputs: readonly Reporter[];
  judgement?: Judgement;
  metrics?: MetricsBySlice;
  /** The run's model usage by slice, computed once for the reporters and summary.json. */
  models?: ModelUsageBySlice;
}

export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleOutcome> {
  // The OTLP file is one more output of the run: it sees what the reporters see, redacted alike.
  const otlp = options.otlp ? [new OtlpFileWriter(options.otlp.file, { version: options.otlp.agentreadyVersion, shown: options.otlp.shown })] : [];
  const outputs: readonly Reporter[] = [...options.reporters, ...otlp];
  const hub = new ReporterHub(outputs);
  const tally = options.killSwitch ? new KillSwitchTally() : undefined;
  const unpriced = new Set<string>();
  // Whether a case ran, and whether one reported any usage: with none, no cost threshold can trip.
  const seen: { usage: 'none_ran' | 'none_reported' | 'reported' } = { usage: 'none_ran' };
  // Under --models record|replay: the cases whose usage the agent reported itself, and whether the gateway measured any call.
  const gateway = { bypassed: new Set<string>(), measured: false };
  // The run's metrics and model usage added up, and its history lines made, as its attempts end.
  const figureTally = new RunFiguresTally();
  const historyAhead = options.history ? new HistoryAhead() : undefined;
  const folds: FigureFold[] = historyAhead ? [figureTally, historyAhead] : [figureTally];
  const figureFold: FigureFold = {
    add: (figures) => {
      for (const fold of folds) fold.add(figures);
    },
    stale: () => {
      for (const fold of folds) fold.stale();
    },
  };
  let concluded: Omit<LifecycleOutcome, 'exit' | 'reporterFailures' | 'outputs'> | undefined;
  const clean = redactions(options.source.redact);
  try {
    const session = await options.source
      .run({
        signal: options.signal,
        figureFold,
        onStart: async (start) => {
          options.onRunStart?.();
          await hub.onRunStart(toPlan({ start, killSwitch: options.killSwitch, origin: options.source.origin ?? { kind: 'live' } }));
          // The source goes on to its first cases in this turn of the loop (a live run hands them to
          // the agent, its lines flushed on the next tick); git is asked once that is done.
          const { history } = options;
          if (history) setImmediate(() => void history.checkout().then((checkout) => learnRunPart({ ahead: historyAhead, start, config: history.config, shards: history.shards, checkout })));
        },
        onCaseEnd: (finished) => {
          const { result, attempt } = finished;
          if (finished.kind === 'not_run') return hub.onCaseEnd({ kind: 'not_run', result, location: attempt.kase.location });
          const { trace } = finished;
          tally?.add({ result, trace, tools: attempt.kase.tools ?? attempt.suite.tools });
          for (const entry of trace.usage) if (!entry.priced) unpriced.add(entry.model);
          if (seen.usage !== 'reported') seen.usage = trace.usage.length > 0 ? 'reported' : 'none_reported';
          if (options.source.models && trace.usage.length > 0) {
            if (trace.usage.some((entry) => entry.via === 'gateway')) gateway.measured = true;
            else gateway.bypassed.add(`${result.suite}/${result.case_id}`);
          }
          return hub.onCaseEnd({ kind: 'ran', result, trace, location: attempt.kase.location });
        },
      })
      .catch((error: unknown) => {
        // Ctrl-C while the agent was starting: no case ran and there is no run folder.
        if (options.signal.aborted) return undefined;
        throw error;
      });
    if (session !== undefined) {
      // The history's text is made while the agent stops (the stop is mostly a wait for the agent's
      // exit, ~10-25 ms over stdio) and written only once the run is known not interrupted: a
      // Ctrl-C during the stop leaves the history alone, as before.
      const historyText = options.history ? historyTextOf({ session, history: options.history, ahead: historyAhead }) : undefined;
      historyText?.catch(() => undefined);
      // The attempts' figures are final: the last ones are added while the agent stops.
      let figures: RunFigures;
      try {
        figures = figureTally.finish(session.figures, session.repeat);
      } finally {
        await session.stopped;
      }
      // Ctrl-C after the last case ended, while the agent was being stopped: still an interrupted run.
      if (options.signal.aborted) session.interrupted = true;
      // A model with no price costs $0 in every figure, which blinds the cost gate: say so.
      // A cap is checked as each case starts: the cases running when the run reached it can take it past it: say by how much.
      const cap = runCostCap({ ...session, spentUsd: figures.metrics.overall.cost_total });
      const overshoot = cap && describeCapOvershoot(cap, session);
      // The one place a run's warnings are redacted, whichever source made them: they may quote the agent (a line it wrote, a model id it reported).
      // Each said once, as redacted: a merge's shards, and the run's own figures, may warn of the same unpriced model, and a
      // resumed run's earlier session's warnings (its summary.json's, redacted) of what this session warns of as written.
      session.warnings = [
        ...new Set(
          [
            ...session.warnings,
            ...unpricedWarnings(unpriced),
            // The figures hold every attempt of the run: a resumed run's earlier cases may have reported usage.
            ...(seen.usage === 'none_reported' && figures.models.overall.length === 0 && options.costThresholds?.length ? [noUsageWarning(options.costThresholds)] : []),
            ...(overshoot ? [overshoot] : []),
            ...(options.source.models && gateway.bypassed.size > 0 && !gateway.measured ? [gatewayBypassedWarning({ mode: options.source.models, cases: gateway.bypassed.size })] : []),
          ].map(clean.text),
        ),
      ];
      concluded = await conclude({ session, figures, hub, options, readiness: tally?.summary() });
      // An interrupted run leaves the history alone: it is resumed (and then recorded whole) or dropped. So
      // does one stopped at budgets.max_run_cost_usd with cases left: its resume records it whole too.
      if (historyText && options.history && concluded.end.kind !== 'interrupted' && concluded.end.kind !== 'skipped_for_cost') await recordHistory({ session, file: options.history.file, text: historyText, redactText: clean.text });
    }
  } finally {
    await hub.onExit();
  }
  // No session: stopped while the agent was starting (any other failure has thrown).
  concluded ??= { end: { kind: 'interrupted', started: false, signal: stopSignalOf(options.signal) }, warnings: [] };
  const judgement = concluded.judgement ?? { kind: 'ungated' as const };
  const exit = decideExit({ end: concluded.end, judgement, reporterFailures: hub.errors.length, ...rerunnableErrors(concluded, options) });
  if (concluded.session && options.source.writesRunFolder) {
    const dir = concluded.session.run_dir;
    try {
      if (concluded.metrics && concluded.models) writeSummaryFile(dir, summaryFile({ ...concluded, session: concluded.session, metrics: concluded.metrics, models: concluded.models, exit }));
    } catch (error) {
      throw refusedWrite({ file: join(dir, SUMMARY_FILE), error, resumeId: options.resumable ? basename(dir) : undefined });
    } finally {
      // running.json was kept until the folder's last write: a `--resume` begun before summary.json would take the run for interrupted.
      releaseRun(dir);
    }
  }
  return { ...concluded, exit, reporterFailures: [...hub.errors], outputs };
}

/**
 * An eval run's harness errors that `eval --resume` runs again, and how many of them are cassette
 * misses, counted when they left it incomplete; for a merge, the same of its shards' errors and the
 * shard runs to resume (`rerunIn`); none for another command.
 */
function rerunnableErrors(
  concluded: { end: RunEnd; session?: SessionResult | undefined },
  options: Pick<LifecycleOptions, 'resumable'>,
): Pick<RunOutcome, 'rerunnable' | 'cassetteMisses' | 'rerunIn'> {
  const shards = concluded.session?.errored_in_shards;
  if ((!options.resumable && !shards) || !concluded.session || (concluded.end.kind !== 'too_many_errors' && concluded.end.kind !== 'no_results')) return {};
  let rerunnable = 0;
  let cassetteMisses = 0;
  for (const result of concluded.session.results) {
    if (result.status !== 'error' || !runsAgainOnResume(result)) continue;
    rerunnable++;
    if (result.error?.code === 'CASSETTE_MISS') cassetteMisses++;
  }
  return { rerunnable, cassetteMisses, ...(shards ? { rerunIn: shards } : {}) };
}

/** A run's metrics and model usage, overall and by slice. */
type RunFigures = { metrics: MetricsBySlice; models: ModelUsageBySlice };

/** The end, the judgement and onRunEnd. */
async function conclude(input: {
  session: SessionResult;
  figures: RunFigures;
  hub: ReporterHub;
  options: LifecycleOptions;
  readiness: KillSwitchSummary | undefined;
}): Promise<Omit<LifecycleOutcome, 'exit' | 'reporterFailures' | 'outputs'>> {
  const { session, hub, readiness } = input;
  const { metrics, models } = input.figures;
  const interrupted = session.interrupted ? stopSignalOf(input.options.signal) : undefined;
  const end = withUndecidable(runEndOf({ ...session, interrupted, counts: metrics.overall, maxErrorRate: input.options.maxErrorRate }), session.results);
  // An interrupted run is not judged: the verdict of a part would read as the whole's.
  const judged = end.kind === 'interrupted' ? undefined : await input.options.judge({ session, metrics, readiness });
  const judgement = judged?.kind === 'gate' ? { ...judged, verdict: quarantineReasonsCleaned(judged.verdict, redactions(input.options.source.redact).text) } : judged;
  const summary = toRunSummary({ session, metrics, models, end, cwd: input.options.cwd });
  if (readiness) summary.readiness = { tally: readiness, judged: judgement?.kind === 'readiness' };
  await hub.onRunEnd(summary, judgement?.kind === 'gate' ? judgement.verdict : undefined);
  return {
    end,
    session,
    warnings: session.warnings,
    metrics,
    models,
    ...(readiness ? { readiness } : {}),
    ...(judgement ? { judgement } : {}),
  };
}

/** A run with errors (past its error rate, with no result, or within the rate), with how many of them were attempts its redacted traces could not decide (read back only then). */
function withUndecidable(end: RunEnd, results: Iterable<CaseResult>): RunEnd {
  if (end.kind !== 'too_many_errors' && end.kind !== 'no_results' && !(end.kind === 'completed' && end.tolerated)) return end;
  let undecidable = 0;
  for (const result of results) if (result.error?.code === UNDECIDABLE) undecidable++;
  if (undecidable === 0) return end;
  return end.kind === 'completed' ? { ...end, tolerated: { ...end.tolerated!, undecidable } } : { ...end, undecidable };
}
