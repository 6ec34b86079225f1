/**
 * Whether every attempt of a run ended in one and the same agent error: the agent could not run
 * at all (a missing API key: a pull request from a fork gets no secrets). The gate's note,
 * `baseline update`'s refusal, the history's mark of such a run and the weekly review's flip
 * rates read it here. An error of one cause still differs from case to case where it names what
 * varies — the case, a request id, a time, a port, a temp folder — so messages are compared by
 * their shape, those parts replaced (`errorShape`). Pure.
 */
import { tmpdir } from 'node:os';
import type { CaseResult } from '../config/schema/results.js';
import { escapeRegExp } from '../common/escape-regexp.js';

/** What the comparison reads of an attempt. */
type Judged = Pick<CaseResult, 'status' | 'outcome' | 'error' | 'case_id' | 'trace_id'>;

/** The attempts (two or more, skipped ones aside) when every one ended in `agent_error` with one and the same message (by `errorShape`), and the first one's message; else undefined. */
export function sameAgentError(results: Iterable<Judged>): { attempts: number; message: string } | undefined {
  let first: { message: string; shape: string } | undefined;
  let attempts = 0;
  for (const result of results) {
    if (result.status === 'skipped') continue;
    const message = result.error?.message;
    if (result.outcome !== 'agent_error' || message === undefined) return undefined;
    attempts++;
    if (first === undefined) first = { message, shape: errorShape(message, result) };
    else if (message !== first.message && errorShape(message, result) !== first.shape) return undefined;
  }
  return first !== undefined && attempts >= 2 ? { attempts, message: first.message } : undefined;
}

/** Whether the figures leave a same-agent-error run possible (every attempt run an agent_error), so its messages are worth reading. */
export function mayBeSameAgentError(figures: Iterable<Pick<CaseResult, 'status' | 'outcome'>>): boolean {
  let attempts = 0;
  for (const figure of figures) {
    if (figure.status === 'skipped') continue;
    if (figure.outcome !== 'agent_error') return false;
    attempts++;
  }
  return attempts >= 2;
}

// A temp folder's path, up to what ends a path in a message (a space, a quote, a bracket, a comma, a colon).
const PATH_TAIL = String.raw`[^\s'"()<>\[\]{},:;]*`;
const TEMP_ROOTS = [...new Set([tmpdir(), '/tmp', '/var/tmp', '/var/folders', '/private/var/folders', '/private/tmp'])]
  .filter((root) => root.length > 1)
  .map(escapeRegExp);
// A Windows folder's names hold no colon: a run of drive letters ("a:\\a:\\…") is not scanned to its end from each.
const TEMP_PATH = new RegExp(`(?:${TEMP_ROOTS.join('|')}|[A-Za-z]:\\\\(?:[^\\s\\\\:]+\\\\)*(?:Temp|tmp)(?=\\\\))${PATH_TAIL}`, 'g');

/**
 * Characters of a message its shape is made of: far more than any cause's words, and well below
 * the length at which the replacements below overflow V8's regexp backtracking stack (between 3
 * and 6 million characters of one word, measured on Node 20).
 */
const SHAPE_CHARS = 500_000;

/**
 * A message with what varies between attempts of one cause replaced: the attempt's own case id
 * and trace id, temp paths, ISO 8601 times and dates, UUIDs, hex ids, other ids (a token of 12
 * or more letters, digits, `_` and `-` with a part of 8 or more letters and digits mixed:
 * `req_8fA2…`, `chatcmpl-…`; not a name such as `lookup_order_v2`), ports after a host (not a
 * line number after a source file: `file.mjs:12`) or the word port, pids after the word pid, and
 * numbers of ten or more digits (an epoch time); not a count (`exceeded 100000 tokens`).
 */
export function errorShape(message: string, attempt: Pick<Judged, 'case_id' | 'trace_id'>): string {
  // Its start only: V8 runs out of backtracking stack on a message of megabytes (an agent that throws
  // with a whole document in it), a RangeError that ended the run as agentready's bug.
  let shape = message.length > SHAPE_CHARS ? message.slice(0, SHAPE_CHARS) : message;
  for (const [own, as] of [
    [attempt.trace_id, '<trace>'],
    [attempt.case_id, '<case>'],
  ] as const) {
    // Whole, not inside a word (a case named `key` leaves "keys" and "apikey" alone), and two characters or more (a case `a`, not the article).
    if (own.length >= 2) shape = shape.replace(new RegExp(`(?<![\\w-])${escapeRegExp(own)}(?![\\w-])`, 'g'), as);
  }
  return shape
    .replace(TEMP_PATH, '<tmp>')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/gi, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/(?<![\w-])[\w-]{12,}(?![\w-])/g, (token) => (isId(token) ? '<id>' : token))
    // A host name's labels as DNS bounds them (63 characters, 127 labels): a long dotted run is not scanned to its end from each of its labels.
    // An IPv6 host in brackets has no word boundary before its `[` (after `//` or a space).
    // A dotted name ending in a source file's extension is a file, and the number after it a line.
    .replace(/((?:\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,126})|\[[0-9a-f:.]+\]))(?<!\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|php|cs|c|h|cc|cpp|hpp|swift|sh|json|ya?ml|toml|md|txt|log)):\d{1,5}\b/gi, '$1:<port>')
    .replace(/\b(ports?\s+)\d{1,5}\b/gi, '$1<port>')
    .replace(/\b(pid\s{0,3}[:=#]?\s{0,3})\d+\b/gi, '$1<n>')
    .replace(/\b\d{10,}\b/g, '<n>');
}

// Whether a token of 12 or more characters is an id: one of its parts between `_` and `-` is 8 or
// more letters and digits mixed (`req_8fA2LmQ7pZ`, `chatcmpl-B9MBs8…`), not a name's short words
// (`lookup_order_v2`, `gpt-4o-mini`), which are what tells two errors apart.
function isId(token: string): boolean {
  return token.split(/[-_]/).some((part) => part.length >= 8 && /\d/.test(part) && /[A-Za-z]/.test(part));
}
