/**
 * Custom checks (SPEC §6 `expect.custom`): a user's function over the trace. Loading the
 * module is run/'s job; this receives the function and turns whatever it does into a CheckResult.
 */
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';

/** What a custom scorer returns. */
export interface CustomVerdict {
  pass: boolean;
  score?: number;
  reason?: string;
}

export type CustomScorerFn = (trace: Trace) => CustomVerdict | Promise<CustomVerdict>;

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
    const message = error instanceof Error ? error.message : String(error);
    return fail(scorer.name, `custom scorer ${scorer.name} threw: ${message}`, 'a verdict {pass, score?, reason}', message);
  }
  if (!isVerdict(rawVerdict)) {
    return fail(scorer.name, `custom scorer ${scorer.name} returned no {pass: boolean}`, 'a verdict {pass, score?, reason}', rawVerdict);
  }
  const value = typeof rawVerdict.score === 'number' && Number.isFinite(rawVerdict.score) ? { value: rawVerdict.score } : {};
  if (rawVerdict.pass) return { check: 'custom', pass: true, name: scorer.name, ...value };
  const reason = typeof rawVerdict.reason === 'string' && rawVerdict.reason !== '' ? oneLine(rawVerdict.reason) : 'failed';
  return { check: 'custom', pass: false, name: scorer.name, reason, expected: 'pass', found: rawVerdict, ...value };
}

function isVerdict(value: unknown): value is CustomVerdict {
  return value !== null && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean';
}

function fail(name: string, reason: string, expected: unknown, found: unknown): CheckResult {
  return { check: 'custom', pass: false, name, reason: oneLine(reason), expected, found };
}

/** Reasons are one line: a judge's paragraph is folded. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
