/**
 * The budget check: the case stayed within the stricter of the config's and the case's caps,
 * and stopped at the hard stop.
 *
 * How refused calls count: a call answered `budget_exhausted` never ran, so it is not a
 * tool call spent. The first one is how the agent learns it has hit a cap and costs nothing;
 * the agent must then stop calling tools (and escalate or return a partial result). Any tool
 * call after a `budget_exhausted` answer fails the check: the agent ignored the hard stop; the
 * reason names the cap the refusal gave. Calls made at once with it (`before_stop_seen`: they
 * reached the host in the same synchronous run, before its answer was handed back) were
 * refused too and ignored nothing. Model calls through the gateway likewise: any model call
 * that arrived after the gateway answered one refused for budget, but those its connection could
 * have sent before that answer and the gateway read in its event loop's next turn
 * (`before_stop_seen`, gateway/case.ts `#madeWithStop`), and those repeating a refused request as
 * it was (`retry_of_refused`: the client's own retry of the 429, which the Vercel AI SDK makes).
 *
 * The gateway knows a call's cost only when it ends: it lets through every call that starts with
 * the spend under `max_cost_usd` and refuses the next. What the calls it let through spent past
 * the cap is the hard stop working, not the agent overspending; a call that started with the
 * spend at the cap (calls in flight at once) is over. Usage the agent reported counts in full.
 *
 * A cost cap it cannot verify fails: a model call with no price (no `pricing` key, no reported
 * `cost_usd`) counts $0, so a case under `max_cost_usd` that made one could pass any cap. The
 * reason names the model and how to price it; with no cost cap, an unpriced model stays a warning.
 * So does a priced model's gateway call whose answer carried no usage (`unmeasured`): $0 as well.
 */
import type { Budgets } from '../config/schema/config.js';
import type { CheckResult } from '../config/schema/results.js';
import { reachedModel, type Trace, type UsageRecord } from '../config/schema/trace.js';
import { BUDGET_KEYS, stricterCaps } from '../config/budgets.js';
import { formatCapUsd, formatSpend, overCap, spendFigure } from '../common/usd.js';
import { shorten } from '../common/shorten.js';

export { stricterCaps };

type BudgetKey = keyof Budgets;

/** The longest cap named from a refusal's words. */
const CAP_NAMED_CHARS = 80;

/** Passes when tool calls, model calls and cost are within every cap that applies, and nothing followed the hard stop. */
export function scoreBudget(trace: Trace, { run, kase }: { run: Budgets; kase?: Budgets }): CheckResult {
  const caps = stricterCaps(run, kase);
  const used = measure(trace);
  // Runs per case: loops, not filter/map chains, so a passing case allocates no arrays here.
  let over: BudgetKey[] | undefined;
  for (const key of BUDGET_KEYS) {
    const cap = caps[key];
    if (cap === undefined) continue;
    if (key === 'max_cost_usd' ? costPastCap(trace.usage, cap) : used[key] > cap) (over ??= []).push(key);
  }
  const ignoredTool = toolCallsAfterHardStop(trace.tool_calls);
  const ignoredModel = modelCallsAfterHardStop(trace.usage);
  const unpriced = caps.max_cost_usd === undefined ? undefined : unpricedCalls(trace.usage);
  const unmeasured = caps.max_cost_usd === undefined ? undefined : unmeasuredCalls(trace.usage);
  if (over === undefined && ignoredTool.calls + ignoredModel.calls === 0 && unpriced === undefined && unmeasured === undefined) return { check: 'budget', pass: true };
  const ignored = { tool: ignoredTool, model: ignoredModel };
  const reasons = (over ?? []).map((key) => `${formatUsed(key, { value: used[key], cap: caps[key] })} > ${key} ${caps[key]}`);
  if (unpriced !== undefined) reasons.push(unverifiedCap(caps.max_cost_usd!, unpriced));
  if (unmeasured !== undefined) reasons.push(unmeasuredCap(caps.max_cost_usd!, unmeasured));
  for (const kind of ['tool', 'model'] as const) {
    const { calls, stop } = ignored[kind];
    if (calls > 0) reasons.push(`${calls} ${kind} call${calls === 1 ? '' : 's'} after budget_exhausted${stop ? ` (${stop})` : ''}: the agent did not stop`);
  }
  return {
    check: 'budget',
    pass: false,
    reason: reasons.join('; '),
    expected: { ...caps, calls_after_budget_exhausted: 0 },
    // The unpriced models first: a printed diff is cut at its start, and the $0 their calls counted as would read as no spend.
    // The spend as the reason writes it: a sum's float noise (0.08280000000000001) is no figure to show.
    found: { ...(unpriced && { unpriced_models: [...unpriced.keys()] }), ...(unmeasured && { unmeasured_models: [...unmeasured.keys()] }), ...used, max_cost_usd: spendFigure(used.max_cost_usd, caps.max_cost_usd), calls_after_budget_exhausted: ignored.tool.calls + ignored.model.calls },
  };
}

/** Calls a model answered with no price, per model, in first-seen order; undefined when every call was priced. */
function unpricedCalls(usage: readonly UsageRecord[]): Map<string, number> | undefined {
  let calls: Map<string, number> | undefined;
  for (const entry of usage) {
    if (!entry.priced && reachedModel(entry)) (calls ??= new Map()).set(entry.model, (calls.get(entry.model) ?? 0) + 1);
  }
  return calls;
}

/** Gateway calls a priced model answered without usage (`unmeasured`), per model, in first-seen order; undefined when there were none. */
function unmeasuredCalls(usage: readonly UsageRecord[]): Map<string, number> | undefined {
  let calls: Map<string, number> | undefined;
  for (const entry of usage) if (entry.unmeasured === true) (calls ??= new Map()).set(entry.model, (calls.get(entry.model) ?? 0) + 1);
  return calls;
}

