/** Figures measured on a trace, for results and metrics. Pure. */
import { own } from '../config/json-value.js';
import { setOwn } from '../config/own-key.js';
import { reachedModel, type CaseModels, type Trace } from '../config/schema/index.js';
import { isPolicyViolation } from './policy.js';

export interface TraceMeasures {
  cost_usd: number;
  model_calls: number;
  /** By model id; undefined when no model answered a call. */
  models: CaseModels | undefined;
  tool_calls: number;
  /** Calls answered with anything but the tool's own result. */
  tool_errors: number;
  /** Calls that repeat a call to the same tool right after it failed with a fault. */
  retries: number;
  /** Calls answered policy_denied or approval_missing (an approver's refusal is no violation). */
  policy_violations: number;
  /** Calls answered approval_missing: a write without the approval it needed (part of policy_violations). */
  approval_missing: number;
}

export function measureTrace(trace: Trace): TraceMeasures {
  // One pass over each list, not a filter (an array) per figure: every attempt is measured.
  let retries = 0;
  let toolErrors = 0;
  let violations = 0;
  let approvalMissing = 0;
  let previous: Trace['tool_calls'][number] | undefined;
  for (const call of trace.tool_calls) {
    if (previous && previous.name === call.name && previous.answer === 'fault') retries++;
    if (call.answer !== 'answer') toolErrors++;
    if (isPolicyViolation(call.answer)) violations++;
    if (call.answer === 'approval_missing') approvalMissing++;
    previous = call;
  }
  let cost = 0;
  let modelCalls = 0;
  for (const usage of trace.usage) {
    cost += usage.cost_usd;
    if (reachedModel(usage)) modelCalls++;
  }
  return {
    cost_usd: cost,
    model_calls: modelCalls,
    models: modelCalls === 0 ? undefined : measureModels(trace),
    tool_calls: trace.tool_calls.length,
    tool_errors: toolErrors,
    retries,
    policy_violations: violations,
    approval_missing: approvalMissing,
  };
}

/** The trace's model calls by model id (calls a model answered); undefined when there are none. */
export function measureModels(trace: Pick<Trace, 'usage'>): CaseModels | undefined {
  const models: CaseModels = {};
  for (const usage of trace.usage) {
    if (!reachedModel(usage)) continue;
    // The model id is the agent's word: `__proto__` or `constructor` is a key like any other, never the prototype.
    let figures = own(models, usage.model) as CaseModels[string] | undefined;
    if (figures === undefined) {
      figures = { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
      setOwn(models, usage.model, figures);
    }
    figures.calls++;
    figures.input_tokens += usage.input_tokens;
    figures.output_tokens += usage.output_tokens;
    figures.cost_usd += usage.cost_usd;
    if (usage.reported_cost) figures.reported_calls = (figures.reported_calls ?? 0) + 1;
  }
  return Object.keys(models).length === 0 ? undefined : models;
}
