/**
 * The state checks of a tool world: `expect.state` (the final state matches, as a subset by
 * default, exactly with `state_exact`, or equal to an expected-state file) and
 * `expect.state_unchanged` (nothing changed, or only at the `except` paths). The final state is
 * the case's initial state with every recorded change replayed in order, so the check reads
 * nothing but the trace and the case.
 */
import fastJsonPatch from 'fast-json-patch';
import { matchTree, type RedactedReading } from '../common/match.js';
import { deepEqual } from '../config/json-value.js';
import { dottedKeyNamedBy } from '../config/state.js';
import type { Case } from '../config/schema/resolved.js';
import type { CheckResult } from '../config/schema/results.js';
import type { JsonPatchOperation, Trace } from '../config/schema/trace.js';

/** Changed paths quoted in a reason. */
const MAX_PATHS_QUOTED = 5;

export type StateCase = Pick<Case, 'expect' | 'state' | 'expectedStateFile'>;

/** The world's state after the trace's calls: the initial state with each call's change applied. */
export function finalState(initial: Record<string, unknown>, trace: Pick<Trace, 'tool_calls'>): Record<string, unknown> {
  const operations = trace.tool_calls.flatMap((call) => call.state_change ?? []);
  if (operations.length === 0) return initial;
  try {
    // Prototype keys are checked by ownKeysOnly, which lets a state's own `__proto__` key be changed like any other.
    return fastJsonPatch.applyPatch(structuredClone(initial), operations as fastJsonPatch.Operation[], ownKeysOnly, false, false).newDocument;
  } catch (error) {
    throw new Error(`${changeThatFailed(trace, error)}${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** `call 2 (refund), add /credits/0: `: the call and the change an error of applyPatch or ownKeysOnly names (by identity), or nothing. */
function changeThatFailed(trace: Pick<Trace, 'tool_calls'>, error: unknown): string {
  const operation = typeof error === 'object' && error !== null && 'operation' in error ? error.operation : undefined;
  const index = operation === undefined ? -1 : trace.tool_calls.findIndex((call) => call.state_change?.some((change) => change === operation));
  const call = trace.tool_calls[index];
  if (call === undefined) return '';
  const { op, path } = operation as JsonPatchOperation;
  return `call ${index + 1} (${call.name}), ${op} ${path}: `;
}

/** ownKeysOnly's refusal, carrying the operation it refused as fast-json-patch's own errors do. */
class PrototypePathError extends Error {
  constructor(
    message: string,
    readonly operation: fastJsonPatch.Operation,
  ) {
    super(message);
  }
}

/** Keys that name a prototype when an object has no own key of that name. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses an operation whose path (or `from`) passes a `__proto__`, `constructor` or `prototype`
 * key that is not an own key where it is reached: it would reach a prototype, not the state.
 * fast-json-patch's own guard refuses such a key even as the state's data (a case's
 * `state: {__proto__: …}` a handler changes); an operation that adds one is refused here.
 */
// eslint-disable-next-line @typescript-eslint/max-params -- fast-json-patch's validator signature (operation, index, document)
function ownKeysOnly(operation: fastJsonPatch.Operation, _index: number, document: unknown): void {
  for (const path of 'from' in operation ? [operation.path, operation.from] : [operation.path]) {
    let at: unknown = document;
    for (const raw of path.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const own = at !== null && typeof at === 'object' && Object.hasOwn(at, key);
      if (PROTOTYPE_KEYS.has(key) && !own) throw new PrototypePathError(`the path ${path} reaches a prototype through "${key}"`, operation);
      at = own ? (at as Record<string, unknown>)[key] : undefined;
    }
  }
}

/** The state checks the case asks for, in order: `state`, then `state_unchanged`; `reading`: the trace was written with redaction on (common/match.ts). */
export function scoreState({ trace, kase, reading }: { trace: Trace; kase: StateCase; reading?: RedactedReading | undefined }): CheckResult[] {
  const { expect } = kase;
  if (expect.state === undefined && expect.state_unchanged === undefined) return [];
  const initial = kase.state ?? {};
  let final: Record<string, unknown>;
  try {
    final = finalState(initial, trace);
  } catch (error) {
    // A trace edited or redacted where a change's path or value mattered: say so, do not guess.
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return [{ check: 'state', pass: false, reason: `the recorded state changes do not replay onto the case's state: ${why}`, expected: 'replayable state changes', found: why }];
  }
  const checks: CheckResult[] = [];
  if (expect.state !== undefined) checks.push(matchFinal({ final, kase, reading }));
  if (expect.state_unchanged !== undefined) {
    const except = expect.state_unchanged === true ? [] : expect.state_unchanged.except;
    checks.push(unchanged({ initial, final, except }));
  }
  return checks;
}

/** Whether the final state matches `expect.state`. */
function matchFinal({ final, kase, reading }: { final: Record<string, unknown>; kase: StateCase; reading: RedactedReading | undefined }): CheckResult {
  const expected = kase.expect.state;
  const match = matchTree({ expected, actual: final, exact: kase.expect.state_exact === true, reading });
  if (match.pass) return { check: 'state', pass: true };
  const where = match.mismatches.slice(0, MAX_PATHS_QUOTED).map((m) => m.path || '(the whole state)');
  const more = match.mismatches.length > MAX_PATHS_QUOTED ? ` and ${match.mismatches.length - MAX_PATHS_QUOTED} more` : '';
  const against = kase.expectedStateFile ? `${kase.expectedStateFile}` : 'expect.state';
  return {
    check: 'state',
    pass: false,
    reason: `the final state does not match ${against} at ${where.join(', ')}${more}`,
    expected: match.mismatches.map((m) => ({ path: m.path, expected: m.expected })),
    found: match.mismatches.map((m) => ({ path: m.path, found: m.found })),
  };
}

/** Whether the state is as it began, apart from the `except` paths. */
function unchanged({ initial, final, except }: { initial: Record<string, unknown>; final: Record<string, unknown>; except: readonly string[] }): CheckResult {
  if (deepEqual(initial, final)) return { check: 'state', name: 'state unchanged', pass: true };
  const patterns = except.map((path) => path.split('.'));
  const changed = (fastJsonPatch.compare(initial, final) as JsonPatchOperation[])
    .filter((op) => !patterns.some((pattern) => covers(pattern, pointerKeys(op.path))));
  if (changed.length === 0) return { check: 'state', name: 'state unchanged', pass: true };
  const paths = changed.map((op) => pointerKeys(op.path).join('.'));
  const more = paths.length > MAX_PATHS_QUOTED ? ` and ${paths.length - MAX_PATHS_QUOTED} more` : '';
  return {
    check: 'state',
    name: 'state unchanged',
    pass: false,
    reason: `the state changed at ${paths.slice(0, MAX_PATHS_QUOTED).join(', ')}${more}${except.length > 0 ? ` (only ${except.join(', ')} may change)` : ''}`,
    expected: except.length > 0 ? { unchanged_except: except } : 'no change',
    found: changed,
  };
}

/** The keys of a JSON Pointer: `/orders/1234/status` → orders, 1234, status. */
function pointerKeys(pointer: string): string[] {
  return pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Whether a dot-path pattern (`*` is one key) covers `keys`: they are the pattern's path or below it.
 * A key that holds dots (`sku.1`, `bob@example.com`) is met by one part of the pattern, the key
 * itself or `*`, or by as many parts as it has, each the key's part or `*` (config/state.ts
 * `dottedKeyNamedBy`): `prices.sku.*` and `prices.*` both cover `sku.large` under `prices`.
 */
function covers(pattern: readonly string[], keys: readonly string[]): boolean {
  // (pattern part, key) pairs already known not to lead to a cover: both readings of a dotted key are tried.
  const failed = new Set<number>();
  const from = (at: number, index: number): boolean => {
    if (at === pattern.length) return true;
    if (index === keys.length || failed.has(at * (keys.length + 1) + index)) return false;
    const key = keys[index]!;
    const parts = key.split('.').length;
    const met = ((pattern[at] === '*' || pattern[at] === key) && from(at + 1, index + 1)) || (parts > 1 && dottedKeyNamedBy(key, pattern.slice(at, at + parts)) && from(at + parts, index + 1));
    if (!met) failed.add(at * (keys.length + 1) + index);
    return met;
  };
  return from(0, 0);
}
