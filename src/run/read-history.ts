/**
 * The history read back (`report`'s weekly review): apart from history.ts, which an `eval` loads
 * to append its lines, so a run does not build the schema of the lines it never reads (in the CLI
 * script, with results.jsonl's that it extends: docs/architecture.md).
 */
import { readFileSync } from 'node:fs';
import { withoutBom } from '../config/bom.js';
import { HistoryEntrySchema, type HistoryEntry } from '../config/schema/index.js';

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
  // A history an editor saved again may start with a byte order mark.
  for (const line of withoutBom(text).split('\n')) {
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
