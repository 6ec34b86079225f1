/**
 * What the gateway does with one model call, before any byte goes upstream: refuse it at a
 * cap, answer it with an injected fault, or let it through (perhaps to be cut short). Caps
 * first, as for tool calls. Pure.
 */
import type { Budgets, ModelFault } from '../../config/schema/index.js';
import { formatCapUsd, formatSpend, reachedCap } from '../../common/usd.js';

export interface ModelSpend {
  /** Calls let through to a model so far (in flight included). */
  modelCalls: number;
  /** Cost of the calls that have ended. */
  costUsd: number;
}

/** 1-based positions of this call among the case's model calls. */
export interface CallIndex {
  /** Among every call (what `model: "*"` counts). */
  overall: number;
  /** Among the calls asking for the same model. */
  ofModel: number;
}

export type ModelCallDecision =
  /** Forward (or replay); `truncate` cuts the answer halfway on the way to the agent. */
  | { kind: 'forward'; truncate: boolean }
  /** Answered by the gateway as the provider would fail: 429, 5xx, or no answer at all. */
  | { kind: 'fault'; fault: ModelFault & { error: 'rate_limit' | 'server_error' | 'timeout' } }
  | { kind: 'budget_exhausted'; message: string };

export function decideModelCall(input: { caps: Budgets; spent: ModelSpend; faults: readonly ModelFault[]; model: string; index: CallIndex }): ModelCallDecision {
  const { caps, spent } = input;
  if (caps.max_model_calls !== undefined && spent.modelCalls >= caps.max_model_calls) {
    return { kind: 'budget_exhausted', message: `max_model_calls ${caps.max_model_calls} reached: stop calling the model and escalate or return a partial result` };
  }
  // Cost is known only once a call ends: the call after the spend reached the cap is refused (eight
  // calls of $0.1 sum to 0.7999999999999999, which has reached a cap of 0.8).
  if (caps.max_cost_usd !== undefined && reachedCap(spent.costUsd, caps.max_cost_usd)) {
    return {
      kind: 'budget_exhausted',
      message: `max_cost_usd ${formatCapUsd(caps.max_cost_usd)} reached (${formatSpend(spent.costUsd)} spent): stop calling the model and escalate or return a partial result`,
    };
  }
  const fault = findModelFault(input.faults, { model: input.model, index: input.index });
  if (fault === undefined) return { kind: 'forward', truncate: false };
  if (fault.error === 'truncated_stream') return { kind: 'forward', truncate: true };
  return { kind: 'fault', fault: { ...fault, error: fault.error } };
}

/** The first fault aimed at this call: `model: "*"` counts every call, a model id only its own. */
export function findModelFault(faults: readonly ModelFault[], { model, index }: { model: string; index: CallIndex }): ModelFault | undefined {
  return faults.find((fault) =>
    fault.model === '*'
      ? fault.call === undefined || fault.call === index.overall
      : fault.model === model && (fault.call === undefined || fault.call === index.ofModel),
  );
}
