/**
 * Fans every hook out to the reporters, in order, one at a time (Playwright
 * `reporters/multiplexer.ts`). A reporter that throws is recorded here, not propagated:
 * the others still get the hook, and the CLI prints `errors` as a warning at the end.
 */
import type { CaseEnd, Reporter, RunPlan, RunSummary } from './reporter.js';
import type { Verdict } from '../gate/types.js';

export type HookName = 'onRunStart' | 'onCaseEnd' | 'onRunEnd' | 'onError' | 'onExit';

export interface ReporterFailure {
  /** The reporter's class name, for the warning. */
  reporter: string;
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
        await call(reporter);
      } catch (error) {
        this.errors.push({ reporter: reporter.constructor?.name ?? 'reporter', hook, error });
      }
    }
  }
}

// Returns fn's value, or `fallback` when it throws.
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
