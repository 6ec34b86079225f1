/**
 * The last lines an agent process wrote to its log (stderr), each tagged with the traces that
 * were in flight when it arrived, and agentready's own notes among them (marked as such, so what
 * is quoted as the process's output is only what it wrote). Bounded in lines and in line length,
 * so a chatty or hostile agent cannot grow our memory.
 */
import { cutWith } from '../common/shorten.js';

/** Lines kept per process. */
export const LOG_RING_LINES = 500;
/** Characters kept of one line; the rest is cut and marked. */
export const LOG_LINE_MAX_CHARS = 4096;

/** A line as a log keeps it: at most LOG_LINE_MAX_CHARS characters, cut where no secret is cut in two (common/shorten.ts) and marked. */
export function logLine(rawLine: string): string {
  return cutWith(rawLine, LOG_LINE_MAX_CHARS, () => '… [line cut]');
}

interface LogEntry {
  line: string;
  /** Shared between entries while the set of traces in flight does not change. */
  traceIds: readonly string[];
  /** Written by agentready (a protocol note), not by the process. */
  own: boolean;
}

export class LogRing {
  private readonly entries: LogEntry[] = [];
  private start = 0;

  constructor(private readonly capacity = LOG_RING_LINES) {}

  /** Files a line; `own` when agentready wrote it (a note), not the process. */
  push(rawLine: string, traceIds: readonly string[], own = false): void {
    const entry = { line: logLine(rawLine), traceIds, own };
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Lines written while the trace was in flight, oldest first. */
  linesFor(traceId: string): string[] {
    const lines: string[] = [];
    const count = this.entries.length;
    for (let i = 0; i < count; i++) {
      const entry = this.entries[(this.start + i) % count]!;
      if (entry.traceIds.includes(traceId)) lines.push(entry.line);
    }
    return lines;
  }

  /** The last `count` lines the process itself wrote (agentready's notes left out), oldest first. */
  tail(count: number): string[] {
    return this.ordered()
      .filter((entry) => !entry.own)
      .slice(-count)
      .map((entry) => entry.line);
  }

  private ordered(): LogEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }
}
