/**
 * Shadow scoring (SPEC §14): a production trace has no case and so no expectation. It is judged
 * by the checks that need no label — the run ended, every tool called exists and got valid
 * arguments, authority and policy held (approval before any write: the environment answered an
 * unapproved write `approval_missing` when it recorded the call), the budgets held, and no tool
 * error was left standing. Pure; the JSON Schema validator arrives as a function, as custom
 * scorers arrive loaded.
 */
import type { Budgets } from '../config/schema/config.js';
import type { Tool } from '../config/schema/resolved.js';
import type { CheckResult } from '../config/schema/results.js';
import { OUTCOMES } from '../config/schema/trace.js';
import type { ToolCallRecord, Trace } from '../config/schema/trace.js';
import { scoreBudget } from './budget.js';
import { scoreOutcome } from './outcome.js';
import { scorePolicy } from './policy.js';
import { callNumber } from './call-number.js';

/** `undefined` when the arguments fit the tool's JSON Schema, else one line naming every problem. */
export type ArgumentValidator = (tool: Tool, args: unknown) => string | undefined;

export interface UnlabeledInput {
  trace: Trace;
  /** The tools the suites declare, by name. */
  tools: ReadonlyMap<string, Tool>;
  /** The config's caps. */
  budgets: Budgets;
  argumentProblems: ArgumentValidator;
}

/** The names of the label-free checks that are not SPEC §6's own (those keep their names). */
export const UNLABELED_CHECKS = Object.freeze({ known: 'known tools', arguments: 'valid arguments', errors: 'tool errors handled' });

/**
 * The label-free checks, in a fixed order: outcome (only when the run timed out or the agent
 * failed it), known tools, valid arguments, policy, budget, tool errors handled.
 */
export function scoreUnlabeled({ trace, tools, budgets, argumentProblems }: UnlabeledInput): CheckResult[] {
  const checks: CheckResult[] = [];
  if (trace.outcome === 'timeout' || trace.outcome === 'agent_error') checks.push(scoreOutcome(trace, [...OUTCOMES]));
  checks.push(scoreKnownTools(trace, tools));
  checks.push(scoreArguments(trace, { tools, argumentProblems }));
  checks.push(scorePolicy(trace));
  checks.push(scoreBudget(trace, { run: budgets }));
  checks.push(scoreToolErrors(trace));
  return checks;
}

/** Passes when every call names a tool the suites declare. */
export function scoreKnownTools(trace: Trace, tools: ReadonlyMap<string, Tool>): CheckResult {
  const unknown = trace.tool_calls.filter((call) => call.answer === 'tool_not_found' || !tools.has(call.name));
  const name = UNLABELED_CHECKS.known;
  if (unknown.length === 0) return { check: 'tools', name, pass: true };
  const names = [...new Set(unknown.map((call) => call.name))];
  return {
    check: 'tools',
    name,
    pass: false,
    reason: `called ${names.length === 1 ? 'a tool' : 'tools'} the suites do not declare: ${names.join(', ')}`,
    expected: [...tools.keys()],
    found: unknown.map((call) => ({ call: callNumber(call), name: call.name })),
  };
}

/** Passes when every call to a declared tool fits the tool's JSON Schema `parameters`. */
export function scoreArguments(trace: Trace, { tools, argumentProblems }: { tools: ReadonlyMap<string, Tool>; argumentProblems: ArgumentValidator }): CheckResult {
  const name = UNLABELED_CHECKS.arguments;
  const invalid = trace.tool_calls.flatMap((call) => {
    const tool = tools.get(call.name);
    if (!tool) return [];
    const problems = argumentProblems(tool, call.arguments) ?? (call.answer === 'invalid_arguments' ? call.error?.message ?? 'invalid arguments' : undefined);
    return problems === undefined ? [] : [{ call: callNumber(call), name: call.name, problems }];
  });
  const first = invalid[0];
  if (first === undefined) return { check: 'tools', name, pass: true };
  const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : '';
  return {
    check: 'tools',
    name,
    pass: false,
    reason: `${first.name} called with invalid arguments: ${first.problems} (call ${first.call})${more}`,
    expected: 'arguments that fit each tool\'s parameters',
    found: invalid,
  };
}

/** Answers where the tool itself failed: its own error, or a service fault. */
const TOOL_FAILED: ReadonlySet<ToolCallRecord['answer']> = new Set(['error', 'fault']);

/**
 * Passes when every failed tool call was got past: a later call to the same tool was answered.
 * A tool error the agent never recovered from is what a reviewer of production traffic wants
 * to see, even when the agent then said something sensible.
 */
export function scoreToolErrors(trace: Trace): CheckResult {
  const name = UNLABELED_CHECKS.errors;
  const standing = trace.tool_calls.filter(
    (call) => TOOL_FAILED.has(call.answer) && !trace.tool_calls.some((later) => later.seq > call.seq && later.name === call.name && later.answer === 'answer'),
  );
  const first = standing[0];
  if (first === undefined) return { check: 'tools', name, pass: true };
  const kind = first.error?.kind ?? 'malformed';
  const more = standing.length > 1 ? ` (and ${standing.length - 1} more)` : '';
  return {
    check: 'tools',
    name,
    pass: false,
    reason: `${first.name} failed with ${kind} and no later call to it succeeded (call ${callNumber(first)})${more}`,
    expected: 'each failed tool call followed by a successful one to the same tool',
    found: standing.map((call) => ({ call: callNumber(call), name: call.name, kind: call.error?.kind ?? 'malformed' })),
  };
}
