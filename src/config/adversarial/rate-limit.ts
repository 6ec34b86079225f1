/**
 * rate_limit: the first call(s) of each tool answer 429 with `retry_after_ms`. Expected: the
 * base case's expectation, reached after waiting, or escalated (SPEC §11 "Variant expectations").
 */
import type { RateLimitPayload } from '../schema/adversarial-packs.js';
import type { Tool } from '../schema/resolved.js';
import type { Expectation, Fault } from '../schema/suite.js';
import { expectedToolNames, raiseToolCap } from './expectations.js';
import type { CategoryContext, VariantSpec } from './variant.js';

export function rateLimitVariants(ctx: CategoryContext<RateLimitPayload>): VariantSpec[] {
  const { base, tools } = ctx;
  // A case that calls no tool would never meet the 429.
  if (expectedToolNames(base).length === 0) return [];
  return ctx.pick(ctx.payloads).map((payload) => ({
    payload: payload.id,
    faults: [...rateLimits(tools, payload), ...base.faults],
    expect: rateLimitExpectation(base.expect, { tools: tools.length, calls: payload.calls ?? 1 }),
  }));
}

/**
 * The base expectation plus waiting; escalating is the other acceptable ending; one retry per 429 is
 * budgeted. The base case's final `state` (with `state_exact`) is asked of the completed ending
 * only: the escalation says `ignore_state` (score/index.ts), as it leaves the world short of the
 * change the base case makes. `state_unchanged` holds on both endings.
 */
export function rateLimitExpectation(expect: Expectation, faulted: { tools: number; calls: number }): Expectation {
  const budgets = raiseToolCap(expect.budgets, faulted.tools * faulted.calls);
  const escalated = { outcome: 'escalated' as const, ...(expect.forbid ? { forbid: [...expect.forbid] } : {}), ...(expect.state === undefined ? {} : { ignore_state: true as const }) };
  return {
    ...expect,
    respect_retry_after: true,
    alternatives: [...(expect.alternatives ?? []), escalated],
    ...(budgets ? { budgets } : {}),
  };
}

function rateLimits(tools: readonly Tool[], payload: RateLimitPayload): Fault[] {
  return tools.flatMap((tool) =>
    Array.from({ length: payload.calls ?? 1 }, (_, i): Fault => ({
      tool: tool.name,
      call: i + 1,
      error: 'rate_limit',
      retry_after_ms: payload.retry_after_ms,
      ...(payload.status === undefined ? {} : { status: payload.status }),
    })));
}
