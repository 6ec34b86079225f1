/**
 * The terminal's failure list gathers the adversarial variants of one base case that failed the
 * same way: one agent bug times 8 prompt injections is one block and a line naming the other
 * variants, not nine blocks alike. Pure; every other reporter keeps every case.
 */
import { compareCaseKeys } from '../common/case-keys.js';
import type { CaseResult } from '../config/schema/index.js';
import { baseCaseId } from '../config/adversarial/variant-id.js';
import { failuresOf } from '../gate/first-failure.js';
import { errorShape } from '../gate/same-agent-error.js';

/** Failing cases shown as one: `shown` printed in full, `alike` (case ids) named on one line. */
export interface FailureGroup {
  /** The attempts of the case printed in full: the base case when it is one of them, else the first variant. */
  shown: CaseResult[];
  /** The other cases of the group, base case first then variants in id order. */
  alike: string[];
}

/**
 * `cases` (each case's attempts, as `failingCases` gives them) grouped by suite, base case and
 * `failureShape` of each case's first failing attempt, plus `sameAs` (what else must agree for two
 * cases to read alike: how their attempts went, the gate's mark), in order of each group's first case.
 */
export function groupVariantFailures(cases: readonly CaseResult[][], sameAs: (attempts: readonly CaseResult[]) => string): FailureGroup[] {
  const groups = new Map<string, CaseResult[][]>();
  for (const attempts of cases) {
    const first = attempts.find((r) => r.status === 'failed' || r.status === 'error');
    if (first === undefined) continue;
    const key = [first.suite, baseCaseId(first.case_id), failureShape(first), sameAs(attempts)].join('\0');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [attempts]);
    else group.push(attempts);
  }
  return [...groups.values()].map((members) => {
    const [shown, ...alike] = members.sort((a, b) => byVariant(a[0]!.case_id, b[0]!.case_id));
    return { shown: shown!, alike: alike.map((m) => m[0]!.case_id) };
  });
}

/**
 * Why an attempt failed (`failuresOf`: its error, else each failing check's name and reason), with
 * what differs from case to case for one cause (the case's own id, a trace id, times, temp paths:
 * `errorShape`) replaced.
 */
function failureShape(result: CaseResult): string {
  return failuresOf(result).map((f) => `${f.check}\0${f.name ?? ''}\0${errorShape(f.reason, result)}`).join('\n');
}

// The base case before its variants, variants by family then number (`-2` before `-10`).
function byVariant(a: string, b: string): number {
  const aBase = baseCaseId(a) === a;
  const bBase = baseCaseId(b) === b;
  if (aBase !== bBase) return aBase ? -1 : 1;
  return compareCaseKeys(a, b);
}
