/** `--reporter html`: one self-contained page with charts and the case list (see page.ts). */
import { fsPromises } from '../../common/fs-promises.js';
import { makeFolderFor } from '../../common/make-folder.js';
import type { Trace } from '../../config/schema/index.js';
import type { Verdict } from '../../gate/types.js';
import type { CaseEnd, Reporter, RunPlan, RunSummary } from '../reporter.js';
import { formatHtml } from './page.js';

export { formatHtml } from './page.js';

export class HtmlReporter implements Reporter {
  /** Each attempt's trace (tool calls, decisions, output), kept until the page is written. */
  private readonly traces = new Map<string, Trace>();

  /** Attempts the run planned: an interrupted run's page says how many of them finished. */
  private planned: number | undefined;

  /** `path` is absolute, resolved by the registry. */
  constructor(readonly path: string) {}

  onRunStart(plan: RunPlan): void {
    this.planned = plan.total;
  }

  onCaseEnd(event: CaseEnd): void {
    if (event.kind === 'ran') this.traces.set(event.trace.trace_id, event.trace);
  }

  async onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    makeFolderFor(this.path);
    const { writeFile } = fsPromises();
    await writeFile(this.path, formatHtml({ summary, verdict, traces: this.traces, ...(this.planned === undefined ? {} : { planned: this.planned }) }));
  }
}
