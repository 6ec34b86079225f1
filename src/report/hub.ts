/**
 * Fans every hook out to the reporters, in order, one at a time (Playwright
 * `reporters/multiplexer.ts`). A reporter that throws is recorded here, not propagated:
 * the others still get the hook, and the CLI prints `errors` as a warning at the end.
 */
import type { CaseEnd, Reporter, ReporterLabel, RunPlan, RunSummary } from './reporter.js';
import type { Verdict } from '../gate/types.js';
import { isThenable } from '../common/thenable.js';

export type HookName = 'onRunStart' | 'onCaseEnd' | 'onRunEnd' | 'onError' | 'onExit';

export interface ReporterFailure {
  /** The reporter as the user named it (`junit`, `out/junit.xml`); an unlabelled one (agentready's own) by its class. */
  reporter: ReporterLabel;
  hook: HookName;
  error: unknown;
}

export class ReporterHub implements Reporter {
  readonly errors: ReporterFailure[] = [];

  constructor(private readonly reporters: readonly Reporter[]) {}

  get hasReporterErrors(): boolean {
    return this.errors.length > 0;
  }

  onRunStart(plan: RunPlan): Promise<void> {
    return this.fanOut('onRunStart', (r) => r.onRunStart?.(plan));
  }

  onCaseEnd(event: CaseEnd): Promise<void> {
    return this.fanOut('onCaseEnd', (r) => r.onCaseEnd?.(event));
  }

  onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    return this.fanOut('onRunEnd', (r) => r.onRunEnd?.(summary, verdict));
  }

  /** A run-level error (harness, interrupted run) for every reporter to show. */
  onError(error: unknown): Promise<void> {
    return this.fanOut('onError', (r) => r.onError?.(error));
  }

  onExit(): Promise<void> {
    return this.fanOut('onExit', (r) => r.onExit?.());
  }

  printsToStdio(): boolean {
    return this.reporters.some((r) => safely(() => r.printsToStdio?.() ?? false, false));
  }

  // Calls one hook on each reporter in turn, recording instead of throwing.
  private async fanOut(hook: HookName, call: (reporter: Reporter) => unknown): Promise<void> {
    for (const reporter of this.reporters) {
      try {
        const returned = call(reporter);
        // Most hooks return nothing: only a returned promise is waited for (isThenable).
        if (isThenable(returned)) await returned;
      } catch (error) {
        this.errors.push({ reporter: reporter.label ?? { name: reporter.constructor?.name ?? 'reporter' }, hook, error });
      }
    }
  }
}

/** A failure in words, naming the reporter as the user did and the file it could not write (the error's own message says why). */
export function formatReporterFailure(failure: ReporterFailure): string {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const { name, path } = failure.reporter;
  // An option's output (`--otlp`) goes by its flag; a reporter by its name.
  const subject = name.startsWith('--') ? name : `reporter ${name}`;
  return path === undefined ? `${subject} failed: ${message}` : `${subject} could not write ${path}: ${message}`;
}

/** The files the reporters wrote (those with a path and no failure), as one line; undefined for none. */
export function formatWrittenReports(input: { reporters: readonly Reporter[]; failures: readonly ReporterFailure[] }): string | undefined {
  const paths = input.reporters.flatMap((reporter) => {
    const label = reporter.label;
    if (label?.path === undefined || input.failures.some((failure) => failure.reporter === label)) return [];
    return [label.path];
  });
  return paths.length === 0 ? undefined : `Wrote ${paths.join(', ')}`;
}

// Returns fn's value, or `fallback` when it throws.
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
