/**
 * What tool handlers print after their case ended (a timer or callback a handler left, or a
 * handler still running past its case's time limit): the case's agent log was written without
 * it, so each line is a run warning naming the handler and the case (as vitest reports a test's
 * console output after the test finished), the first ones quoted (cut to an excerpt; the run's
 * by the run's quoting: redacted, then escaped), the rest counted. A line printed once the run's
 * warnings were read (a timer that fires after the last case: a module agent's run of handlers
 * that answer at once may end before a handler's `setTimeout(…, 0)` fires) is in no file.
 */
import { CappedWarnings } from '../adapters/capped-warnings.js';
import { plural } from '../common/plural.js';
import type { Quote } from '../common/shorten.js';

/** Late lines quoted before the rest are only counted. */
const QUOTED = 20;

export class LatePrints {
  readonly #warnings = new CappedWarnings({ max: QUOTED, more: (count) => `and ${plural(count, 'more line')} tool handlers printed after their case ended, not shown` });

  /**
   * `quote`: the run's quoting (common/shorten.ts `quoting`). Escaped first and redacted later, a
   * bidi or line separator glued to a card reads as `\u202e` text that breaks the number apart.
   */
  constructor(private readonly quote: Quote) {}

  /** `line`, printed by `handler` (`./tools/x.js#f of f_tool`) after its case `caseId` ended. */
  add(line: string, { handler, caseId }: { handler: string; caseId: string }): void {
    this.#warnings.add(`the tool handler ${handler} printed after its case ${caseId} ended, so in no agent log: "${this.quote(line)}"`);
  }

  warnings(): string[] {
    return this.#warnings.list();
  }
}
