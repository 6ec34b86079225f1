/** Top failure reasons and policy blocks of the window, grouped and counted with example cases. Pure. */
import { caseKey } from '../../gate/diff.js';
import { failureLabel, failuresOf } from '../../gate/first-failure.js';
import type { Example, FailureReason, PolicyBlock, ReviewedRun } from './types.js';

/** Most examples kept per group. */
const EXAMPLES = 3;

/**
 * A reason with what varies between cases taken out: ids (hex, UUIDs) become `<id>` and numbers
 * `#`, so "call 2" and "call 5" or "$0.06 > max_cost_usd 0.05" group as one reason.
 */
export function normalizeReason(reason: string): string {
  return reason
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every failing check and harness error of the window, grouped by check and normalised reason, most frequent first. */
export function failureReasons(runs: readonly ReviewedRun[]): FailureReason[] {
  const groups = new Map<string, FailureReason & { keys: Set<string> }>();
  for (const run of runs) {
    for (const result of run.results) {
      for (const failure of failuresOf(result)) {
        // The check as the run prints it: a custom scorer by its name.
        const check = failureLabel(failure, 'name');
        const reason = normalizeReason(failure.reason);
        const id = `${check}\0${reason}`;
        const group = groups.get(id) ?? { check, reason, count: 0, cases: 0, examples: [], keys: new Set<string>() };
        group.count++;
        addExample(group, { key: caseKey(result), run_id: run.run_id, trace_id: result.trace_id });
        groups.set(id, group);
      }
    }
  }
  return [...groups.values()]
    .map(({ keys, ...group }) => ({ ...group, cases: keys.size }))
    .sort((a, b) => b.count - a.count || b.cases - a.cases || a.check.localeCompare(b.check) || a.reason.localeCompare(b.reason));
}

/** Every deny and missing approval in the traces of the window, by rule, tool and outcome, most frequent first. */
export function policyBlocks(runs: readonly ReviewedRun[]): PolicyBlock[] {
  const groups = new Map<string, PolicyBlock & { keys: Set<string> }>();
  for (const run of runs) {
    for (const trace of run.traces) {
      for (const decision of trace.policy_decisions) {
        if (decision.outcome === 'allow') continue;
        const id = `${decision.rule_id}\0${decision.tool}\0${decision.outcome}`;
        const group = groups.get(id) ?? { rule_id: decision.rule_id, tool: decision.tool, outcome: decision.outcome, count: 0, examples: [], keys: new Set<string>() };
        group.count++;
        addExample(group, { key: caseKey(trace), run_id: run.run_id, trace_id: trace.trace_id });
        groups.set(id, group);
      }
    }
  }
  return [...groups.values()]
    .map(({ keys: _keys, ...group }) => group)
    .sort((a, b) => b.count - a.count || a.rule_id.localeCompare(b.rule_id) || a.tool.localeCompare(b.tool));
}

// Adds an example case to a group, one per case, at most EXAMPLES.
function addExample(group: { examples: Example[]; keys: Set<string> }, example: Example): void {
  if (group.keys.has(example.key)) return;
  group.keys.add(example.key);
  if (group.examples.length < EXAMPLES) group.examples.push(example);
}
