/**
 * `.agentready/history.jsonl` (SPEC §14): every eval appends each attempt's verdict, so flip
 * rates and new failures can be told over many runs. CI keeps the file as a cache, so the
 * reader tolerates what a cache can hold: a line cut short by a killed job, a line written by a
 * newer agentready. Those are counted and skipped, never fatal.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HistoryEntrySchema, type CaseResult, type HistoryEntry } from '../config/schema/index.js';
import { safeJsonText } from '../common/sanitize.js';

export const HISTORY_FILE = 'history.jsonl';

/** Where the history of a project lives: beside its run folders. */
export function historyPath(rootDir: string): string {
  return join(rootDir, '.agentready', HISTORY_FILE);
}

/** One history line per attempt of a run; skipped attempts never ran and leave none. */
export function historyEntries(input: HistoryInput): HistoryEntry[] {
  return [...eachHistoryEntry(input)];
}

/** What a history line reads of an attempt: a result, or the run's figures of it. */
type HistoryInput = {
  results: Iterable<Pick<CaseResult, 'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'status'>>;
  runId: string;
  startedAt: string;
  commit?: string;
  /** Every attempt ended in one and the same agent_error (the gate's `sameAgentError`, which run/ cannot import: the caller tells). */
  sameAgentError?: boolean;
};

/** The history lines of a run, made as its attempts are iterated: none held. */
export function* eachHistoryEntry(input: HistoryInput): Generator<HistoryEntry> {
  for (const result of input.results) {
    if (result.status === 'skipped') continue;
    yield {
      suite: result.suite,
      case_id: result.case_id,
      attempt: result.attempt,
      fingerprint: result.fingerprint,
      status: result.status,
      run_id: input.runId,
      ...(input.commit ? { commit: input.commit } : {}),
      timestamp: input.startedAt,
      ...(input.sameAgentError === true ? { same_agent_error: true as const } : {}),
    };
  }
}

/**
 * Characters of lines appended in one write: few enough that the joined text (two bytes a
 * character at worst) stays a regular young string. A larger one is allocated in V8's
 * large-object space, in the old generation: a 100,000-case run's history left ~18 MB of those
 * at its end until a full GC.
 */
const HISTORY_CHUNK_CHARS = 1 << 15;

/**
 * Appends the lines (creating the folder) some tens of kilobytes at a time, each write whole
 * lines, so concurrent runs never interleave within a line and a run of 100,000 cases never
 * holds its history in memory at once.
 */
export function appendHistory(file: string, entries: Iterable<HistoryEntry>): void {
  let fd: number | undefined;
  let chunk = '';
  const write = () => {
    if (chunk === '') return;
    if (fd === undefined) {
      mkdirSync(dirname(file), { recursive: true });
      fd = openSync(file, 'a');
    }
    // Made safe a chunk at a time, as `jsonText` makes each line: what it escapes stands only
    // inside a line's strings, so the chunk reads the same, for one pass in place of one a line
    // (a 10,000-case run's end: ~10 → ~6 ms).
    appendFileSync(fd, safeJsonText(chunk));
    chunk = '';
  };
  try {
    for (const entry of entries) {
      chunk += `${JSON.stringify(entry)}\n`;
      if (chunk.length >= HISTORY_CHUNK_CHARS) write();
    }
    write();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface History {
  entries: HistoryEntry[];
  /** Lines that were not a history entry (cut short, or from another version), skipped. */
  unreadable: number;
}

/** The history in file order; an absent file is an empty history. */
export function readHistory(file: string): History {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0 };
    throw error;
  }
  return parseHistory(text);
}

/** The entries of a history file's text. Pure. */
export function parseHistory(text: string): History {
  const history: History = { entries: [], unreadable: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      history.unreadable++;
      continue;
    }
    const parsed = HistoryEntrySchema.safeParse(raw);
    if (parsed.success) history.entries.push(parsed.data);
    else history.unreadable++;
  }
  return history;
}
