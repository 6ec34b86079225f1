/**
 * How an OTLP/JSON file is cut into its export requests (the whole text when it is one document,
 * else one per non-blank line), which last line is a request still being written, and where a
 * place in a request is in the file. decode.ts reads the requests.
 */
import { frameLine } from '../../common/shorten.js';
import { tryJson } from './values.js';

/** One export request of a file: its first line and its text, and its JSON value when finding the request parsed it already (a file that is one document). */
export type Request = { line: number; source: string; parsed?: unknown };
// The JSON value of a request, or the parser's message.
export function parsedJson(source: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof SyntaxError ? error.message : '' };
  }
}

/**
 * The line of a last request cut short: a file of one request per line (the Collector's file
 * exporter) read while a line is being appended ends in part of it, with no newline.
 */
export function cutShortLine(text: string): number | undefined {
  if (text.endsWith('\n')) return undefined;
  const lines = text.split('\n');
  const last = lines[lines.length - 1]!.replace(/\r$/, '');
  const earlier = lines.slice(0, -1).some((line) => line.trim() !== '');
  return earlier && last.trim() !== '' && tryJson(text.trim()) === undefined && tryJson(last) === undefined ? lines.length : undefined;
}

// Where a 1-based line and column of a request are in the file (a request read whole spans many lines), with its line cut short past the column.
export function placeIn(request: Request, { line, column }: { line: number; column: number }): { line: number; column: number; sourceLine: string } {
  return { line: request.line + line - 1, column, sourceLine: frameLine(request.source, { line, column }) };
}

// Returns the requests of the file: the whole text when it is one JSON document (or is not JSONL), else each non-blank line.
export function* requests(text: string): Generator<Request> {
  // The first non-blank line, found without splitting the file: a document's text is not copied line by line.
  let start = 0;
  let first = 0;
  for (let end = text.indexOf('\n'); text.slice(start, end === -1 ? undefined : end).trim() === ''; end = text.indexOf('\n', start)) {
    if (end === -1) return;
    start = end + 1;
    first++;
  }
  const firstEnd = text.indexOf('\n', start);
  const whole = tryJson(text.trim());
  if (whole !== undefined || (tryJson(text.slice(start, firstEnd === -1 ? undefined : firstEnd).replace(/\r$/, '')) === undefined && !nextLineIsRequest(text, firstEnd))) {
    // From its first line as written, so a place in it is the file's line and column; each line's \r left out.
    yield { line: first + 1, source: text.slice(start).replace(/\r\n/g, '\n').trimEnd(), ...(whole === undefined ? {} : { parsed: whole }) };
    return;
  }
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let i = first; i < lines.length; i++) if (lines[i]!.trim() !== '') yield { line: i + 1, source: lines[i]! };
}

/**
 * Whether the first non-blank line after `end` (the first line's newline) is a whole JSON object:
 * then the file is one request per line whose first line is broken (cut short, a byte lost), and
 * its problem is at that line, not where the text read as one document broke (the next line's
 * start). A pretty-printed document's second line (`  "resourceSpans": [`) is no JSON object.
 */
function nextLineIsRequest(text: string, firstEnd: number): boolean {
  for (let end = firstEnd; end !== -1; ) {
    const start = end + 1;
    end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? undefined : end).trim();
    if (line === '') continue;
    const value = line.startsWith('{') ? tryJson(line) : undefined;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
  return false;
}
