/**
 * `.agentready/history.jsonl` (SPEC §14): every eval appends each attempt's verdict, so flip
 * rates and new failures can be told over many runs. CI keeps the file as a cache, so the
 * reader tolerates what a cache can hold: a line cut short by a killed job, a line written by a
 * newer agentready. Those are counted and skipped, never fatal.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HistoryEntrySchema, type CaseResult, type HistoryEntry } from '../config/schema/index.js';

export const HISTORY_FILE = 'history.jsonl';

/** Where the history of a project lives: beside its run folders. */
export function historyPath(rootDir: string): string {
  return join(rootDir, '.agentready', HISTORY_FILE);
}

/** One history line per attempt of a run; skipped attempts never ran and leave none. */
export function historyEntries(input: { results: Iterable<CaseResult>; runId: string; startedAt: string; commit?: string }): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  // One pass: a run's results may be read from disk as they are iterated.
  for (const result of input.results) {
    if (result.status === 'skipped') continue;
    entries.push({
      suite: result.suite,
      case_id: result.case_id,
      attempt: result.attempt,
      fingerprint: result.fingerprint,
      status: result.status,
      run_id: input.runId,
      ...(input.commit ? { commit: input.commit } : {}),
      timestamp: input.startedAt,
    });
  }
  return entries;
}

/** Appends the lines in one write (creating the folder), so concurrent runs do not interleave a line. */
export function appendHistory(file: string, entries: readonly HistoryEntry[]): void {
  if (entries.length === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
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
