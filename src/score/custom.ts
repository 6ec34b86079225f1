/**
 * Custom checks (SPEC §6 `expect.custom`): a user's function over the trace. Loading the
 * module is config/scorer-modules.ts's (run/custom-scorers.ts loads a run's); this receives the
 * function and turns whatever it does into a CheckResult.
 */
import { CustomVerdictSchema, type CustomScorerFn } from '../config/schema/custom-verdict.js';
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';
import { describeThrown } from '../common/thrown.js';
import { REASON_CHARS, shorten } from '../common/shorten.js';

const EXPECTED_VERDICT = 'a verdict {pass: boolean, score?: number, reason?: string}';

/** A loaded custom scorer and the name it is reported under (its path as written). */
export interface CustomScorer {
  name: string;
  fn: CustomScorerFn;
  /** How long its verdict is waited for (the case's `timeout_ms`): a scorer that never answers fails its check then. */
  timeoutMs?: number;
}

/** What a scorer's call gave: its verdict, or nothing within its time limit. */
type Answer = { kind: 'verdict'; verdict: unknown } | { kind: 'late' };

/** Runs one scorer; a throw, a rejection or a malformed answer is a failed check, never a crash. */
export async function scoreCustom(trace: Trace, scorer: CustomScorer): Promise<CheckResult> {
  let rawVerdict: unknown;
  try {
    const answer = await withinLimit(scorer, trace);
    if (answer.kind === 'late') {
      return fail({ name: scorer.name, reason: `custom scorer ${scorer.name} did not answer within the case's time limit (${scorer.timeoutMs} ms)`, found: 'no verdict' });
    }
    rawVerdict = answer.verdict;
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
  const reason = verdict.reason ? scorerReason(verdict.reason) : 'failed';
  return { check: 'custom', pass: false, name: scorer.name, reason, expected: 'pass', found, ...value };
}

/** The scorer's verdict, or `late` once its time limit passed (it cannot be stopped: its promise is left behind). */
async function withinLimit(scorer: CustomScorer, trace: Trace): Promise<Answer> {
  // Each scorer gets its own copy: the trace is the one recorded and judged by every other check,
  // and a scorer that emptied its tool_calls made a forbidden call pass.
  const verdict = Promise.resolve(scorer.fn(structuredClone(trace))).then((v): Answer => ({ kind: 'verdict', verdict: v }));
  if (scorer.timeoutMs === undefined) return verdict;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'late' }), scorer.timeoutMs);
  });
  try {
    return await Promise.race([verdict, late]);
  } finally {
    clearTimeout(timer);
  }
}

function fail({ name, reason, found }: { name: string; reason: string; found: unknown }): CheckResult {
  return { check: 'custom', pass: false, name, reason: scorerReason(reason), expected: EXPECTED_VERDICT, found };
}

/** Reasons are one line, a judge's paragraph folded, and cut at REASON_CHARS (a verdict's whole reason stays in what was found): every print and file line holds one. */
export function scorerReason(text: string): string {
  return shorten(text.replace(/\s*\n\s*/g, ' ').trim(), REASON_CHARS);
}
