/**
 * Shortening untrusted text for display (SPEC §9): an agent's stderr line, an excerpt of a line
 * that is not JSON, a `found` value, a cassette's brief. The one owner of where such a text is
 * cut. Redaction (redact.ts) runs later, on what is kept (or not at all under --no-redact), and
 * a secret or an email cut in two is no longer recognised, so its first half would be written
 * as it is: the cut never falls inside what redaction would replace, it moves back to where that
 * starts. The kept text is thus redacted as the whole text would have been, up to the cut.
 */
import { FOUND_MAX_CHARS } from '../config/expected-words.js';
import { plural } from './plural.js';
import { redactedSpans } from './redact-spans.js';
import { escapeControls, redactedJsonText } from './sanitize.js';

/** How much of an offending raw line a problem report quotes. */
export const EXCERPT_CHARS = 200;
/**
 * The most characters of an agent's name, and of its version, a run keeps (adapters/agent-info.ts):
 * what an agent says about itself is printed in every run's header, summary and report.
 */
export const AGENT_LABEL_CHARS = 100;
/**
 * The most characters of a model id a usage record keeps (environment/pricing.ts). The id is the
 * agent's to say (a `usage` report, the request's `model` of a call the gateway refused) or the
 * provider's, and every output prints it (the terminal's model table pads a column to it, a warning
 * names an unpriced one): a longer one is cut, with `…`. Real ids are a few dozen characters.
 */
export const MODEL_ID_CHARS = 200;
/**
 * The most characters of a check's reason a result keeps, which every report prints: a custom
 * scorer's (score/custom.ts `scorerReason`), and any check's whose reason quotes what the agent
 * sent, a tool's name or the calls in order, which an agent may make megabytes long
 * (run/judge-attempt.ts); and of each text in a failing check's `expected` and `found` (an
 * argument, an output, a state change), and of the JSON of each list and object there, whose
 * further items are counted instead. The trace keeps what was found whole.
 */
export const REASON_CHARS = 1000;
/**
 * How far past the cut the text is read to find what straddles it (a secret, however long, is
 * shorter): what is longer than this is read only so far.
 */
export const CUT_LOOKAHEAD_CHARS = 16 * 1024;

/** Characters of a problem's line kept past its column for a code frame: a minified file's line is the whole file. */
const FRAME_TAIL_CHARS = 80;

/** Line `line` (1-based) of `text` without its line ending, cut a little past `column`: what a code frame shows of it. */
export function frameLine(text: string, { line, column }: { line: number; column: number }): string {
  const whole = (text.split('\n', line)[line - 1] ?? '').replace(/\r$/, '');
  return whole.slice(0, cutIndex(whole, column + FRAME_TAIL_CHARS));
}

/**
 * Where to cut `raw` to keep at most `max` characters: `max`, or before it so that nothing
 * redaction would replace straddles the cut, nor a UTF-16 surrogate pair.
 */
export function cutIndex(raw: string, max: number): number {
  if (raw.length <= max) return raw.length;
  let cut = Math.max(0, max);
  for (const span of redactedSpans(raw.slice(0, cut + CUT_LOOKAHEAD_CHARS))) {
    if (span.start < cut && span.end > cut) cut = span.start;
  }
  const code = raw.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}

/** `raw` in at most `max` characters: cut at `cutIndex` and ended with `…` when it is longer. */
export function shorten(raw: string, max: number): string {
  return raw.length > max ? `${raw.slice(0, cutIndex(raw, max - 1))}…` : raw;
}

/**
 * `shorten` for JSON text (a `found` value): the cut never falls inside an escape, which would
 * print as one no reader can finish (`"…bidi \u2…"` for `\u202e`): an unfinished escape at the
 * cut (a lone backslash, or one followed by `u` and fewer than four hex digits) is left out too.
 */
export function shortenJson(raw: string, max: number): string {
  if (raw.length <= max) return raw;
  const kept = raw.slice(0, cutIndex(raw, max - 1));
  // Backslashes in pairs are escaped backslashes, whole; an odd one out starts the unfinished escape.
  const tail = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(kept);
  const end = tail?.[1] !== undefined && tail[1].length % 2 === 1 ? tail.index + tail[1].length - 1 : kept.length;
  return `${kept.slice(0, end)}…`;
}

/** `raw` cut at `cutIndex(raw, max)`, `mark` appended when it was cut. */
export function cutWith(raw: string, { max, mark }: { max: number; mark: (kept: number) => string }): string {
  if (raw.length <= max) return raw;
  const kept = cutIndex(raw, max);
  return `${raw.slice(0, kept)}${mark(kept)}`;
}

/** `raw` cut at `cutIndex(raw, max)`, saying how much was left out: "… (15 more characters)". */
export function cutCounted(raw: string, max: number): string {
  return cutWith(raw, { max, mark: (kept) => `… (${plural(raw.length - kept, 'more character')})` });
}

/** How a message quotes untrusted text: its first `max` characters (then `…`) as one line, safe to print; `redactText`, the redaction it quotes with. */
export interface Quote {
  (raw: string, max?: number): string;
  readonly redactText: (text: string) => string;
}

/**
 * The quoting of a run whose redaction is `redactText` (the run's: none under --no-redact): the first `max` characters of
 * untrusted text (cut never inside what redaction replaces, then `…`), redacted, then escaped as one line (control
 * characters and backslashes: escapeControls). The one owner of that order: escaped first, an escape's letters join what
 * redaction reads (a bell before a card number, `\u00074111 1111 1111 1111`, reads as no card; `bob.smith\u202e@…` as the
 * address `u202e@…`), and the message holding the quote, redacted again later, would keep what the escape hid.
 */
export function quoting(redactText: (text: string) => string): Quote {
  const quote = (raw: string, max = EXCERPT_CHARS) => (raw.length > max ? `${escapeControls(redactText(raw.slice(0, cutIndex(raw, max))))}…` : escapeControls(redactText(raw)));
  return Object.assign(quote, { redactText });
}

/**
 * A value as a bad answer's `found` quotes it (`quoteFound`), quoted by `quote`: its JSON, each string redacted before
 * JSON escapes it (sanitize.ts `redactedJsonText`), shortened.
 */
export function quoteFoundBy(value: unknown, quote: Quote): string {
  if (value === undefined || value === Infinity || value === -Infinity) return quoteFound(value);
  const json = redactedJsonText(value, quote.redactText);
  return json === undefined ? quoteFound(value) : shorten(json, FOUND_MAX_CHARS);
}

/**
 * Untrusted text quoted with no redaction (`quoting` of none): for text redacted already (redact it first, then quote it),
 * or that is no agent's (a command line of the config). An agent's text is quoted by its run's `Quote`.
 */
export const excerpt: Quote = quoting((text) => text);

/** A value as a bad input's `found` quotes it, when the input is redacted later (a recorded trace, a run folder): its JSON, shortened. */
export function quoteFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would quote as null.
  if (value === Infinity || value === -Infinity) return `a number out of range (${String(value)})`;
  return shorten(JSON.stringify(value) ?? String(value), FOUND_MAX_CHARS);
}
