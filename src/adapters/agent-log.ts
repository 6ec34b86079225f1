/**
 * One agent process's log (its stderr, plus our protocol notes), each line tagged with the
 * traces in flight when it arrived (only the one it names, when it names a trace_id), so
 * `logFor(trace)` gives a case its own lines. A module agent's log is one too: what it printed,
 * each line tagged with the run it printed in (`splitterFor`).
 */
import { InFlightMap } from '../common/in-flight-map.js';
import { excerpt, type Quote } from '../common/shorten.js';
import { LineSplitter } from './jsonrpc.js';
import { LogRing, cutLines, lastLines } from './log-ring.js';
import { EXCEPTION_LOOKBACK_LINES, NODE_BANNER, uncaughtException } from './uncaught-exception.js';
import { ERROR_STACK_LINES } from './agent-messages.js';

/** Lines of stderr quoted in an error about the process. */
const STDERR_TAIL_LINES = 10;
/** Characters quoted of each of those lines. */
const STDERR_QUOTE_CHARS = 500;
/**
 * stdout and stderr are separate pipes, so a line the agent logged just before answering can
 * arrive after the answer: it is still attributed to the run for this long.
 */
const STDERR_LINGER_MS = 100;
/** Longest stderr line buffered before it is cut. */
const STDERR_MAX_LINE_BYTES = 64 * 1024;


export class AgentLog {
  private readonly ring = new LogRing();
  private readonly inFlight = new InFlightMap<string, true>();
  /** Ended traces whose lines still count as theirs for a moment, oldest first. */
  private readonly lingering = new LingeringTraces();
  /** Traces new lines belong to; rebuilt lazily, only when a line arrives after a change. */
  private snapshot: readonly string[] | undefined = [];

  /**
   * `quote`: how what the process wrote is quoted in a message about it (its stderr lines, a line on stdout that is no
   * message): the run's quoting, redacted before it is escaped (adapter.ts `AdapterContext.quote`).
   */
  constructor(readonly quote: Quote = excerpt) {}

  /** A splitter for the process's stderr stream that files every line here. */
  stderrSplitter(): LineSplitter {
    return this.splitter((line) => this.tracesOf(line));
  }

  /**
   * A splitter for output known to belong to the given traces (a module agent's, written while it
   * ran one case; none for its import): its lines are filed under them, whatever is in flight.
   */
  splitterFor(traceIds: readonly string[]): LineSplitter {
    return this.splitter(() => traceIds);
  }

  started(traceId: string): void {
    this.inFlight.set(traceId, true);
    this.snapshot = undefined;
  }

  /** The run ended; lines still count as its own for a moment (see STDERR_LINGER_MS). */
  ended(traceId: string): void {
    this.inFlight.delete(traceId);
    // Timestamps rather than a timer per run: at thousands of runs the timers cost more than this.
    const now = performance.now();
    this.lingering.dropExpired(now);
    this.lingering.add(traceId, now + STDERR_LINGER_MS);
    this.snapshot = undefined;
  }

  /**
   * Files lines the agent sent for one run (the stack of a `run` it answered with an error,
   * `data.stack`) under that run alone, as if written to stderr while it ran; at most
   * ERROR_STACK_LINES, each cut as a stderr line is (log-ring.ts).
   */
  fileFor(traceId: string, lines: readonly string[]): void {
    // Filed as a note is: not among the process's stderr lines that a crash message quotes (withTail), nor read as one of them.
    for (const line of lines.slice(0, ERROR_STACK_LINES)) this.ring.note(line, [traceId]);
  }

  /** Records a protocol problem, attributed to the traces in flight (in their logs, never in `withTail`'s quote of the process's lines). */
  note(message: string): void {
    this.ring.note(`[agentready] protocol: ${message}`, this.traces());
  }

  linesFor(traceId: string): string[] {
    return this.ring.linesFor(traceId);
  }

  /** The message followed by the last lines of stderr, if any (`withLastLines`). */
  withTail(message: string): string {
    return withLastLines({ message, ring: this.ring, label: 'last stderr lines', quote: this.quote });
  }

  /**
   * The traces a stderr line belongs to: those it names by trace_id when it names any of them
   * (a concurrent agent that logs its trace_id keeps its lines apart), else every trace in flight.
   */
  private tracesOf(line: string): readonly string[] {
    const traces = this.traces();
    if (traces.length < 2) return traces;
    const named = traces.filter((traceId) => line.includes(traceId));
    return named.length > 0 ? named : traces;
  }

  private splitter(tracesOf: (line: string) => readonly string[]): LineSplitter {
    return new LineSplitter({
      onLine: (line) => this.ring.push(line, tracesOf(line)),
      onOversized: (head) => this.ring.push(`${this.quote(head)} [line cut]`, tracesOf(head)),
      maxLineBytes: STDERR_MAX_LINE_BYTES,
    });
  }

  private traces(): readonly string[] {
    if (this.lingering.dropExpired(performance.now())) this.snapshot = undefined;
    this.snapshot ??= [...new Set([...this.inFlight.keys(), ...this.lingering.ids()])];
    return this.snapshot;
  }
}

/** Ended traces kept before the queue's spent front is cut off (a copy of what is left: a few hundred ids). */
const LINGER_COMPACT_AFTER = 1024;

/**
 * The traces that ended, with until when (performance.now()) their lines still count, as a queue:
 * every trace lingers for the same time, so the order they ended in is the order they expire in,
 * and what expired is always at the front. Two arrays and an index, where a Map of them (with its
 * box per entry, its renewals and an iterator to trim it) cost one of each a case.
 */
class LingeringTraces {
  #ids: string[] = [];
  #until: number[] = [];
  /** Where the traces not yet expired start. */
  #head = 0;

  add(traceId: string, until: number): void {
    this.#ids.push(traceId);
    this.#until.push(until);
  }

  /** Forgets the traces whose linger ran out by `now`; true when any was. */
  dropExpired(now: number): boolean {
    const from = this.#head;
    while (this.#head < this.#until.length && this.#until[this.#head]! <= now) this.#head++;
    if (this.#head === from) return false;
    if (this.#head >= LINGER_COMPACT_AFTER) {
      this.#ids = this.#ids.slice(this.#head);
      this.#until = this.#until.slice(this.#head);
      this.#head = 0;
    }
    return true;
  }

  /** The traces still lingering, oldest first. */
  ids(): string[] {
    return this.#ids.slice(this.#head);
  }
}

/**
 * `message` followed by the last lines of a process's log (`label:` then one indented, escaped
 * line each, quoted by `quote`), if any. When the process died of an uncaught exception, its own line
 * (`ReferenceError: lookupOrder is not defined`) ends the message's first line, however deep its
 * stack, with where the agent's code threw it (uncaught-exception.ts); Node's version banner is left out.
 */
export function withLastLines({ message, ring, label, quote }: { message: string; ring: LogRing; label: string; quote: Quote }): string {
  const all = ring.tail(EXCEPTION_LOOKBACK_LINES).filter((line) => !NODE_BANNER.test(line));
  const tail = lastLines(all, STDERR_TAIL_LINES);
  if (tail.length === 0) return message;
  const exception = uncaughtException(all, quote);
  const headline = exception === undefined ? message : `${message}: ${exception}`;
  return `${headline}\n${label}:\n${cutLines(tail, (line) => quote(line, STDERR_QUOTE_CHARS))
    .map((line) => `  ${line}`)
    .join('\n')}`;
}
