/**
 * `import { serveStdio } from 'agentready-cli/agent'`: a stdio agent as one function. It speaks
 * agentready/1 over stdin/stdout (newline-delimited JSON-RPC 2.0) with the harness's own
 * framing and schemas, and hands each `run` to the same `async (task, ctx) => result` a module
 * agent exports, with the same `ctx`. Runs are served concurrently (up to `concurrency`, which
 * the agent announces in `initialize`); `cancel` aborts that run's `ctx.signal`. stdout carries
 * only protocol messages: what else the process writes there goes to stderr. The lines of one
 * synchronous cascade (the answers to one read, a run's usage and its answer) go out in one write,
 * on process.nextTick, as the harness writes to the agent (BatchedWriter): a pipe write wakes the
 * reader, one wake-up per cascade. Not once per turn of the event loop (setImmediate): an answer
 * then waited for every callback after it in that turn, another run's synchronous work included,
 * which agentready timed to this case (its latency, or its timeout) (test/e2e/agent-sdk.test.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentContext, AgentHandler } from './index.js';
import { JSONRPC_ERRORS, JsonRpcError } from '../adapters/jsonrpc-errors.js';
import { JsonRpcPeer, type ProtocolProblem } from '../adapters/jsonrpc.js';
import { readUsage } from '../adapters/usage.js';
import { CancelParamsSchema, METHODS, RunParamsSchema, ToolErrorDataSchema, describeIssues, ERROR_STACK_LINES, type RunParams } from '../adapters/agent-messages.js';
import { BatchedWriter } from '../adapters/batched-writer.js';
import { AfterStderr } from './after-stderr.js';
import { ToolCallError } from '../adapters/tool-call-error.js';
import { moduleImportMark } from '../adapters/in-process-mark.js';
import { escapeControls } from '../common/sanitize.js';
import { describeThrown, isInstance } from '../common/thrown.js';

/** This library's own file (the bundle the package's `./agent` export loads): its frames are not the agent's. */
const OWN_FILE = fileURLToPath(import.meta.url);

/**
 * Characters of each line of a thrown handler's stack sent with its error answer (its lines:
 * agent-messages.ts ERROR_STACK_LINES): four times the 4096 agentready keeps of a log line, so
 * its own cut there, which cuts no secret in two (log-ring.ts), still sees every secret that cut could touch whole.
 */
const STACK_LINE_CHARS = 16_384;

/** Characters of a bad line from the harness quoted on the agent's stderr, at most. */
const QUOTED_CHARS = 200;

/**
 * A bad line from the harness (a JSON line, or a line too long to read), quoted on this agent's
 * stderr, which the harness reads as the agent's log and redacts line by line. The agent loads no
 * redaction (common/shorten.ts is the harness's), so a long line is cut before the JSON string
 * the cut would fall in, not inside it: a secret the line carries is in one string, whole or gone.
 */
function quoteHarnessLine(rawLine: string): string {
  if (rawLine.length <= QUOTED_CHARS) return escapeControls(rawLine);
  return `${escapeControls(rawLine.slice(0, Math.max(0, rawLine.lastIndexOf('"', QUOTED_CHARS - 1))))}…`;
}

/**
 * A case's `run` params as the exec adapter sends them, plain JSON with no JSON-RPC envelope
 * (`JSON.stringify(params)` begins with the trace id): this stdio agent was named as an exec target.
 */
