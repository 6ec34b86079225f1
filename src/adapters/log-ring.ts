/**
 * The last lines an agent process wrote to its log (stderr), each tagged with the traces that
 * were in flight when it arrived, and agentready's own notes among them (marked as such, so what
 * is quoted as the process's output is only what it wrote). Bounded in lines and in line length,
 * so a chatty or hostile agent cannot grow our memory.
 */
import { KeyBlockLines } from '../common/redact-deep.js';
import { cutWith } from '../common/shorten.js';

/** Lines kept per process. */
export const LOG_RING_LINES = 500;
/** Characters kept of one line; the rest is cut and marked. */
export const LOG_LINE_MAX_CHARS = 4096;

/** A line as a log keeps it: at most LOG_LINE_MAX_CHARS characters, cut where no secret is cut in two (common/shorten.ts) and marked. */
export function logLine(rawLine: string): string {
  return cutWith(rawLine, { max: LOG_LINE_MAX_CHARS, mark: () => '… [line cut]' });
}

/**
 * The last `count` of a process's lines (all it wrote, in order), not starting inside a private
 * key written over several lines: the key's opening line would be left out, and its other lines,
 * bare base64, would not be recognised as a key's by redaction. The window then starts after it.
 */
export function lastLines(lines: readonly string[], count: number): string[] {
  const blocks = new KeyBlockLines();
  const inKey = lines.map((line) => blocks.next(line) !== 'outside');
  return withoutKeyStart(lines.slice(-count), inKey.slice(-count));
}

/**
 * `lines` (in order, a window `lastLines` gave) each cut by `cut` for a quote or a log, leaving out
 * the lines of a private key whose opening line lost its `-----BEGIN …` to the cut (or whose body line
 * was cut): redaction, which runs on what is kept later, would not know them as a key's and would keep them.
 */
export function cutLines(lines: readonly string[], cut: (line: string) => string): string[] {
  const written = new KeyBlockLines();
  const quoted = new KeyBlockLines();
  const kept: string[] = [];
  for (const line of lines) {
    const quote = cut(line);
    const inKey = written.next(line) !== 'outside';
    if (quoted.next(quote) === 'outside' && inKey) continue;
    kept.push(quote);
  }
  return kept;
}

// Returns `lines` from the first that is not inside a key block (`inKey`, one flag per line) on.
function withoutKeyStart(lines: readonly string[], inKey: readonly boolean[]): string[] {
  const first = inKey.indexOf(false);
  return first === -1 ? [] : lines.slice(first);
}

interface LogEntry {
  line: string;
  /** A line of a private key's body, or its END line: a window of lines must not start with it (`lastLines`). */
  inKey: boolean;
  /** Shared between entries while the set of traces in flight does not change. */
  traceIds: readonly string[];
  /** Written by agentready (a protocol note), not by the process. */
  own: boolean;
  /** Lines filed before this one: the ring keeps those of the last `capacity` numbers. */
  seq: number;
}

/** A trace's entries, oldest first, from `head` on: those before `head` (or still after it, until the trace's next line) are no longer in the ring. */
interface TraceEntries {
  entries: LogEntry[];
  head: number;
}

/** Entries already out of the ring that a trace's list may lead with before they are taken off it. */
const DROPPED_KEPT = 64;

export class LogRing {
  private readonly entries: LogEntry[] = [];
  private start = 0;
  /**
   * The entries of each trace, oldest first: a case's lines are read once per case as it ends,
   * and going through the whole ring for them (500 lines, each tagged with the traces in flight
   * and those ended in the last 100 ms: hundreds) was most of the harness's CPU with an agent that
   * logs a line a case (10,000 cases at concurrency 64: 2.9 s of 4.4 in a profile). A line costs
   * one push per trace it is filed under instead. A line the ring drops is taken off its traces'
   * lists lazily (its number tells), as a trace's next line comes or its list is read; the list of
   * a trace with no line left in the ring goes once every `capacity` lines (`#sweep`).
   */
  private readonly byTrace = new Map<string, TraceEntries>();
  /** Lines filed so far: the next line's `seq`. */
  private filed = 0;
  /** Where the process's own lines stand in a private key's block. */
  private readonly blocks = new KeyBlockLines();
  /** The same, over the process's lines as kept (cut): where redaction will read them. */
  private readonly keptBlocks = new KeyBlockLines();

  constructor(private readonly capacity = LOG_RING_LINES) {}

  /** Files a line the process wrote. */
  push(rawLine: string, traceIds: readonly string[]): void {
    this.#file({ rawLine, traceIds, own: false });
  }

  /** Files a note agentready wrote (a protocol problem), never read as part of a private key. */
  note(text: string, traceIds: readonly string[]): void {
    this.#file({ rawLine: text, traceIds, own: true });
  }

  #file({ rawLine, traceIds, own }: { rawLine: string; traceIds: readonly string[]; own: boolean }): void {
    const line = logLine(rawLine);
    const inKey = !own && this.blocks.next(rawLine) !== 'outside';
    // A key's line whose opening line lost its `-----BEGIN …` to the cut (LOG_LINE_MAX_CHARS): redaction, which
    // reads the lines as kept, would not know it as a key's and would keep it. It is not filed.
    if (!own && this.keptBlocks.next(line) === 'outside' && inKey) return;
    const entry: LogEntry = { line, inKey, traceIds, own, seq: this.filed++ };
    const oldest = this.#oldest();
    for (const traceId of traceIds) {
      const kept = this.byTrace.get(traceId);
      if (kept === undefined) {
        this.byTrace.set(traceId, { entries: [entry], head: 0 });
        continue;
      }
      const { entries } = kept;
      // A trace named twice in one line is filed once.
      if (entries[entries.length - 1] === entry) continue;
      entries.push(entry);
      while (entries[kept.head]!.seq < oldest) kept.head++;
      if (kept.head > DROPPED_KEPT && kept.head * 2 > entries.length) {
        entries.splice(0, kept.head);
        kept.head = 0;
      }
    }
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
    if (this.filed % this.capacity === 0) this.#sweep(oldest);
  }

  /** The `seq` of the oldest line in the ring. */
  #oldest(): number {
    return Math.max(0, this.filed - this.capacity);
  }

  // The lists of traces none of whose lines is left in the ring.
  #sweep(oldest: number): void {
    for (const [traceId, { entries }] of this.byTrace) if (entries[entries.length - 1]!.seq < oldest) this.byTrace.delete(traceId);
  }

  /** Lines written while the trace was in flight, oldest first; not from inside a private key whose first line is not among them (`lastLines`). */
  linesFor(traceId: string): string[] {
    const lines: string[] = [];
    const kept = this.byTrace.get(traceId);
    if (kept === undefined) return lines;
    const oldest = this.#oldest();
    const { entries } = kept;
    for (let i = kept.head; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.seq >= oldest && (lines.length > 0 || !entry.inKey)) lines.push(entry.line);
    }
    return lines;
  }

  /** The last `count` lines the process itself wrote (agentready's notes left out), oldest first, not starting inside a private key (`lastLines`). */
  tail(count: number): string[] {
    const window = this.ordered()
      .filter((entry) => !entry.own)
      .slice(-count);
    return withoutKeyStart(
      window.map((entry) => entry.line),
      window.map((entry) => entry.inKey),
    );
  }

  private ordered(): LogEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }
}
