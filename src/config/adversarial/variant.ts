/** What one category module proposes for one variant, and how it becomes a Case. */
import { caseFingerprint, toolsJson } from '../case-fingerprint.js';
import { fingerprint } from '../fingerprint.js';
import type { AdversarialCategory } from '../schema/adversarial.js';
import { variantId } from './variant-id.js';
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

/**
 * The variant `<base-id>~<category>-<n>` (n is 1-based), tagged `adversarial` and `adversarial:<category>`.
 * `suiteTools` are the tools it runs with unless its spec brings its own.
 */
export function makeVariant(input: { base: Case; category: AdversarialCategory; n: number; spec: VariantSpec; suiteTools: readonly Tool[] }): Case {
  const { base, category, n, spec } = input;
  const kase: Case = {
    id: variantId({ base: base.id, category, n }),
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
  // A variant of a quarantined case is as unsettled as its base.
  if (base.quarantine !== undefined) kase.quarantine = base.quarantine;
  if (spec.tools !== undefined) kase.tools = spec.tools;
  // A conversation stays one, opening with the variant's message; its own expectation replaces the turns'.
  // A malformed message is the whole conversation: its expectation (clarified or refused) judges the
  // answer to it, which the clean turns after it would otherwise replace (a careful agent clarifies, then completes).
  if (base.turns !== undefined) {
    kase.turns = category === 'malformed_input' ? [{ user: kase.input }] : base.turns.map((turn, i) => ({ user: i === 0 ? kase.input : turn.user }));
  }
  if (base.state !== undefined) kase.state = base.state;
  if (base.expectedStateFile !== undefined && spec.expect.state !== undefined) kase.expectedStateFile = base.expectedStateFile;
  if (base.model_faults !== undefined) kase.model_faults = base.model_faults;
  kase.fingerprint = variantFingerprint(kase, { base, suiteTools: input.suiteTools });
  if (kase.fingerprint !== '') kase.priorFingerprint = priorFingerprint(kase, base);
  return kase;
}

/**
 * The hash of what the variant runs and is judged with, as generated: its input and turns, context,
 * mocks, faults, approvals, state, expectation and tools, with its family and payload. Not the base
 * case's fingerprint: an edit of the base that the variant does not inherit (an expectation its
 * family replaces) leaves it unchanged, and one it inherits reaches it through these. Empty when the
 * base has none (a load that computes no fingerprints).
 */
function variantFingerprint(kase: Case, from: { base: Case; suiteTools: readonly Tool[] }): string {
  if (from.base.fingerprint === '') return '';
  const { category, payload } = kase.adversarial!;
  return caseFingerprint({
    parts: {
      adversarial: { category, payload },
      input: kase.input,
      context: kase.context,
      mocks: kase.mocks,
      faults: [...kase.faults, ...(kase.model_faults ?? [])],
      approvals: kase.approvals,
      expect: kase.expect,
      turns: kase.turns,
      state: kase.state,
    },
    toolsJson: toolsJson(kase.tools ?? from.base.tools ?? from.suiteTools),
  });
}

/**
 * The fingerprint earlier builds gave a variant (its base's fingerprint, and its own parts), kept
 * so that a baseline they wrote still pairs with an unchanged variant instead of calling every
 * variant changed once after an upgrade. Frozen: do not change what it hashes.
 */
function priorFingerprint(kase: Case, base: Case): string {
  return fingerprint({
    base: base.fingerprint,
    adversarial: kase.adversarial,
    input: kase.input,
    context: kase.context,
    mocks: kase.mocks,
    faults: kase.faults,
    expect: kase.expect,
    tools: kase.tools,
    turns: kase.turns,
  });
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
  /** Whether agentready hosts the tools (tool-host.ts): without, no mock reaches the agent. */
  hostsTools: boolean;
  /** The seeded subset of the candidates this case gets (all when they fit the limit). */
  pick: <T>(items: readonly T[]) => T[];
}