const RUN_PARAMS_LINE = /^\{"trace_id":/;
/** What this agent says on stderr, which the exec adapter quotes, when started as an exec target. */
const STARTED_AS_EXEC =
  'serveStdio speaks the stdio protocol: set target.adapter to stdio (this process was started as an exec target, the case as plain JSON on stdin)';

/**
 * The version `initialize` reports when `serveStdio` is given none: the protocol requires one
 * (SPEC §4, `{name, version, concurrency?}`), so a stdio agent always has a version in reports
 * and the baseline, unlike a module without a `version` export.
 */
export const DEFAULT_AGENT_VERSION = '0.0.0';

export interface ServeStdioOptions {
  /** Shown in reports and recorded in the baseline (default: the script's file name). */
  name?: string;
  /** Shown in reports and recorded in the baseline (default: `DEFAULT_AGENT_VERSION`, `0.0.0`). */
  version?: string;
  /** Runs this process accepts at once (default 1). */
  concurrency?: number;
}

/**
 * process.stdout for the protocol's lines alone: everything else the process writes there (the
 * handler's `console.log`, a library's `process.stdout.write`) goes to stderr, the agent's log, as
 * a module agent's printing does. A log line on stdout would otherwise be a bad protocol line,
 * failing the case in flight (AGENT_PROTOCOL) or, beside others, only warned of.
 */
function protocolStdout(): NodeJS.WriteStream {
  // Made once: a second serveStdio in the process must not take the rerouted write for stdout's.
  if (rerouted !== undefined) return rerouted;
  const out = process.stdout;
  const write = out.write.bind(out);
  const log = process.stderr;
  // A write stderr could not take at once (false) is followed by stdout's 'drain' once stderr's
  // comes: code that waits for it (a pipe() into process.stdout) would otherwise wait forever.
  let drainOwed = false;
  out.write = ((...args: unknown[]) => {
    const written = Reflect.apply(log.write, log, args) as boolean;
    if (!written && !drainOwed) {
      drainOwed = true;
      log.once('drain', () => {
        drainOwed = false;
        out.emit('drain');
      });
    }
    return written;
  }) as typeof out.write;
  // Every other member (writable, on, end, its state) is stdout's own, read and set on it.
  rerouted = new Proxy(out, { get: (target, key) => (key === 'write' ? write : Reflect.get(target, key, target)) });
  return rerouted;
}
let rerouted: NodeJS.WriteStream | undefined;

/** Serves `handler` on this process's stdin and stdout until agentready sends `shutdown` or closes stdin. */
export function serveStdio(handler: AgentHandler, options: ServeStdioOptions = {}): void {
  // Imported as a module target, in agentready's process: its stdin and stdout are not the agent's to serve (in-process-mark.ts).
  const imported = moduleImportMark();
  if (imported !== undefined) {
    imported.serveStdioCalled = true;
    return;
  }
  const name = options.name ?? path.basename(process.argv[1] ?? 'agent');
  const version = options.version ?? DEFAULT_AGENT_VERSION;
  const concurrency = options.concurrency ?? 1;
  /** Abort controllers of the runs in flight, by trace id. */
  const runs = new Map<string, AbortController>();

  const protocolOut = protocolStdout();
  const stdout = new BatchedWriter(protocolOut);
  // Each line after the stderr lines written before it (after-stderr.ts).
  const ordered = new AfterStderr({ stderr: process.stderr, send: (text) => stdout.write(text) });
  // The handler may end the process itself (process.exit): the lines of its cascade still go out
  // (a write to a pipe or a file is synchronous on Linux and macOS).
  process.on('exit', () => {
    ordered.releaseAll();
    stdout.flush();
  });
  /** Exits once every line so far is written (an empty write's callback runs after the ones before it). */
  const exit = () => {
    ordered.releaseAll();
    stdout.flush();
    protocolOut.write('', () => process.exit(0));
  };

  const peer: JsonRpcPeer = new JsonRpcPeer({
    write: (line) => ordered.write(line),
    onProblem: (problem: ProtocolProblem) => process.stderr.write(`${name}: ${RUN_PARAMS_LINE.test(problem.excerpt) ? STARTED_AS_EXEC : `${problem.message}: ${problem.excerpt}`}\n`),
    excerpt: quoteHarnessLine,
    requests: {
      [METHODS.initialize]: () => ({ name, version, concurrency }),
      [METHODS.run]: (rawParams) => serveRun(rawParams),
      [METHODS.shutdown]: () => {
        setImmediate(exit);
        return {};
      },
    },
    notifications: {
      [METHODS.cancel]: (rawParams) => {
        const parsed = CancelParamsSchema.safeParse(rawParams);
        if (parsed.success) runs.get(parsed.data.trace_id)?.abort(new Error('cancelled by agentready'));
      },
    },
  });

  async function serveRun(rawParams: unknown): Promise<unknown> {
    const parsed = RunParamsSchema.safeParse(rawParams);
    if (!parsed.success) throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `invalid run params: ${describeIssues(parsed.error)}` });
    const task = parsed.data;
    const controller = new AbortController();
    runs.set(task.trace_id, controller);
    try {
      return await handler(task, contextFor(task, controller.signal));
    } catch (error) {
      throw ownFailure(error);
    } finally {
      runs.delete(task.trace_id);
    }
  }

  function contextFor(task: RunParams, signal: AbortSignal): AgentContext {
    const call = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
      try {
        return await peer.request(method, { trace_id: task.trace_id, ...params }).response;
      } catch (error) {
        throw asToolError(error);
      }
    };
    return {
      signal,
      models: { ...task.models },
      callTool: <T>(toolName: string, args: Record<string, unknown> = {}) => call(METHODS.toolsCall, { name: toolName, arguments: args }) as Promise<T>,
      // eslint-disable-next-line @typescript-eslint/max-params -- the agent's public ctx.requestApproval(name, args?, reason?) (SPEC §4, §11)
      requestApproval: async (toolName, args = {}, reason) =>
        (await call(METHODS.approvalRequest, { name: toolName, arguments: args, ...(reason === undefined ? {} : { reason }) })) as { approved: boolean },
      recordUsage(usage) {
        // Read as agentready reads a report, and worded the same; said here, at the call, where NaN
        // and Infinity are still seen (JSON would turn them into null).
        const reading = readUsage(usage);
        if (!reading.ok) throw new TypeError(`ctx.recordUsage: ${reading.problem}`);
        peer.notify(METHODS.usage, { trace_id: task.trace_id, ...reading.usage });
      },
    };
  }

  process.stdin.on('data', (chunk: Buffer) => peer.feed(chunk));
  // agentready closed our stdin: nothing more will come.
  process.stdin.on('end', () => {
    peer.end();
    exit();
  });
}

