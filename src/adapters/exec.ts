/**
 * The exec transport (SPEC §4, §11): one process per case. The plain `run` params go to its
 * stdin; it prints one plain result object on stdout that carries its own trace (`tool_calls`,
 * `usage`). The agent uses its own tools, so agentready hosts none: mocks and faults do not
 * apply, and the reported calls are recorded and judged as they happened. stderr is the case's log.
 */
import path from 'node:path';
import { loadExeca } from './execa-lib.js';
import type { z } from 'zod';
import type { ExecTargetSchema } from '../config/schema/config.js';
import { hostsTools } from '../config/tool-host.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { jsonNestedPast } from '../config/json-depth.js';
import { listenForAbort } from '../common/abort-listeners.js';
import { HarnessError, InternalError } from '../errors.js';
import { RunTimeoutError, type Adapter, type AdapterContext, type RunReply, type RunContext } from './adapter.js';
import { excerpt, type Quote } from '../common/shorten.js';
import { isJson } from '../common/is-json.js';
import { plural } from '../common/plural.js';
import { OWN_GROUP_SPAWN, pipesHeldNote, ProcessGroup, SIGKILL_AFTER_MS } from './process-group.js';
import { LOG_RING_LINES, cutLines, lastLines, logLine } from './log-ring.js';
import { EXCEPTION_LOOKBACK_LINES, NODE_BANNER, uncaughtException } from './uncaught-exception.js';
import { ExecResultSchema, type AgentInfo, type RunParams } from './protocol.js';
import { MAX_REPORTED_TOOL_CALLS, reportedCallsPastMax } from '../config/schema/reported-call.js';
import { readAnswer } from './result-issues.js';
import { TimeLimit } from './time-limit.js';
import { notStarted } from './not-started.js';
import { userEnv } from '../config/borrowed-env.js';
import { commandLine } from '../config/shell-words.js';
import { UnknownResultKeys } from './unknown-result-keys.js';
import { MAX_LINE_BYTES } from './line-splitter.js';

export type ExecTarget = z.infer<typeof ExecTargetSchema>;

/** Largest result a command may print on stdout (one message's bound); past it the case is an error that says so. */
const MAX_STDOUT_BYTES = MAX_LINE_BYTES;
/** What is kept of the end of stderr (the case's log is its last lines): a command may log as much as it likes. */
const STDERR_TAIL_CHARS = 1024 * 1024;
/** Cases whose stderr stays readable through `logFor`. */
const LOGS_KEPT = 1024;
/** stderr lines quoted in the error of a failed command. */
const STDERR_QUOTED_LINES = 5;

export class ExecAdapter implements Adapter {
  /** The command uses its own tools and reports them in its result. */
  readonly hostsTools = hostsTools({ adapter: 'exec' });
  private readonly logs = new Map<string, string[]>();
  /** Keys of the results that agentready does not read, for the run's warnings. */
  private readonly unknownKeys: UnknownResultKeys;

  constructor(
    private readonly target: ExecTarget,
    private readonly ctx: AdapterContext,
  ) {
    this.unknownKeys = new UnknownResultKeys({ known: Object.keys(ExecResultSchema.shape), said: `the command \`${excerpt(commandLine(target.command))}\` printed` });
  }

  /** Nothing runs between cases, so there is nothing to start: execa loads, not in the first case's time. */
  async start(signal: AbortSignal): Promise<AgentInfo> {
    if (signal.aborted) throw signal.reason;
    await loadExeca();
    const name = this.target.command.map((part) => path.basename(part)).join(' ');
    return { name, concurrency: this.ctx.concurrency };
  }

  async run(params: RunParams, { host, signal }: RunContext): Promise<RunReply> {
    if (signal.aborted) throw signal.reason;
    const [file, ...args] = this.target.command;
    if (file === undefined) throw new InternalError('exec target without a command');
    const { execa } = await loadExeca();
    const limit = new TimeLimit(signal, params.timeout_ms);
    host.handedOff?.();
    const cwd = path.resolve(this.ctx.rootDir, this.target.cwd ?? '.');
    const subprocess = execa(file, args, {
      cwd,
      // The user's environment, not what agentready set for itself (borrowed-env.ts).
      env: { ...userEnv(), ...this.target.env },
      extendEnv: false,
      input: JSON.stringify(params),
      reject: false,
      maxBuffer: MAX_STDOUT_BYTES,
      // stderr is read here, its end kept: execa would fail the command past maxBuffer.
      buffer: { stderr: false },
      stripFinalNewline: true,
      ...OWN_GROUP_SPAWN,
    });
    const stderrTail = new TextTail(STDERR_TAIL_CHARS);
    subprocess.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderrTail.push(chunk));
    // The time limit or the run's abort ends the command and what it started; what it leaves
    // running when it exits is killed then.
    const group = new ProcessGroup(subprocess, {
      killAfterMs: SIGKILL_AFTER_MS,
      reapWhenLeaderExits: true,
      onPipesHeld: (held) => stderrTail.push(`\n${pipesHeldNote(held)}\n`),
    });
    const stopListening = listenForAbort(limit.signal, () => group.terminate());
    const result = await subprocess.finally(() => {
      stopListening();
      limit.dispose();
    });
    const stderr = stderrTail.text();
    this.keepLog(params.trace_id, { stderr, cut: stderrTail.dropped > 0 });
    if (signal.aborted) throw signal.reason;
    if (limit.timedOut) throw new RunTimeoutError(params.timeout_ms);
    const command = commandLine(this.target.command);
    const quote = this.ctx.quote ?? excerpt;
    if (result.isMaxBuffer) {
      throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed more than ${MAX_STDOUT_BYTES / (1024 * 1024)} MB on stdout, the most one result may be, so it was stopped${quoteTail(stderr, quote)}`, { cause: result });
    }
    if (result.failed) {
      const why = result.exitCode !== undefined ? `exited with code ${result.exitCode}` : result.signal ? `was killed by ${result.signal}` : notStarted(result, cwd);
      throw new HarnessError('AGENT_EXITED', `the command \`${excerpt(command)}\` ${why}${quoteTail(stderr, quote)}`, { cause: result });
    }
    return parseResult(String(result.stdout ?? ''), { command, stderr, noteKeys: (raw) => this.unknownKeys.note(raw, params.case.id), quote });
  }

  async stop(): Promise<void> {}

  /** The results' keys agentready does not read, each once. */
  warnings(): string[] {
    return this.unknownKeys.warnings();
  }

  logFor(traceId: string): string[] {
    return this.logs.get(traceId) ?? [];
  }

  /** The case's log: the last lines of its stderr; `cut` when what came before them was not kept. */
  private keepLog(traceId: string, { stderr, cut }: { stderr: string; cut: boolean }): void {
    const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length === 0) return;
    const window = lastLines(lines, LOG_RING_LINES);
    const kept = cutLines(window, logLine);
    this.logs.set(traceId, cut || window.length < lines.length ? [`[agentready] stderr before its last ${plural(kept.length, 'line')} not kept`, ...kept] : kept);
    if (this.logs.size > LOGS_KEPT) this.logs.delete(this.logs.keys().next().value as string);
  }
}

