/** `--reporter json`: the whole finished run as one JSON file, for scripts and dashboards. */
import { fsPromises } from '../common/fs-promises.js';
import { makeFolderFor } from '../common/make-folder.js';
import type { Verdict } from '../gate/types.js';
import { headlineOf } from './headline.js';
import type { Reporter, RunPlan, RunSummary } from './reporter.js';
import { jsonText } from '../common/sanitize.js';

export class JsonReporter implements Reporter {
  /** Attempts the run planned: an interrupted run's report counts those that did not finish. */
  private planned: number | undefined;

  /** `path` is absolute, resolved by the registry. */
  constructor(readonly path: string) {}

  onRunStart(plan: RunPlan): void {
    this.planned = plan.total;
  }

  async onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    makeFolderFor(this.path);
    const { writeFile } = fsPromises();
    await writeFile(this.path, formatJsonReport(this.planned === undefined ? summary : { ...summary, planned: this.planned }, verdict));
  }
}

/**
 * The report file's text; results arrive redacted, so nothing is filtered here. `planned`: the
 * attempts the run planned (RunPlan's `total`), against which an interrupted run's `not_run` is counted.
 */
export function formatJsonReport(summary: RunSummary & { planned?: number }, verdict: Verdict | undefined): string {
  const report = {
    format: 'agentready-report',
    version: 1,
    run_id: summary.run_id,
    agent: summary.agent,
    adapter: summary.adapter,
    started_at: summary.started_at,
    finished_at: summary.finished_at,
    duration_ms: summary.duration_ms,
    interrupted: summary.interrupted,
    // An interrupted run's attempts that did not finish (the junit file's `run interrupted` testcase counts them too), or null.
    not_run: summary.end.kind === 'interrupted' && summary.planned !== undefined ? Math.max(0, summary.planned - summary.metrics.overall.attempts) : null,
    // Why the run could not be completed (exit 3 whatever verdict.pass says: the gate was not decided), or null.
    incomplete: incompleteReason(summary, verdict),
    // The harness errors a completed run had within run.max_error_rate (gate/run-end.ts), which the headline names after a pass; else null.
    tolerated_errors: toleratedErrors(summary.end),
    unauthenticated_requests: summary.unauthenticated_requests,
    // summary.json's: a script reading only this file learns that the cost is understated (a model with no price), as the terminal says.
    warnings: [...summary.warnings],
    metrics: summary.metrics,
    models: summary.models,
    // `--models replay`: the dollars are the cassettes' recorded cost, not money spent (summary.json's replayed).
    ...(summary.replayed ? { replayed: true } : {}),
    // Only part of it (a --resume or merge of sessions under different --models): that part's dollars (summary.json's replayed_usd).
    ...(summary.replayed_usd === undefined ? {} : { replayed_usd: summary.replayed_usd }),
    verdict: verdict ?? null,
    // `eval --kill-switch`: the readiness check's tally, as summary.json holds it.
    ...(summary.readiness ? { kill_switch: summary.readiness.tally } : {}),
    results: [...summary.results],
  };
  return `${jsonText(report, 2)}\n`;
}

// A completed run's tolerated harness errors, in the report's snake_case, or null.
function toleratedErrors(end: RunSummary['end']): { errors: number; counted: number; max_error_rate: number; undecidable?: number } | null {
  if (end.kind !== 'completed' || end.tolerated === undefined) return null;
  const { errors, counted, maxErrorRate, undecidable } = end.tolerated;
  return { errors, counted, max_error_rate: maxErrorRate, ...(undecidable === undefined ? {} : { undecidable }) };
}

// The reason the reports lead with for a run that is incomplete (headline.ts), or null.
function incompleteReason(summary: RunSummary, verdict: Verdict | undefined): string | null {
  const headline = headlineOf(summary, verdict);
  return headline.kind === 'incomplete' ? headline.reason : null;
}