/**
 * What the handler threw, as the run's error answer: its message, and its stack (the agent's frames,
 * not this library's nor Node's) as the error's `data.stack`, which agentready files as that case's
 * log whatever else is in flight and reads where the agent's code threw from (`(at support.mjs:12:28)`,
 * as a module agent's says, shown from agentready's folder, not the agent's: docs/transports.md).
 */
function ownFailure(error: unknown): unknown {
  if (isInstance(error, JsonRpcError)) return error;
  let stack: string[] = [];
  try {
    const lines = isInstance(error, Error) && typeof error.stack === 'string' ? error.stack.split('\n') : [];
    stack = lines.filter((line) => !/^\s+at /.test(line) || !(line.includes(import.meta.url) || line.includes(OWN_FILE) || line.includes('node:internal/')));
    // No more than agentready keeps: a huge message is in the answer once, not twice.
    stack = stack.slice(0, ERROR_STACK_LINES).map((line) => line.slice(0, STACK_LINE_CHARS));
  } catch {
    // a stack getter that throws: the message alone
  }
  return new JsonRpcError({
    code: JSONRPC_ERRORS.INTERNAL_ERROR,
    message: describeThrown(error),
    ...(stack.length > 0 ? { data: { stack } } : {}),
  });
}

/** A tool's error answer as a ToolCallError; any other JSON-RPC error (a run that ended, bad params) as it came. */
function asToolError(error: unknown): unknown {
  if (!(error instanceof JsonRpcError)) return error;
  const data = ToolErrorDataSchema.safeParse(error.data);
  return data.success ? new ToolCallError(error.message, data.data) : error;
}
