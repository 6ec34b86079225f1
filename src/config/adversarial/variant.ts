/** What one category module proposes for one variant, and how it becomes a Case. */
import { fingerprint } from '../fingerprint.js';
import type { AdversarialCategory } from '../schema/adversarial.js';
import type { Case, Tool } from '../schema/resolved.js';
import type { CaseMock, Expectation, Fault } from '../schema/suite.js';

/** A variant before it has an id: only what differs from the base case, plus its own expectation. */
export interface VariantSpec {
  /** The payload that made it, e.g. `base64-call@tool_result`; shown in the description. */
  payload: string;
  input?: string;
  context?: Record<string, unknown>;
  mocks?: CaseMock[];
  faults?: Fault[];
  tools?: Tool[];
  expect: Expectation;
}

/** The variant `<base-id>~<category>-<n>` (n is 1-based), tagged `adversarial` and `adversarial:<category>`. */
export function makeVariant(input: { base: Case; category: AdversarialCategory; n: number; spec: VariantSpec }): Case {
  const { base, category, n, spec } = input;
  const kase: Case = {
    id: `${base.id}~${category}-${n}`,
    suite: base.suite,
    description: `${category} ${spec.payload} of ${base.id}`,
    input: spec.input ?? base.input,
    context: spec.context ?? base.context,
    tags: [...new Set([...base.tags, 'adversarial', `adversarial:${category}`])],
    approvals: base.approvals,
    mocks: spec.mocks ?? base.mocks,
    faults: spec.faults ?? base.faults,
    expect: spec.expect,
    fingerprint: '',
    location: base.location,
    adversarial: { category, base_case: base.id, payload: spec.payload },
  };
  if (base.risk !== undefined) kase.risk = base.risk;
  if (spec.tools !== undefined) kase.tools = spec.tools;
  if (base.model_faults !== undefined) kase.model_faults = base.model_faults;
  kase.fingerprint = fingerprint({
    base: base.fingerprint,
    adversarial: kase.adversarial,
    input: kase.input,
    context: kase.context,
    mocks: kase.mocks,
    faults: kase.faults,
    expect: kase.expect,
    tools: kase.tools,
  });
  return kase;
}

/** Everything a category module may look at: the base case, its tools, its packs' payloads. */
export interface CategoryContext<P> {
  base: Case;
  /** The tools the base case runs with. */
  tools: readonly Tool[];
  /** The suite's `context_schema`, when it has one. */
  contextSchema: Record<string, unknown> | undefined;
  payloads: readonly P[];
  maxInputChars: number;
  /** The seeded subset of the candidates this case gets (all when they fit the limit). */
  pick: <T>(items: readonly T[]) => T[];
}
