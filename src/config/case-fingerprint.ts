/**
 * What a case's fingerprint covers: everything that decides how it runs and how it is judged —
 * its opening input and turns, context, mocks, tool and model faults, approvals, initial state,
 * expectation and tools (a handler as written) — and, for a generated variant, its family and
 * payload. Not its id, tags, risk, description or quarantine: the baseline keys a case by id, and
 * the rest do not change a verdict.
 */
import { canonicalJson, canonicalMember, hashJson } from './fingerprint.js';
import type { Case, Tool } from './schema/resolved.js';

/** The parts of a case its fingerprint hashes; `faults` holds its tool and model faults alike. */
export interface FingerprintedCase {
  input: string;
  context: Case['context'];
  mocks: Case['mocks'];
  faults: ReadonlyArray<Case['faults'][number] | NonNullable<Case['model_faults']>[number]>;
  approvals: Case['approvals'];
  expect: Case['expect'];
  turns: readonly unknown[] | undefined;
  state: Case['state'];
  /** Set for a generated variant only (a base case's fingerprint has no such member). */
  adversarial?: { category: string; payload: string };
}

/** Members of a case whose canonical JSON is written already (values many cases share: case-sharing.ts), undefined for the others. */
export type WrittenMembers = Readonly<Record<'approvals' | 'context' | 'mocks' | 'faults', string | undefined>>;

/**
 * The fingerprint of a case. `toolsJson` is toolsJson(its tools); `expectJson`, when given, the
 * canonical JSON of `expect` already written (a suite's cases share it); `written`, that of other members.
 */
export function caseFingerprint(input: { parts: FingerprintedCase; toolsJson: string; expectJson?: string; written?: WrittenMembers }): string {
  const { parts, toolsJson, expectJson, written } = input;
  // The canonical JSON of `{...parts, tools}`, written member by member in sorted key order and
  // joined once: no copy of the parts, no key list to sort, no string grown member by member
  // (every case of a large suite is fingerprinted as it loads).
  const members = member('"adversarial":', jsonOf(parts.adversarial))
    + member('"approvals":', jsonOf(parts.approvals, written?.approvals))
    + member('"context":', jsonOf(parts.context, written?.context))
    + member('"expect":', jsonOf(parts.expect, expectJson))
    + member('"faults":', jsonOf(parts.faults, written?.faults))
    // A text: V8's JSON of it, as canonical JSON writes a string.
    + member('"input":', JSON.stringify(parts.input))
    + member('"mocks":', jsonOf(parts.mocks, written?.mocks))
    + member('"state":', parts.state === undefined ? undefined : stateJson(parts.state))
    + member('"tools":', toolsJson)
    + member('"turns":', jsonOf(parts.turns));
  // Each member comes with a leading comma; `tools` is always there, so there is one to drop.
  return hashJson(`{${members.slice(1)}}`);
}

/**
 * The canonical JSON around a plain case's expectation, input and initial state, written once per
 * suite: a case whose approvals are its suite's, with no context, mocks, faults, turns or variant
 * (most of a large suite). Its fingerprint is then five strings joined, not ten members written.
 */
export interface PlainCaseJson {
  /** Up to its expectation's JSON. */
  head: string;
  /** Between the expectation and the input. */
  beforeInput: string;
  /** Between the input and the state (when there is one). */
  afterInput: string;
  /** After the state: the tools. */
  tail: string;
}

/** PlainCaseJson of the cases whose approvals' canonical JSON is `approvalsJson`, under the tools written `toolsJson`. */
export function plainCaseJson({ approvalsJson, toolsJson }: { approvalsJson: string; toolsJson: string }): PlainCaseJson {
  // The keys in caseFingerprint's order; `{}` and `[]` are the JSON of no context, mocks or faults.
  return { head: `{"approvals":${approvalsJson},"context":{},"expect":`, beforeInput: ',"faults":[],"input":', afterInput: ',"mocks":[]', tail: `,"tools":${toolsJson}}` };
}

/**
 * The fingerprint of a plain case (see PlainCaseJson): caseFingerprint's, with `expectJson` the
 * canonical JSON of its expectation.
 */
export function plainCaseFingerprint(json: PlainCaseJson, kase: { input: string; expectJson: string; state: Case['state'] }): string {
  const state = kase.state === undefined ? undefined : stateJson(kase.state);
  const stateMember = state === undefined ? '' : `,"state":${state}`;
  return hashJson(`${json.head}${kase.expectJson}${json.beforeInput}${JSON.stringify(kase.input)}${json.afterInput}${stateMember}${json.tail}`);
}

/** The canonical JSON of each initial state fingerprinted: the cases that share their suite's state write it once. */
const STATE_JSON = new WeakMap<object, string | undefined>();

function stateJson(state: object): string | undefined {
  if (STATE_JSON.has(state)) return STATE_JSON.get(state);
  const json = canonicalMember(state);
  STATE_JSON.set(state, json);
  return json;
}

/** `,"key":json`, or nothing when there is no JSON. */
function member(quotedKey: string, json: string | undefined): string {
  return json === undefined ? '' : `,${quotedKey}${json}`;
}

/** A member's canonical JSON: undefined when the value is undefined (or not JSON); `given`, written already, when there is one. */
function jsonOf(value: unknown, given?: string): string | undefined {
  return value === undefined ? undefined : given ?? canonicalMember(value);
}

/**
 * The fingerprint of a suite, `{cases: <its cases' fingerprints>, tools: <its tools as written>}`,
 * its canonical JSON written here: a list of strings is its JSON.stringify text (what canonicalJson
 * writes, after checking each of 10,000 items is no object), the tools' the one every case holds.
 */
export function suiteFingerprint(cases: readonly Case[], toolsJson: string): string {
  return hashJson(`{"cases":${JSON.stringify(cases.map((c) => c.fingerprint))},"tools":${toolsJson}}`);
}

/**
 * The canonical JSON of a tool list as fingerprinted (a handler as written, as its absolute path
 * differs from checkout to checkout), written once per list: every case of a suite, and every
 * variant of a base case, holds the same list.
 */
export function toolsJson(tools: readonly Tool[]): string {
  let json = TOOLS_JSON.get(tools);
  if (json === undefined) {
    json = canonicalJson(toolsAsWritten(tools));
    TOOLS_JSON.set(tools, json);
  }
  return json;
}

// Keyed by the list itself: a resolved suite's tool lists are never changed after they are made.
const TOOLS_JSON = new WeakMap<readonly Tool[], string>();

/** Tools as fingerprinted: a handler as written. */
function toolsAsWritten(tools: readonly Tool[]): unknown[] {
  return tools.map(({ handler, ...tool }) => (handler ? { ...tool, handler: handler.spec } : tool));
}
