/**
 * A tool world (τ²-bench's way): the state an attempt's tool handlers read and change. Each
 * attempt gets its own deep copy of the case's state; handlers are loaded once per run and called
 * one at a time as `(args, world)`; each call's change to the state is recorded as a JSON Patch
 * (RFC 6902, computed by fast-json-patch: a standard, readable format that `applyPatch` replays).
 */
import fastJsonPatch from 'fast-json-patch';
import { agentStack } from '../adapters/agent-stack.js';
import { guardUserCode, type UserCodeGuard } from '../adapters/user-code-watchdog.js';
import { printedLines, runPrintingTo } from '../adapters/module-output.js';
import { MAX_LINE_BYTES, messageBytes } from '../adapters/line-splitter.js';
import { runTrappingExits } from './handler-exits.js';
import type { LatePrints } from './late-prints.js';
import { importModuleOnce } from '../config/import-module.js';
import type { HandlerRef, JsonPatchOperation, Tool } from '../config/schema/index.js';
import type { HandlerFn, HandlerWorld } from '../config/schema/tool-handler.js';
import { UsageError } from '../errors.js';
import { OWN_ERROR_KINDS } from '../config/schema/answer-kinds.js';
import { isPlainObject } from '../config/json-value.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { jsonNestedPast, valueNestedPast } from '../config/json-depth.js';
import { describeThrown as describeThrownText } from '../common/thrown.js';

export type { HandlerFn, HandlerWorld } from '../config/schema/tool-handler.js';

/** Loaded handler functions by `file#export`. */
export type Handlers = ReadonlyMap<string, HandlerFn>;

/** How one handler call ended. */
export type HandlerEnding =
  | { kind: 'result'; result: unknown }
  /** It threw `{kind, message}`: a domain error the agent must handle. */
  | { kind: 'domain_error'; error: { kind: string; message: string } }
  /** It threw anything else: a bug in the world, so the case cannot be judged. */
  | { kind: 'crashed'; message: string; stack: string[] };

/** How one handler call ended, and what it did to the state (also when it threw). */
export type HandlerOutcome = HandlerEnding & { change: JsonPatchOperation[] };

/** The key a handler is loaded under. */
export function handlerKey(ref: HandlerRef): string {
  return `${ref.file}#${ref.exportName}`;
}

/**
 * Every handler the tools name, imported once before the first case (validation checked each
 * loads; a module changed since is a UsageError, before any spending).
 */
