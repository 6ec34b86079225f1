/** Building blocks of derived variant expectations (SPEC §11 "Variant expectations"). */
import type { Budgets } from '../schema/config.js';
import type { Case, Tool } from '../schema/resolved.js';
import type { Expectation, Forbid } from '../schema/suite.js';
import type { Outcome } from '../schema/trace.js';

/** The base case's expected outcomes as a list; undefined when it expects none. */
export function outcomesOf(expect: Expectation): Outcome[] | undefined {
  if (expect.outcome === undefined) return undefined;
  return Array.isArray(expect.outcome) ? [...expect.outcome] : [expect.outcome];
}

/** `forbid` plus every name in `names` not already forbidden outright. */
export function forbidWith(forbid: readonly Forbid[] | undefined, names: readonly string[]): Forbid[] {
  const result: Forbid[] = [...(forbid ?? [])];
  for (const name of names) if (!result.includes(name)) result.push(name);
  return result;
}

/** The tool names a forbid list names, each once, in order. */
export function forbiddenNames(forbid: readonly Forbid[] | undefined): string[] {
  return unique((forbid ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.name)));
}

/** Write tools (SPEC §11): every tool that is not tier read. */
export function writeToolNames(tools: readonly Tool[]): string[] {
  return tools.filter((tool) => tool.tier !== 'read').map((tool) => tool.name);
}

/** The tools the base case expects to be called, each once, in order. */
export function expectedToolNames(kase: Pick<Case, 'expect'>): string[] {
  return unique((kase.expect.tools ?? []).map((call) => call.name));
}

/** The case's tool-call cap raised by `extra` (retries a fault legitimately causes); others unchanged. */
export function raiseToolCap(budgets: Budgets | undefined, extra: number): Budgets | undefined {
  if (budgets?.max_tool_calls === undefined) return budgets;
  return { ...budgets, max_tool_calls: budgets.max_tool_calls + extra };
}

/**
 * The base case's `state_unchanged` as a spreadable member (`{}` when it has none): kept by every
 * family as its `forbid` is, the world's own forbid list — what no variant's agent may change,
 * however it answers.
 */
export function stateUnchangedMember(expect: Expectation): Pick<Expectation, 'state_unchanged'> {
  return expect.state_unchanged === undefined ? {} : { state_unchanged: structuredClone(expect.state_unchanged) };
}

/** `budgets` as a spreadable member: `{}` when there are none. */
export function budgetsMember(budgets: Budgets | undefined): { budgets?: Budgets } {
  return budgets === undefined ? {} : { budgets };
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
