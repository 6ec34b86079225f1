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
  let retries = 0;
  trace.tool_calls.forEach((call, i) => {
    const previous = trace.tool_calls[i - 1];
    if (previous && previous.name === call.name && previous.answer === 'fault') retries++;
  });
  return {
    cost_usd: trace.usage.reduce((sum, u) => sum + u.cost_usd, 0),
    model_calls: trace.usage.filter(reachedModel).length,
    models: measureModels(trace),
    tool_calls: trace.tool_calls.length,
    tool_errors: trace.tool_calls.filter((c) => c.answer !== 'answer').length,
    retries,
    policy_violations: trace.tool_calls.filter((c) => isPolicyViolation(c.answer)).length,
    approval_missing: trace.tool_calls.filter((c) => c.answer === 'approval_missing').length,
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
  }
  return Object.keys(models).length === 0 ? undefined : models;
}
