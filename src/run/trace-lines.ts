/**
 * A run folder's traces read one at a time: where each trace's line is in traces.jsonl, by trace
 * id, and the line read and parsed when asked for. `merge` plays its shards' attempts in plan
 * order, which interleaves the shards, without holding every shard's traces at once.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TraceSchema, type Trace } from '../config/schema/index.js';
import { TRACES_FILE } from './run-folder.js';

const NEWLINE = 0x0a;

export class TraceLines {
  /** Each trace id's line, as byte offsets into the file: the last line of an id wins, as `readTraces` keeps it. */
  private readonly lines = new Map<string, { start: number; end: number }>();
  private readonly fd: number | undefined;

  constructor(dir: string) {
    const path = join(dir, TRACES_FILE);
    if (!existsSync(path)) return;
    const bytes = readFileSync(path);
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline;
      const id = traceIdOf(bytes.toString('utf8', start, end));
      if (id !== undefined) this.lines.set(id, { start, end });
      start = end + 1;
    }
    this.fd = openSync(path, 'r');
  }

  /** The trace of `traceId`; undefined when the folder has none that parses (a line cut short by a killed run). */
  get(traceId: string): Trace | undefined {
    const at = this.lines.get(traceId);
    if (at === undefined || this.fd === undefined) return undefined;
    const line = Buffer.alloc(at.end - at.start);
    readSync(this.fd, line, 0, line.length, at.start);
    const parsed = TraceSchema.safeParse(parseLine(line.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

function traceIdOf(line: string): string | undefined {
  const raw = parseLine(line);
  if (typeof raw !== 'object' || raw === null || !('trace_id' in raw)) return undefined;
  return typeof raw.trace_id === 'string' ? raw.trace_id : undefined;
}

function parseLine(line: string): unknown {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line);
  } catch {
    // a line cut short by a killed run
    return undefined;
  }
}