export async function loadHandlers(tools: Iterable<Tool>): Promise<Map<string, HandlerFn>> {
  const handlers = new Map<string, HandlerFn>();
  for (const tool of tools) {
    if (!tool.handler || handlers.has(handlerKey(tool.handler))) continue;
    const { spec, file, exportName } = tool.handler;
    let fn: unknown;
    try {
      fn = (await importModuleOnce(file, 'tool handler'))[exportName];
    } catch (error) {
      throw new UsageError(`could not load the handler ${spec} of ${tool.name} (${file}): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof fn !== 'function') throw new UsageError(`the handler ${spec} of ${tool.name} is not a function exported by ${file}`);
    handlers.set(handlerKey(tool.handler), fn as HandlerFn);
  }
  return handlers;
}

/**
 * One handler call: the function, its arguments, its case, its number; `handler` names it (`./tools/orders.js#cancel of
 * cancel_order`) to a `process.exit` it leaves behind; `guard` names it to the user code's watchdog and gives its time limit.
 */
type HandlerCall = { fn: HandlerFn; args: Record<string, unknown>; kase: HandlerWorld['case']; call: number; handler?: string; guard?: UserCodeGuard };

/** One attempt's world: its state, and a queue so handlers run one at a time. */
export class World {
  #state: Record<string, unknown>;
  /** The state's JSON text, as it was when the last call ended: the state before the next call, kept as text (no copy to make, one comparison of strings to tell a call that changed nothing). */
  #text: string;
  #queue: Promise<unknown> = Promise.resolve();
  #printed: string[] = [];
  /** The case ended (its environment closed): what a handler prints from now on goes to `#late`, else nowhere. */
  #ended = false;
  readonly #late: LatePrints | undefined;

  /** A deep copy of `initial`: nothing an attempt does reaches the case or another attempt. */
  constructor(initial: Record<string, unknown> | undefined, late?: LatePrints) {
    this.#text = JSON.stringify(initial ?? {});
    this.#state = JSON.parse(this.#text) as Record<string, unknown>;
    this.#late = late;
  }

  /** The case has ended: its agent log is being written, so what a handler prints later is a run warning (`late`). */
  end(): void {
    this.#ended = true;
  }

  /** The state now. */
  get state(): Record<string, unknown> {
    return this.#state;
  }

  /**
   * What the handlers printed (console.log, process.stdout/stderr.write), a line each, tagged with
   * the handler: for the case's agent log, never agentready's own stdout or stderr.
   */
  get printed(): readonly string[] {
    return this.#printed;
  }

  /**
   * Calls the handler after every earlier call has finished (so each change is its own), and
   * records what it changed. The result is a copy: a later change cannot rewrite what the agent
   * was told.
   */
  call(input: HandlerCall): Promise<HandlerOutcome> {
    const next = this.#queue.then(() => this.#run(input));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #run({ fn, args, kase, call, handler, guard }: HandlerCall): Promise<HandlerOutcome> {
    const before = this.#text;
    const world: HandlerWorld = { state: this.#state, case: { id: kase.id, context: structuredClone(kase.context) }, call };
    let outcome: HandlerEnding;
    // Under the user code's watchdog when the caller names the call: a handler that blocks the event loop ends the run, named, instead of hanging it.
    // Its process.exit() ends its call, not the run (handler-exits.ts).
    const handled = async () => (guard === undefined ? await fn(structuredClone(args), world) : await guardUserCode(guard, async () => fn(structuredClone(args), world)));
    // What it prints goes to the case's agent log (module-output.ts), also from a timer it leaves;
    // after the case ended, to the run's warnings.
    const named = handler ?? 'a tool handler';
    const output = printedLines((line) => {
      if (!this.#ended) this.#printed.push(`[handler ${named}] ${line}`);
      else this.#late?.add(line, { handler: named, caseId: kase.id });
    });
    const run = () => runPrintingTo(output, handled);
    const { settled, exit } = await runTrappingExits({ run, who: `the tool handler ${named}` });
    output.end();
    if (exit !== undefined) outcome = crashed(`called ${exit}: a handler ends its call by returning or throwing, not the run`);
    else if (settled.status === 'rejected') outcome = describeThrown(settled.reason);
    else {
      try {
        outcome = resultOf(settled.value);
      } catch (thrown) {
        outcome = describeThrown(thrown);
      }
    }
    // What the handler changed before it threw stays changed (as τ²-bench's tools do).
    let after = before;
    try {
      if (!isPlainObject(world.state)) outcome = crashed(`world.state was set to ${JSON.stringify(world.state) ?? String(world.state)}, not an object`);
      else {
        const text = JSON.stringify(world.state);
        // A state too deep to record in the trace (and to load from a state file) is not kept; one
        // left as it was is known not to be, and is not walked again (a lookup in a 2 MB state: 7 ms).
        // Every state is walked once more for what JSON.stringify would lose silently (a Map or a Set as {}, a function or a
        // symbol left out), its text unchanged too: a function set and nothing else changed writes the text it was (~3 ms of CPU at 2 MB).
        const unheld = notJsonIn(world.state, 'world.state');
        if (unheld !== undefined) outcome = crashed(`left ${unheld}: the state holds JSON only (objects, arrays, strings, numbers, booleans, null), so its change was not kept`);
        else if (text === before || jsonNestedPast(text, MAX_NESTING_DEPTH) === undefined) after = text;
        else outcome = crashed(STATE_TOO_DEEP);
      }
    } catch (error) {
      // A state nested thousands deep runs JSON.stringify (or the walk after it) out of stack: said as the depth it is.
      outcome = error instanceof RangeError && valueNestedPast(world.state, MAX_NESTING_DEPTH) ? crashed(STATE_TOO_DEEP) : describeThrown(error);
    }
    // A fresh copy either way: what a handler's timer changes later reaches no state the next call sees.
    this.#state = JSON.parse(after) as Record<string, unknown>;
    this.#text = after;
    // Equal texts are equal states; unequal ones may still be (keys in another order): compare says so.
    const change = after === before ? [] : (fastJsonPatch.compare(JSON.parse(before) as object, this.#state) as JsonPatchOperation[]);
    return { ...outcome, change };
  }
}

/**
 * Where in `value` (a state JSON.stringify has just written, so no circle) the first value JSON
 * would lose, and where (`a Map at world.state.orders.x`); undefined when it holds none.
 * A key set to undefined is no such value: JSON leaves it out, as deleting it would. The state's
 * own toJSON is not asked (the state is held as its keys, an object): it is a function left in it.
 */
function notJsonIn(value: unknown, at: string): string | undefined {
  const found = lostIn(value);
  if (found === undefined) return undefined;
  const path = found.path.reverse().map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`));
  return `${found.what} at ${at}${path.join('')}`;
}

// The first value JSON would lose, its keys innermost first (paths are built only for it: a 2 MB state is walked in ~9 ms, not ~40).
// `key` is the one JSON.stringify gives the value's toJSON: its name in its parent, an index as text.
function lostValue(value: unknown, key: string): { path: Array<string | number>; what: string } | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') return { path: [], what: `a ${typeof value}` };
  if (value === null || typeof value !== 'object') return undefined;
  // A value with toJSON (a Date, a date library's or a money class's instance) is written as what it returns, walked instead
  // of its fields (a time zone's object, a formatting function JSON never sees); what it returns is not asked for its own toJSON.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return lostIn(typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value);
}

// What JSON would lose in `value`, as JSON.stringify has it once any toJSON of its own has been called.
function lostIn(value: unknown): { path: Array<string | number>; what: string } | undefined {
  // A function or a symbol toJSON returns is left out as the handler's code chose; a primitive is written.
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = lostValue(value[i], String(i));
      if (found) {
        found.path.push(i);
        return found;
      }
    }
    return undefined;
  }
  // A class's instance is written as its fields, a boxed string, number or boolean as its value; a Map, a Set or a RegExp as {}, its content lost.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null && Object.keys(value).length === 0 && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return { path: [], what: typeof name === 'string' && name !== '' ? `a${/^[AEIOU]/.test(name) ? 'n' : ''} ${name}` : 'an object of a class' };
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const found = lostValue((value as Record<string, unknown>)[key], key);
    if (found) {
      found.path.push(key);
      return found;
    }
  }
  return undefined;
}

/**
 * A thrown `{kind, message}` (an Error with a `kind` included) is a domain error; anything else a
 * crash. Reading what was thrown never throws: a BigInt or a circle JSON cannot show, or a getter
 * that throws, is a crash shown as text, not a rejection that left the call unanswered.
 */
function describeThrown(thrown: unknown): HandlerEnding {
  try {
    return readThrown(thrown);
  } catch {
    return { kind: 'crashed', message: `threw ${describeThrownText(thrown)}`, stack: [] };
  }
}

function readThrown(thrown: unknown): HandlerEnding {
  if (isPlainObject(thrown) && typeof thrown.kind === 'string' && thrown.kind !== '') {
    // agentready's own kinds tell the agent (and `score` of the trace) that agentready refused the call.
    if (isOwnKind(thrown.kind)) return crashed(`threw kind ${JSON.stringify(thrown.kind)}, which only agentready answers with: a handler's domain error takes a kind of its own`);
    const message = typeof thrown.message === 'string' && thrown.message !== '' ? thrown.message : thrown.kind;
    return { kind: 'domain_error', error: { kind: thrown.kind, message } };
  }
  if (thrown instanceof Error) return { kind: 'crashed', message: `${thrown.name}: ${thrown.message}`, stack: agentStack(thrown.stack ?? '').slice(1) };
  return { kind: 'crashed', message: `threw ${JSON.stringify(thrown) ?? String(thrown)}`, stack: [] };
}

// Returns whether a kind is one agentready answers with itself (a policy denial, a budget, …).
function isOwnKind(kind: string): boolean {
  return (OWN_ERROR_KINDS as readonly string[]).includes(kind);
}

/** A handler's crashes for a value nested past MAX_NESTING_DEPTH: its result, or the state it left. */
const RESULT_TOO_DEEP = `returned a result nested more than ${MAX_NESTING_DEPTH} levels deep`;
const STATE_TOO_DEEP = `left world.state nested more than ${MAX_NESTING_DEPTH} levels deep; its change was not kept`;

// Returns a handler's crash that has no stack of its own to show.
function crashed(message: string): HandlerEnding {
  return { kind: 'crashed', message, stack: [] };
}

/**
 * A handler's result as a JSON copy (what a JSON file holds: a Date becomes its string, undefined
 * members go, so every recorded call replays exactly), or its crash when that is longer than one
 * message may be (MAX_LINE_BYTES, the bound of what an agent sends and of an answer agentready's
 * SDK reads) or nests deeper than MAX_NESTING_DEPTH: the agent is told the tool failed and the
 * trace records that, not the result.
 */
function resultOf(value: unknown): HandlerEnding {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch (thrown) {
    // Nested deep enough (thousands of levels) that JSON.stringify ran out of stack: the handler's result, not a RangeError of its own.
    if (thrown instanceof RangeError && valueNestedPast(value, MAX_NESTING_DEPTH)) return crashed(RESULT_TOO_DEEP);
    throw thrown;
  }
  const bytes = messageBytes(text);
  if (bytes > MAX_LINE_BYTES) return crashed(`returned a result of ${bytes} bytes as JSON, longer than ${MAX_LINE_BYTES} bytes (the limit of one message): the agent was told the tool failed, and the trace does not keep it`);
  const result = JSON.parse(text) as unknown;
  // The trace records it, and what `score` reads back nests at most MAX_NESTING_DEPTH levels, as an argument may.
  return valueNestedPast(result, MAX_NESTING_DEPTH) ? crashed(RESULT_TOO_DEEP) : { kind: 'result', result };
}
