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

/** One hook called on each reporter (from the `from`th, 0 unless told). */
interface FanOut {
  hook: HookName;
  call: (reporter: Reporter) => unknown;
  from?: number;
}

export class ReporterHub implements Reporter {
  readonly errors: ReporterFailure[] = [];

  constructor(private readonly reporters: readonly Reporter[]) {}

  get hasReporterErrors(): boolean {
    return this.errors.length > 0;
  }

  async onRunStart(plan: RunPlan): Promise<void> {
    await this.fanOut({ hook: 'onRunStart', call: (r) => r.onRunStart?.(plan) });
  }

  /** A promise only when a reporter's hook returned one: every case's, and the built-in reporters' are synchronous. */
  onCaseEnd(event: CaseEnd): Promise<void> | undefined {
    return this.fanOut({ hook: 'onCaseEnd', call: (r) => r.onCaseEnd?.(event) });
  }

  async onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    await this.fanOut({ hook: 'onRunEnd', call: (r) => r.onRunEnd?.(summary, verdict) });
  }

  /** A run-level error (harness, interrupted run) for every reporter to show. */
  async onError(error: unknown): Promise<void> {
    await this.fanOut({ hook: 'onError', call: (r) => r.onError?.(error) });
  }

  async onExit(): Promise<void> {
    await this.fanOut({ hook: 'onExit', call: (r) => r.onExit?.() });
  }

  printsToStdio(): boolean {
    return this.reporters.some((r) => safely(() => r.printsToStdio?.() ?? false, false));
  }

  /**
   * Calls one hook on each reporter in turn, from the `from`th, recording instead of throwing. Most
   * hooks return nothing: a promise is made only when one returns a promise (isThenable), and the
   * reporters after it are called once it settled.
   */
  private fanOut({ hook, call, from = 0 }: FanOut): Promise<void> | undefined {
    for (let index = from; index < this.reporters.length; index++) {
      const reporter = this.reporters[index]!;
      try {
        const returned = call(reporter);
        if (isThenable(returned)) return this.fanOutAfter({ returned, reporter, hook, call, next: index + 1 });
      } catch (error) {
        this.failed({ reporter, hook, error });
      }
    }
    return undefined;
  }

  /** Waits for the promise `reporter` returned, then calls the hook on the reporters from `next`. */
  private async fanOutAfter(input: { returned: PromiseLike<unknown>; reporter: Reporter; hook: HookName; call: FanOut['call']; next: number }): Promise<void> {
    try {
      await input.returned;
    } catch (error) {
      this.failed({ reporter: input.reporter, hook: input.hook, error });
    }
    await this.fanOut({ hook: input.hook, call: input.call, from: input.next });
  }

  private failed({ reporter, hook, error }: { reporter: Reporter; hook: HookName; error: unknown }): void {
    this.errors.push({ reporter: reporter.label ?? { name: reporter.constructor?.name ?? 'reporter' }, hook, error });
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
  return formatWrittenFiles(paths);
}

/** The files a command wrote, as given, on one line (`Wrote a, b`): eval's reporters and `report`'s formats alike; undefined for none. */
export function formatWrittenFiles(paths: readonly string[]): string | undefined {
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
