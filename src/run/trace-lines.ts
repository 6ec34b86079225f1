/**
 * A run folder's traces read one at a time: where each trace's lines are in traces.jsonl, by trace
 * id, and the line read and parsed when asked for. `merge` plays its shards' attempts in plan
 * order, which interleaves the shards, without holding every shard's traces at once. A line is
 * parsed once, when its trace is asked for: its id is read from its opening (`{"trace_id":"…"`,
 * as agentready writes them); only a line that opens otherwise is parsed to find it.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../config/schema/index.js';
import { parseTraceLine } from './run-traces.js';
import { TRACES_FILE } from './run-folder.js';
import { LF } from '../config/char-codes.js';

/** How agentready writes a trace's line: its id first. */
const OPENING = Buffer.from('{"trace_id":"');

interface LineAt {
  start: number;
  end: number;
}

export class TraceLines {
  /** Each trace id's lines, as byte offsets into the file, in file order: the last that is a trace wins, as in `readTraces`. */
  private readonly lines = new Map<string, LineAt[]>();
  private readonly fd: number | undefined;

  constructor(dir: string) {
    const path = join(dir, TRACES_FILE);
    if (!existsSync(path)) return;
    const bytes = readFileSync(path);
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(LF, start);
      const end = newline === -1 ? bytes.length : newline;
      const id = traceIdOf(bytes, { start, end });
      if (id !== undefined) {
        const seen = this.lines.get(id);
        if (seen === undefined) this.lines.set(id, [{ start, end }]);
        else seen.push({ start, end });
      }
      start = end + 1;
    }
    this.fd = openSync(path, 'r');
  }

  /** The trace of `traceId`; undefined when the folder has none that parses (a line cut short by a killed run). */
  get(traceId: string): Trace | undefined {
    const lines = this.lines.get(traceId);
    if (lines === undefined || this.fd === undefined) return undefined;
    for (let i = lines.length - 1; i >= 0; i--) {
      const trace = parseTraceLine(this.#read(lines[i]!));
      // A line whose opening named an id its whole does not (a key given twice) is not this trace.
      if (trace?.trace_id === traceId) return trace;
    }
    return undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }

  #read({ start, end }: LineAt): string {
    const line = Buffer.alloc(end - start);
    readSync(this.fd!, line, 0, line.length, start);
    return line.toString('utf8');
  }
}

/** The id a line names: from its opening when it is agentready's, else from the line parsed; undefined when it names none. */
function traceIdOf(bytes: Buffer, { start, end }: LineAt): string | undefined {
  if (end - start > OPENING.length && bytes.subarray(start, start + OPENING.length).equals(OPENING)) {
    // The id's JSON string: up to the first quote no backslash escapes.
    for (let at = start + OPENING.length; at < end; at++) {
      if (bytes[at] === 0x5c) at++;
      else if (bytes[at] === 0x22) return stringOf(bytes.toString('utf8', start + OPENING.length - 1, at + 1));
    }
    return undefined;
  }
  const raw = jsonOf(bytes.toString('utf8', start, end));
  if (typeof raw !== 'object' || raw === null || !('trace_id' in raw)) return undefined;
  return typeof raw.trace_id === 'string' ? raw.trace_id : undefined;
}

function stringOf(json: string): string | undefined {
  const value = jsonOf(json);
  return typeof value === 'string' ? value : undefined;
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // a line cut short by a killed run
    return undefined;
  }
}
