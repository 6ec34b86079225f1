/**
 * What a module agent prints. It runs in agentready's process, so its `console.log`,
 * `console.error` and writes to `process.stdout`/`process.stderr` would reach the user's terminal
 * unredacted, escapes and all, and mix into a reporter's stdout. While a module adapter is
 * started, both streams' `write` is routed: a write made by code running in an agent's async
 * context (its default export for one run, its import, its `shutdown`, and everything they start:
 * timers, promises, sockets) goes to that context's sink, the agent's log; every other write
 * (agentready's own printing) goes on to the stream as before. The same context tells
 * module-faults.ts whose an uncaught exception or a `process.exit()` is.
 *
 * The user's own code agentready calls in its process, a tool handler's call and a custom
 * scorer's, prints the same way, to a sink of its own (`runPrintingTo`: its case's agent log);
 * that routing is installed at the first such call and stays for the process (a timer the code
 * left prints later), so a run that calls none pays nothing, and each call one async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EXCERPT_CHARS, shorten } from '../common/shorten.js';
import { LineSplitter } from './line-splitter.js';
import { setOutputRouter } from './stray-faults.js';
import { whileUsed } from './while-used.js';

export type OutputStreamName = 'stdout' | 'stderr';

/** Where one context's output goes: the stream it was written to and the text or bytes. */
export interface OutputSink {
  write(stream: OutputStreamName, chunk: string | Uint8Array): void;
}

/**
 * One agent context: a run of the default export (its case), the import or `shutdown`. Its
 * output goes to `write`; an uncaught exception, an unhandled rejection or a `process.exit()`
 * raised in it goes to `fault` (module-faults.ts).
 */
export interface AgentScope extends OutputSink {
  /** False when it came too late to be recorded anywhere (the run's warnings were read). */
  fault(fault: AgentFault): boolean;
}

/** What agent code did that would have ended agentready's process. */
export type AgentFault =
  | { kind: 'uncaught' | 'unhandled'; error: unknown }
  /** `call`: how the agent tried to end the process, as it wrote it: `process.exit(1)`, `process.abort()`, `process.kill(process.pid, "SIGKILL")`. */
  | { kind: 'exit'; call: string };

type Write = NodeJS.WriteStream['write'];

const current = new AsyncLocalStorage<AgentScope>();
/** The user code's call (a tool handler's, a custom scorer's) running: where its output goes, before its agent's (a module agent's tool call runs the handler). */
const userCode = new AsyncLocalStorage<OutputSink>();

/**
 * Runs `fn` in `scope`: what it, and everything it starts, writes to process.stdout and stderr
 * goes to the scope (while routed), and so do its faults.
 */
export function runInAgentScope<T>(scope: AgentScope, fn: () => T): T {
  return current.run(scope, fn);
}

/** Runs `fn` as agentready's own code, out of any agent or user code's context: what it prints reaches the terminal. */
export function outsideAgentScope<T>(fn: () => T): T {
  return current.exit(() => userCode.exit(fn));
}

// From here on the cli prints its own lines (an error nothing caught, raised in such a context) through outsideAgentScope.
setOutputRouter(outsideAgentScope);

/**
 * Runs the user's code `fn` (a tool handler's call, a custom scorer's) printing to `sink`: what
 * it, and everything it starts, writes to process.stdout and stderr goes there, for as long as
 * the process lives.
 */
export function runPrintingTo<T>(sink: OutputSink, fn: () => T): T {
  // A routing of its own, held for the process and never released (not the module adapters',
  // which give the streams back when the last stops); routed again on top when the current
  // write does not reach it (a test's recorder replaced it, in a process shared by test files).
  if (!STREAMS.every((name) => REACHES_USER_ROUTING.has(process[name].write))) {
    routeStreams();
    for (const name of STREAMS) REACHES_USER_ROUTING.add(process[name].write);
  }
  return userCode.run(sink, fn);
}

/** The routed writes that are, or pass on to, runPrintingTo's routing (a module adapter's made over it). */
const REACHES_USER_ROUTING = new WeakSet<Write>();
const STREAMS = ['stdout', 'stderr'] as const;

/** The agent context the running code belongs to; undefined in agentready's own code. */
export function currentAgentScope(): AgentScope | undefined {
  return current.getStore();
}

/**
 * Routes process.stdout's and stderr's writes made inside runInAgentScope to their sinks, until
 * the returned function is called (once per call; the last one restores the streams' own write).
 */
export const routeAgentOutput: () => () => void = whileUsed(routeStreams);

function routeStreams(): () => void {
  const undo = STREAMS.map((name) => {
    const stream = process[name];
    const own = Object.getOwnPropertyDescriptor(stream, 'write');
    const write = stream.write;
    // eslint-disable-next-line @typescript-eslint/max-params -- stream.write's own (chunk, ...encoding and callback), with its `this`
    const routed = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      const sink = userCode.getStore() ?? current.getStore();
      if (sink === undefined) return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const [encoding, callback] = typeof rest[0] === 'function' ? [undefined, rest[0]] : [rest[0], rest[1]];
      sink.write(name, typeof chunk === 'string' || chunk instanceof Uint8Array ? textOf(chunk, encoding) : String(chunk));
      if (typeof callback === 'function') process.nextTick(callback as () => void);
      return true;
    } as Write;
    stream.write = routed;
    if (REACHES_USER_ROUTING.has(write)) REACHES_USER_ROUTING.add(routed);
    return () => {
      // Someone wrapped the stream after us: their wrapper stays (and calls ours, which passes through).
      if (stream.write !== routed) return;
      if (own) Object.defineProperty(stream, 'write', own);
      else delete (stream as Partial<NodeJS.WriteStream>).write;
    };
  });
  return () => undo.forEach((fn) => fn());
}

/** A string written with another encoding than UTF-8 (`write(hex, 'hex')`) as its bytes; the rest as given. */
function textOf(chunk: string | Uint8Array, encoding: unknown): string | Uint8Array {
  if (typeof chunk !== 'string' || typeof encoding !== 'string' || !Buffer.isEncoding(encoding) || /^utf-?8$/i.test(encoding)) return chunk;
  return Buffer.from(chunk, encoding);
}

/** A sink that splits each stream's output into lines: a splitter per stream, opened on its first write. */
export class LineOutput implements OutputSink {
  private stdout: LineSplitter | undefined;
  private stderr: LineSplitter | undefined;

  constructor(private readonly open: () => LineSplitter) {}

  write(stream: OutputStreamName, chunk: string | Uint8Array): void {
    const splitter = stream === 'stdout' ? (this.stdout ??= this.open()) : (this.stderr ??= this.open());
    splitter.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  /** Files a last line not ended by a newline. */
  end(): void {
    this.stdout?.end();
    this.stderr?.end();
  }
}

/** Longest line of the user's code's output (`printedLines`) kept whole; past it, cut to an excerpt. */
const PRINTED_MAX_LINE_BYTES = 64 * 1024;

/**
 * A sink for `runPrintingTo` that gives `push` each line printed (blank ones skipped), one past 64 KiB
 * cut to an excerpt's length: as printed, like the others, for whoever keeps it to redact, then escape.
 * (Escaped here, a bidi control inside a card was `\u202e` text that split its digits for the redaction.)
 */
export function printedLines(push: (line: string) => void): LineOutput {
  return new LineOutput(() => new LineSplitter({ onLine: push, onOversized: (head) => push(`${shorten(head, EXCERPT_CHARS)} [line cut]`), maxLineBytes: PRINTED_MAX_LINE_BYTES }));
}
