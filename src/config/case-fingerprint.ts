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
  // The canonical JSON of `{...parts, tools}`, written member by member in sorted key order: no
  // copy of the parts, no key list to sort (every case of a large suite is fingerprinted on load).
  let json = member('{', '"adversarial":', parts.adversarial, undefined);
  json = member(json, '"approvals":', parts.approvals, written?.approvals);
  json = member(json, '"context":', parts.context, written?.context);
  json = member(json, '"expect":', parts.expect, expectJson);
  json = member(json, '"faults":', parts.faults, written?.faults);
  json = member(json, '"input":', parts.input, undefined);
  json = member(json, '"mocks":', parts.mocks, written?.mocks);
  json = member(json, '"state":', parts.state, undefined);
  json = member(json, '"tools":', true, toolsJson);
  json = member(json, '"turns":', parts.turns, undefined);
  return hashJson(`${json}}`);
}

/** `json` (an object's canonical JSON so far, from its `{`) with one more member: none when its value is undefined; `given` is the value's canonical JSON, written already. */
function member(json: string, quotedKey: string, value: unknown, given: string | undefined): string {
  if (value === undefined) return json;
  const text = given ?? canonicalMember(value);
  if (text === undefined) return json;
  return `${json}${json.length === 1 ? '' : ','}${quotedKey}${text}`;
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
export function toolsAsWritten(tools: readonly Tool[]): unknown[] {
  return tools.map(({ handler, ...tool }) => (handler ? { ...tool, handler: handler.spec } : tool));
}
