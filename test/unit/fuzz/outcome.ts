/**
 * The fuzz property shared by every loader: an input ends in a value or in problems located at
 * file:line:column that the CLI can print (exit 2), never in another error (exit 3), and fast.
 */
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { formatConfigIssues } from '../../../src/report/format-issues.js';

/**
 * "A few seconds" of work for one input, far above what one takes (milliseconds). Measured in
 * CPU time, so a machine busy with other work does not make an input look slow.
 */
export const TIME_LIMIT_MS = 3000;

/** The fixed seed of every fuzz run, so a failure reproduces. */
export const FUZZ_SEED = 1_3_2024;

export type Outcome = 'value' | 'problems';

/** Runs one load; throws (failing the property) unless it ends in a value or in a ConfigError with located issues. */
export async function loadOutcome(load: () => unknown): Promise<Outcome> {
  const started = process.cpuUsage();
  let outcome: Outcome;
  try {
    await load();
    outcome = 'value';
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw new Error(`the CLI would say "unexpected error" and exit 3: ${error instanceof Error ? error.stack : String(error)}`);
    }
    expectPrintable(error.issues);
    outcome = 'problems';
  }
  expectFast(started);
  return outcome;
}

/** For the pure checkers that return their issues: each located and printable. */
export function checkedOutcome(check: () => { ok: boolean; issues?: ConfigIssue[]; warnings?: ConfigIssue[] }): Outcome {
  const started = process.cpuUsage();
  const result = check();
  expectPrintable([...(result.issues ?? []), ...(result.warnings ?? [])]);
  if (!result.ok && (result.issues ?? []).length === 0) throw new Error('a failed check with no issue to show');
  expectFast(started);
  return result.ok ? 'value' : 'problems';
}

/** Every issue names a file, a 1-based line and column, and the formatter renders them all. */
export function expectPrintable(issues: readonly ConfigIssue[]): void {
  for (const issue of issues) {
    const located = issue.file.length > 0 && Number.isInteger(issue.line) && issue.line >= 1 && Number.isInteger(issue.column) && issue.column >= 1;
    if (!located) throw new Error(`an issue without a position: ${JSON.stringify(issue)}`);
    if (typeof issue.message !== 'string' || typeof issue.code !== 'string') throw new Error(`a malformed issue: ${JSON.stringify(issue)}`);
  }
  formatConfigIssues(issues, { color: true, cwd: '/' });
}

function expectFast(started: NodeJS.CpuUsage): void {
  const { user, system } = process.cpuUsage(started);
  const took = (user + system) / 1000;
  if (took > TIME_LIMIT_MS) throw new Error(`took ${Math.round(took)} ms of CPU, past ${TIME_LIMIT_MS} ms`);
}

/** Tallies per loader, printed with FUZZ_STATS=1 (for the figures in a report). */
export class Tally {
  private readonly counts = new Map<string, Record<Outcome, number>>();

  add(loader: string, outcome: Outcome): void {
    const count = this.counts.get(loader) ?? { value: 0, problems: 0 };
    count[outcome]++;
    this.counts.set(loader, count);
  }

  print(): void {
    if (!process.env.FUZZ_STATS) return;
    for (const [loader, count] of this.counts) console.log(`fuzz ${loader}: ${count.value + count.problems} runs, ${count.value} loaded, ${count.problems} located problems`);
  }
}
