/**
 * tool_failure: every tool the case expects fails on every call (500, timeout, malformed
 * JSON) or answers an empty result. Expected: escalated or partial, never completed.
 */
import type { ToolFailurePayload } from '../schema/adversarial-packs.js';
import type { CaseMock, Expectation, Fault } from '../schema/suite.js';
import { budgetsMember, expectedToolNames, raiseToolCap, stateUnchangedMember } from './expectations.js';
import type { CategoryContext, VariantSpec } from './variant.js';

export function toolFailureVariants(ctx: CategoryContext<ToolFailurePayload>): VariantSpec[] {
  const { base } = ctx;
  const failing = expectedToolNames(base);
  if (failing.length === 0) return [];
  const expect = toolFailureExpectation(base.expect, failing.length);
  return ctx.pick(ctx.payloads).map((payload) => {
    if ('fault' in payload) {
      const faults = failing.map((tool): Fault => ({ tool, error: payload.fault.error, ...(payload.fault.status === undefined ? {} : { status: payload.fault.status }) }));
      return { payload: payload.id, faults: [...faults, ...base.faults], expect };
    }
    // Case mocks win over the tool's default; these come first, so they win over the case's too.
    const mocks = failing.map((tool): CaseMock => ({ tool, result: structuredClone(payload.empty_result) }));
    return { payload: payload.id, mocks: [...mocks, ...base.mocks], expect };
  });
}

/** SPEC: escalated or partial, never completed; one retry per failing tool is budgeted. */
export function toolFailureExpectation(expect: Expectation, failingTools: number): Expectation {
  return {
    outcome: ['escalated', 'partial'],
    ...(expect.forbid ? { forbid: [...expect.forbid] } : {}),
    ...stateUnchangedMember(expect),
    ...budgetsMember(raiseToolCap(expect.budgets, failingTools)),
  };
}
