/** Top failure reasons and policy blocks of the window, grouped and counted with example cases. Pure. */
import { caseKey } from '../../gate/diff.js';
import { failureLabel, failuresOf } from '../../gate/first-failure.js';
import type { Example, FailureReason, PolicyBlock, ReviewedRun } from './types.js';

/** Most examples kept per group. */
const EXAMPLES = 3;

// What varies between cases: UUIDs and hex ids (as <id>), then numbers (as #). One capture group, so split() keeps them.
const VARYING = /(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b|\d+(?:\.\d+)?)/gi;

// The placeholder of one varying piece (of a number, or of a piece already shown as #: a third failure that differs again).
function placeholder(piece: string): string {
  return /^(?:#|\d+(?:\.\d+)?)$/.test(piece) ? '#' : '<id>';
}

/**
 * A reason with what varies between cases taken out: ids (hex, UUIDs) become `<id>` and numbers
 * `#`, so "call 2" and "call 5" or "$0.06 > max_cost_usd 0.05" group as one reason.
 */
export function normalizeReason(reason: string): string {
  return normalized(reason.split(VARYING));
}

// A reason's pieces (text and varying pieces alternating, as split() on VARYING gives them) with each varying one as its placeholder.
function normalized(pieces: readonly string[]): string {
  return oneLine(pieces.map((piece, i) => (i % 2 === 1 ? placeholder(piece) : piece)));
}

// Pieces joined as one line, runs of whitespace as one space.
function oneLine(pieces: readonly string[]): string {
  return pieces.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The reason a group shows: its first failure's, with a placeholder only where its failures
 * differ, so an expectation's own figure stays (`does not contain "rf-1"`, not `"rf-#"`) while
 * `retry after 50 ms` and `retry after 20 ms` show as `retry after # ms`. `pieces` and `next`
 * (the next failure's) alternate text and varying pieces, as split() on VARYING gives them.
 */
function mergeShown(pieces: string[], next: readonly string[]): string[] {
  if (next.length !== pieces.length) return [normalizeReason(pieces.join(''))];
  return pieces.map((piece, i) => (i % 2 === 1 && piece !== next[i] ? placeholder(piece) : piece));
}

/** Every failing check and harness error of the window, grouped by check and normalised reason, most frequent first. */
export function failureReasons(runs: readonly ReviewedRun[]): FailureReason[] {
  // The reason shown is its pieces', joined at the end.
  const groups = new Map<string, Omit<FailureReason, 'reason'> & { keys: Set<string>; pieces: string[] }>();
  for (const run of runs) {
    for (const result of run.results) {
      for (const failure of failuresOf(result)) {
        // The check as the run prints it: a custom scorer by its name.
        const check = failureLabel(failure, 'name');
        // Split once: the pieces make both the group's key and the reason it shows.
        const pieces = failure.reason.split(VARYING);
        const id = `${check}\0${normalized(pieces)}`;
        const found = groups.get(id);
        const group = found ?? { check, count: 0, cases: 0, examples: [], keys: new Set<string>(), pieces };
        if (found) group.pieces = mergeShown(found.pieces, pieces);
        group.count++;
        addExample(group, { key: caseKey(result), run_id: run.run_id, trace_id: result.trace_id });
        groups.set(id, group);
      }
    }
  }
  return [...groups.values()]
    .map(({ keys, pieces, ...group }) => ({ ...group, reason: oneLine(pieces), cases: keys.size }))
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
