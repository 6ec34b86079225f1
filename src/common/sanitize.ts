/**
 * Agent output is untrusted (SPEC §9): before it reaches a terminal or a report, every
 * control character becomes a visible escape, so `\x1b[2J` or an OSC title sequence prints
 * as text instead of acting on the user's terminal.
 */

/**
 * C0 controls except \t and \n, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
 * and the bidi overrides/isolates and line separators that can reorder or split what a
 * reader sees ("Trojan Source").
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Every character `neutralizeLine` escapes: what may not stand in one line of text as it is (global: for `replace`). */
export const UNSAFE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * What JSON.stringify writes as it is (it escapes only C0 controls) that can act on a terminal or
 * reorder what a reader sees: DEL, the C1 controls (0x9b is a one-byte CSI, 0x9d … 0x9c an OSC:
 * a title, a clipboard write), the line separators and the bidi overrides and isolates.
 */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same class, not global: its `test` of a text that holds none (nearly every line) allocates nothing, where `replace` made a copy. */
const HAS_UNSAFE_IN_JSON = new RegExp(UNSAFE_IN_JSON.source);

/**
 * JSON text with those characters written as `\uXXXX` escapes: the same value read back, and a
 * file or a print that `cat`, an editor or a diff shows as it is. They can stand only inside
 * strings, where the escape means the same.
 */
export function safeJsonText(json: string): string {
  if (!HAS_UNSAFE_IN_JSON.test(json)) return json;
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `value`'s JSON text (one line), each of its strings and keys redacted by `redactText` before JSON escapes it, where it
 * holds a character JSON escapes: escaped first (`\u0007`, `\b`), the escape's letters join what redaction reads
 * (`see\u00074111 1111 1111 1111` holds no card number). A JSON text with no backslash escaped nothing: the common
 * case, one stringify. What only a key and its value say together (`"password":"hunter2"`) is for the JSON text's
 * own redaction after. Undefined where JSON.stringify gives none (undefined, a function).
 */
export function redactedJsonText(value: unknown, redactText: (text: string) => string): string | undefined {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined || !json.includes('\\')) return json;
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return redactText(item);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redactText(key), inner]));
  });
}

/** `JSON.stringify(value, null, indent)` made safe to show by `safeJsonText`: what agentready writes as JSON. */
export function jsonText(value: unknown, indent?: number): string {
  return safeJsonText(JSON.stringify(value, null, indent));
}

/**
 * What a GitHub Actions runner reads in a log line as a workflow command (`::add-mask::…`,
 * `::stop-commands::…`, `::error::…`): `::` first on a line, after any blanks (it trims them),
 * and the legacy `##[error]` anywhere in one. Of each, the first character is escaped, so an
 * agent's text printed in CI stays text.
 */
const WORKFLOW_COMMAND = /^([^\S\n]*):(?=:)|#(?=#\[)/gm;

// Returns `text` with each workflow command's first character escaped by `escape`.
function withoutWorkflowCommands(text: string, escape: (char: string) => string): string {
  return text.replace(WORKFLOW_COMMAND, (_match, blanks: string | undefined) => (blanks === undefined ? escape('#') : `${blanks}${escape(':')}`));
}

/** Multi-line text with every control character but \n and \t escaped as `\xNN` / `\uNNNN`, and no line a CI runner reads as a command (`\x3a:add-mask::`). */
export function neutralize(text: string): string {
  return withoutWorkflowCommands(text.replace(UNSAFE, escapeChar), escapeChar);
}

/** Like neutralize, but for one-line contexts (progress line, XML attributes): \n and \t are escaped too. */
export function neutralizeLine(text: string): string {
  return withoutWorkflowCommands(text.replace(UNSAFE_IN_LINE, escapeChar), escapeChar);
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// Returns the visible escape of one character: `\n`, `\x1b`, `\u202e`.
function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text quoted inside one line (an excerpt of what an agent wrote): every control character, the
 * line separators, the bidi overrides and isolates (as `neutralize` escapes them) and the
 * backslash escaped as in JSON (`\n`, `\u001b`, `\u202e`, `\\`), so the quote can be told
 * from the line around it and cannot reorder it; a workflow command's first character too (`\u003a:error::`).
 */
export function escapeControls(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : jsonEscape(char),
  );
  return withoutWorkflowCommands(escaped, jsonEscape);
}

// Returns the JSON escape of one character: `\u001b`.
function jsonEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
