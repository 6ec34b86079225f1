/**
 * Custom scorers (`expect.custom`): every module the selected cases name, loaded once before the
 * first case runs (config/scorer-modules.ts imports and checks each), so a scorer that does not
 * load is a usage error (exit 2) before any spending. Running one over a trace is score/custom.ts's job.
 */
import path from 'node:path';
import { loadScorerModule } from '../config/scorer-modules.js';
import type { Suite } from '../config/schema/index.js';
import { UsageError } from '../errors.js';
import type { CustomScorerFn } from '../config/schema/custom-verdict.js';
import { scoreCustom, type CustomScorer } from '../score/index.js';
import { scorerReason } from '../score/custom.js';
import type { CheckResult, Trace } from '../config/schema/index.js';
import type { Attempt } from './plan.js';
import { neutralizeLine } from '../common/sanitize.js';
import { guardUserCode, type UserCodeGuard } from '../adapters/user-code-watchdog.js';
import { printedLines, runPrintingTo } from '../adapters/module-output.js';
import { shownPath } from '../config/shown-path.js';
import { runTrappingExits } from '../environment/handler-exits.js';

/** A case's custom checks, and what its scorers printed (for its agent log, a line each tagged with the scorer). */
export interface CustomOutcome {
  checks: CheckResult[];
  printed: string[];
}

/** Loaded scorers by absolute path. */
export class CustomScorers {
  private constructor(
    private readonly byPath: ReadonlyMap<string, CustomScorerFn>,
    /** Each scorer's time limit: the run's `timeout_ms`, so a scorer that never answers costs its case, not the run. */
    private readonly timeoutMs: number | undefined,
  ) {}

  /** Loads every scorer the attempts' cases name; a file that will not load, or exports no function, is a UsageError. */
  static async load(attempts: readonly Pick<Attempt, 'suite' | 'kase'>[], { timeoutMs }: { timeoutMs?: number } = {}): Promise<CustomScorers> {
    const files = new Map<string, string>();
    // Indexed, and past a case that names none at once (most cases; this runs before the first case, in cold code).
    for (let i = 0; i < attempts.length; i++) {
      const { suite, kase } = attempts[i]!;
      const custom = kase.expect.custom;
      if (custom !== undefined) for (const written of custom) files.set(resolveScorer(suite, written), written);
    }
    const byPath = new Map<string, CustomScorerFn>();
    for (const [file, written] of files) {
      // The file as the user names it, with its line and column when the import says them (a syntax error).
      const loaded = await loadScorerModule({ file, written, shown: shownPath(file) });
      if (!loaded.ok) throw loaded.code === 'scorer_unloadable' ? new UsageError(loaded.message) : new UsageError(loaded.message, `found ${loaded.found}`);
      byPath.set(file, loaded.fn as CustomScorerFn);
    }
    return new CustomScorers(byPath, timeoutMs);
  }

  /** The case's scorers, named as written, in its order. */
  for({ suite, kase }: Pick<Attempt, 'suite' | 'kase'>): CustomScorer[] {
    return (kase.expect.custom ?? []).flatMap((written) => {
      const fn = this.byPath.get(resolveScorer(suite, written));
      return fn ? [{ name: written, fn }] : [];
    });
  }

  /**
   * Each of the case's scorers over the trace, one after another; a pass keeps the reason the
   * scorer gave. What a scorer prints goes to the case's agent log (module-output.ts), not to
   * agentready's stdout or stderr.
   */
  async score(attempt: Pick<Attempt, 'suite' | 'kase' | 'attempt'>, trace: Trace): Promise<CustomOutcome> {
    const checks: CheckResult[] = [];
    const printed: string[] = [];
    for (const scorer of this.for(attempt)) {
      let said: unknown;
      // Under the user code's watchdog: a scorer that blocks the event loop ends the run, named, instead of hanging it.
      const guard: UserCodeGuard = {
        label: `the custom scorer ${scorer.name} of case ${attempt.kase.id}`,
        timeoutMs: this.timeoutMs,
        blame: { attempt: { suite: attempt.suite.name, case_id: attempt.kase.id, attempt: attempt.attempt, fingerprint: attempt.kase.fingerprint }, code: 'SCORER_BLOCKED' },
      };
      const output = printedLines((line) => printed.push(`[scorer ${scorer.name}] ${line}`));
      // Its process.exit() fails its check, not the run (environment/handler-exits.ts).
      const fn = async (t: Trace) => {
        const { settled, exit } = await runTrappingExits({ run: () => runPrintingTo(output, async () => guardUserCode(guard, async () => scorer.fn(t))), who: guard.label });
        if (exit !== undefined) throw new Error(`called ${exit}: a scorer ends by returning its verdict or throwing, not the run`);
        if (settled.status === 'rejected') throw settled.reason;
        return (said = settled.value);
      };
      const check = await scoreCustom(trace, { name: scorer.name, fn, timeoutMs: this.timeoutMs });
      output.end();
      const reason = check.pass ? passReason(said) : undefined;
      checks.push(reason === undefined ? check : { ...check, reason });
    }
    return { checks, printed };
  }
}

function resolveScorer(suite: Pick<Suite, 'file'>, written: string): string {
  return path.resolve(path.dirname(suite.file), written);
}

/** The reason a passing verdict gives, if any; a verdict read once already may still throw when read again (a getter). */
function passReason(said: unknown): string | undefined {
  try {
    const reason = (said as { reason?: unknown } | undefined)?.reason;
    return typeof reason === 'string' && reason.trim() !== '' ? neutralizeLine(scorerReason(reason)) : undefined;
  } catch {
    return undefined;
  }
}