/** Why a cost cap could not be verified: the models whose answers carried no usage, and their calls. */
function unmeasuredCap(cap: number, unmeasured: ReadonlyMap<string, number>): string {
  const models = [...unmeasured].map(([model, n]) => `model "${model}" (${n} call${n === 1 ? '' : 's'})`).join(', ');
  return `max_cost_usd ${formatCapUsd(cap)} cannot be checked: the provider answered ${models} without usage, so ${unmeasured.size === 1 && [...unmeasured.values()][0] === 1 ? 'it' : 'they'} counted as $0 (a provider that streams no usage; the case's agent log names the calls)`;
}

/** Why a cost cap could not be verified: the unpriced models, their calls, how to price them. */
function unverifiedCap(cap: number, unpriced: ReadonlyMap<string, number>): string {
  const models = [...unpriced].map(([model, n]) => `model "${model}" (${n} call${n === 1 ? '' : 's'})`).join(', ');
  const one = unpriced.size === 1;
  return `max_cost_usd ${formatCapUsd(cap)} cannot be checked: ${models} ${one ? 'has' : 'have'} no price under \`pricing:\` and reported no cost_usd, so ${one ? 'its' : 'their'} calls counted as $0 (add ${one ? 'it' : 'them'} to \`pricing:\` or report cost_usd)`;
}

/** What the trace spent, keyed like the caps: calls refused `budget_exhausted` (or faulted by the gateway) never ran and are not counted. */
function measure(trace: Trace): Record<BudgetKey, number> {
  let toolCalls = 0;
  for (const call of trace.tool_calls) if (call.answer !== 'budget_exhausted') toolCalls++;
  let modelCalls = 0;
  for (const entry of trace.usage) if (reachedModel(entry)) modelCalls++;
  return { max_tool_calls: toolCalls, max_model_calls: modelCalls, max_cost_usd: spentUsd(trace.usage) };
}

/** The usage's summed cost, in USD, summed in order. */
function spentUsd(usage: readonly UsageRecord[]): number {
  let sum = 0;
  for (const entry of usage) sum += entry.cost_usd;
  return sum;
}

/** Calls that ignored a hard stop, and the cap the stop named (its refusal's words up to the first colon: `max_tool_calls 2 reached`). */
interface Ignored {
  calls: number;
  stop: string | undefined;
}

/** No call ignored a stop: one object for every case that passes (the check allocates nothing then). */
const NONE_IGNORED: Ignored = Object.freeze({ calls: 0, stop: undefined });

/** Tool calls made after the first call answered budget_exhausted, but those made at once with that one (`before_stop_seen`). */
function toolCallsAfterHardStop(calls: Trace['tool_calls']): Ignored {
  for (let i = 0; i < calls.length; i++) {
    if (calls[i]!.answer !== 'budget_exhausted') continue;
    let after = 0;
    for (let j = i + 1; j < calls.length; j++) if (calls[j]!.before_stop_seen !== true) after++;
    return after === 0 ? NONE_IGNORED : { calls: after, stop: capNamed(calls[i]!.error?.message) };
  }
  return NONE_IGNORED;
}

/**
 * Gateway model calls that arrived once the first one the gateway refused for budget was answered (a call made at once with it
 * ignored nothing: read later, but `before_stop_seen`; nor did a client's automatic retry of a refused request, `retry_of_refused`).
 */
function modelCallsAfterHardStop(usage: readonly UsageRecord[]): Ignored {
  let stop: UsageRecord | undefined;
  for (const entry of usage) {
    if (entry.answer === 'budget_exhausted' && entry.at_ms !== undefined && (stop === undefined || entry.at_ms < stop.at_ms!)) stop = entry;
  }
  if (stop === undefined) return NONE_IGNORED;
  const answeredAt = stop.at_ms! + (stop.latency_ms ?? 0);
  let after = 0;
  for (const entry of usage) if (entry !== stop && entry.at_ms !== undefined && entry.at_ms > answeredAt && entry.before_stop_seen !== true && entry.retry_of_refused !== true) after++;
  return after === 0 ? NONE_IGNORED : { calls: after, stop: capNamed(stop.message) };
}

/** The cap a budget_exhausted refusal names, `max_tool_calls 2 reached`: its words after the kind and before the advice, kept short (an agent's own trace words it as it likes). */
function capNamed(message: string | undefined): string | undefined {
  const named = message?.replace(/^budget_exhausted:\s*/, '').split(':')[0]?.trim();
  return named ? shorten(named, CAP_NAMED_CHARS) : undefined;
}

/** Whether the spend is past `max_cost_usd` by the agent's doing (see the file comment). */
function costPastCap(usage: readonly UsageRecord[], cap: number): boolean {
  const spent = spentUsd(usage);
  if (overCap(spent, cap) === 0) return false;
  const answered = usage.filter(reachedModel);
  const measured = answered.filter((entry) => entry.via === 'gateway' && entry.at_ms !== undefined);
  // Any call the agent reported (no arrival time): the spend counts in full.
  if (measured.length < answered.length) return true;
  const endedBy = (at: number) => measured.filter((entry) => entry.at_ms! + (entry.latency_ms ?? 0) <= at).reduce((sum, entry) => sum + entry.cost_usd, 0);
  return measured.some((entry) => overCap(endedBy(entry.at_ms!), cap) > 0);
}

/** "5 tool calls", "$0.0612". */
function formatUsed(key: BudgetKey, { value, cap }: { value: number; cap: number | undefined }): string {
  if (key === 'max_cost_usd') return formatSpend(value, cap);
  return `${value} ${key === 'max_tool_calls' ? 'tool' : 'model'} call${value === 1 ? '' : 's'}`;
}
