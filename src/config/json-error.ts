/** Where JSON.parse stopped and what it found there, in words, from V8's message: the baseline's and a traces file's lines say it alike. */

/**
 * What JSON.parse found, from its message: "unexpected ',' (expected double-quoted property
 * name)", "unexpected '}'", or `end` ("the end of the file", "the end of the line") where the
 * text stopped before the JSON did.
 */
export function parserFound(input: { message: string; text: string; end: string }): string {
  const { message, text, end } = input;
  // V8 words it "Unexpected token '}', "{…}" is not valid JSON" or "Expected ':' after property name in JSON at position 5 (line 1 column 6)".
  const wording = lowerFirst(withoutExcerpt(message).replace(/ in JSON at position \d+.*$/s, ''));
  const token = /^unexpected token '(.+)'$/s.exec(wording);
  if (token) return `unexpected '${token[1]}'`;
  if (/end of JSON input/i.test(wording)) return end;
  const position = /at position (\d+)/.exec(message);
  if (!position) return wording;
  const offset = Number(position[1]);
  const found = offset >= text.length ? end : `unexpected '${JSON.stringify(text[offset]).slice(1, -1)}'`;
  return `${found} (${wording})`;
}

/**
 * JSON.parse's message without the excerpt of the text V8 quotes in it (`Unexpected token 'j',
 * ..."mat": jane.doe@e"... is not valid JSON`): cut anywhere, it can hold part of what redaction
 * would replace, which redaction can no longer find.
 */
export function withoutExcerpt(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** 1-based line and column of a JSON.parse error: from V8's "(line l column c)" or "at position n", else 1:1. */
export function syntaxErrorPosition(message: string, text: string): { line: number; column: number } {
  // Equivalent mutants on Node 20, whose messages give only a position: the line/column branch
  // (Regex, `false`, `{}`), the end-of-input test as `true` and the 1:1 fallback (`{}`).
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return lineColumn(text, Number(position[1]));
  if (/end of JSON input/i.test(message)) return lineColumn(text, text.length);
  const offset = unexpectedTokenOffset(message, text);
  return offset === undefined ? { line: 1, column: 1 } : lineColumn(text, offset);
}

/** The characters V8 quotes on each side of an unexpected token (its kMaxContextCharacters). */
const CONTEXT_CHARS = 10;

/**
 * Where an unexpected token is, from V8's message, which gives no position but quotes the text:
 * a window of it (`..."<10 before>X<10 after>"...`, cut short at either end of the text, `"…"...`
 * at the start and `..."…"` at the end), or a short text whole, where the token is placed only when
 * it occurs once. Undefined when the message says no more.
 */
function unexpectedTokenOffset(message: string, text: string): number | undefined {
  const quoted = /^Unexpected token '(.+?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (!quoted) return undefined;
  const [, token, before, excerpt, after] = quoted as unknown as [string, string, string | undefined, string, string | undefined];
  if (before === undefined && after === undefined) {
    const first = text.indexOf(token);
    return first !== -1 && text.indexOf(token, first + 1) === -1 ? first : undefined;
  }
  // A window cut short at an end of the text stands at that end (the same characters may come earlier, in a string);
  // one cut at both is found where its characters first are.
  const start = after === undefined ? (text.endsWith(excerpt) ? text.length - excerpt.length : -1) : before === undefined ? (text.startsWith(excerpt) ? 0 : -1) : text.indexOf(excerpt);
  if (start === -1) return undefined;
  return before === undefined ? start + excerpt.length - CONTEXT_CHARS : start + CONTEXT_CHARS;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
