/**
 * Custom checks (SPEC §6 `expect.custom`): a user's function over the trace. Loading the
 * module is config/scorer-modules.ts's (run/custom-scorers.ts loads a run's); this receives the
 * function and turns whatever it does into a CheckResult.
 */
import { CustomVerdictSchema, type CustomScorerFn } from '../config/schema/custom-verdict.js';
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';
import { describeThrown } from '../common/thrown.js';

const EXPECTED_VERDICT = 'a verdict {pass: boolean, score?: number, reason?: string}';

/** A loaded custom scorer and the name it is reported under (its path as written). */
export interface CustomScorer {
  name: string;
  fn: CustomScorerFn;
}

/** Runs one scorer; a throw, a rejection or a malformed answer is a failed check, never a crash. */
export async function scoreCustom(trace: Trace, scorer: CustomScorer): Promise<CheckResult> {
  let rawVerdict: unknown;
  try {
    rawVerdict = await scorer.fn(trace);
  } catch (error) {
    const message = describeThrown(error);
    return fail({ name: scorer.name, reason: `custom scorer ${scorer.name} threw: ${message}`, found: message });
  }
  // What was found is the verdict as JSON data: a BigInt, a circle or a getter that throws in it
  // would otherwise throw at the result's writer (agentready's crash, not the check's failure).
  // Parsed first, so a NaN score is named as such before JSON makes it null.
  let parsed: ReturnType<typeof CustomVerdictSchema.safeParse>;
  let found: unknown;
  try {
    parsed = CustomVerdictSchema.safeParse(rawVerdict);
    found = JSON.parse(JSON.stringify(rawVerdict) ?? 'null') as unknown;
  } catch (error) {
    const message = describeThrown(error);
    return fail({ name: scorer.name, reason: `custom scorer ${scorer.name} returned a verdict that could not be read as JSON: ${message}`, found: message });
  }
  if (!parsed.success) {
    // Equivalent mutants: the prefix regex without `^` (zod puts it first) and the path joined with ''
    // (a verdict's fields are one level deep).
    const problems = parsed.error.issues.map((issue) => {
      const message = issue.message.replace(/^Invalid input: /, '');
      return issue.path.length === 0 ? message : `${issue.path.join('.')}: ${message}`;
    });
    return fail({ name: scorer.name, reason: `custom scorer ${scorer.name} returned an invalid verdict: ${problems.join('; ')}`, found });
  }
  const verdict = parsed.data;
  const value = verdict.score === undefined ? {} : { value: verdict.score };
  if (verdict.pass) return { check: 'custom', pass: true, name: scorer.name, ...value };
  const reason = verdict.reason ? oneLine(verdict.reason) : 'failed';
  return { check: 'custom', pass: false, name: scorer.name, reason, expected: 'pass', found, ...value };
}

function fail({ name, reason, found }: { name: string; reason: string; found: unknown }): CheckResult {
  return { check: 'custom', pass: false, name, reason: oneLine(reason), expected: EXPECTED_VERDICT, found };
}

/** Reasons are one line: a judge's paragraph is folded. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