/**
 * stdout as the result with its trace, or a HarnessError naming what is wrong with it; `noteKeys` sees the JSON it parsed.
 * An empty stdout quotes `stderr`'s last lines, where the command said why it answered nothing (a stdio agent's serveStdio, say).
 */
function parseResult(stdout: string, { command, stderr, noteKeys, quote }: { command: string; stderr: string; noteKeys: (raw: unknown) => void; quote: Quote }): RunReply {
  const text = stdout.trim();
  if (text === '') throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed nothing on stdout; expected one JSON result object${quoteTail(stderr, quote)}`);
  // As deep as a recorded trace may be (`score` reads these results too): what judges and writes the trace walks it.
  const deep = jsonNestedPast(text, MAX_NESTING_DEPTH);
  if (deep !== undefined) throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed a result nested more than ${MAX_NESTING_DEPTH} levels deep (at character ${deep + 1})`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Several lines, some of them JSON: a result beside log lines, or a result twice.
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const json = lines.filter(isJson).length;
    if (lines.length > 1 && json > 0) {
      throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed ${lines.length} lines on stdout, ${json} of them JSON, where one JSON result object was expected (stdout carries only the result: log to stderr): "${quote(text)}"`);
    }
    throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed something that is not one JSON object on stdout: "${quote(text)}"`);
  }
  noteKeys(raw);
  // Counted before the schema reads every call.
  const calls = reportedCallsPastMax(raw);
  if (calls !== undefined) {
    throw new HarnessError('AGENT_PROTOCOL', `the command \`${excerpt(command)}\` printed a result reporting ${calls} tool calls, more than the ${MAX_REPORTED_TOOL_CALLS} one result may report`);
  }
  const result = readAnswer(raw, { schema: ExecResultSchema, said: `the command \`${excerpt(command)}\` printed`, quote });
  if (result instanceof HarnessError) throw result;
  return result;
}

/**
 * "; stderr: <last lines>" for an error message, after ": <the exception>" when the command died of
 * one (its line and where it threw, which a deep stack pushes out of the last lines), or ' (no stderr)'; quoted by `quote`.
 */
function quoteTail(stderr: string, quote: Quote): string {
  const all = lastLines(stderr.split(/\r?\n/).filter((line) => line.trim() !== '' && !NODE_BANNER.test(line)), EXCEPTION_LOOKBACK_LINES);
  const lines = lastLines(all, STDERR_QUOTED_LINES);
  if (lines.length === 0) return ' (no stderr)';
  const exception = uncaughtException(all, quote);
  return `${exception === undefined ? '' : `: ${exception}`}; stderr: ${cutLines(lines, (line) => quote(line)).join(' | ')}`;
}

/** The end of a text written in chunks, at most about `max` characters, starting at a line's start. */
class TextTail {
  private kept = '';
  /** Characters dropped from the front. */
  dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    this.kept += chunk;
    // Cut when twice over, so a long log is cut once per `max` characters, not on every chunk.
    if (this.kept.length > 2 * this.max) this.cut();
  }

  text(): string {
    this.cut();
    return this.kept;
  }

  // Keeps the last `max` characters from the first line that starts among them: no line's half.
  // When that leaves nothing (one line longer than `max` at the end), a marker line stands for it.
  private cut(): void {
    if (this.kept.length <= this.max) return;
    const newline = this.kept.indexOf('\n', this.kept.length - this.max);
    const from = newline === -1 ? this.kept.length : newline + 1;
    this.dropped += from;
    this.kept = this.kept.slice(from);
    if (this.kept === '') this.kept = `[agentready] a stderr line longer than ${this.max} characters, not kept\n`;
  }
}
