/**
 * Splits the bytes an agent writes into lines, with a bound on a line's size: the framing
 * under JSON-RPC over stdio, also used for the agent's stderr log.
 */
import { StringDecoder } from 'node:string_decoder';

/**
 * Longest line we buffer; past it the line is dropped up to the next newline (bounded memory). The
 * bound of one message over every transport: an http answer's body, an exec command's stdout, a
 * module agent's answer and `ctx.callTool` arguments as JSON.
 */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

/** `text`'s length in UTF-8 bytes, measured only when it could pass MAX_LINE_BYTES (a UTF-8 byte is at most 3 per UTF-16 unit): else its length in units, a lower bound that is enough to say it fits. */
export function messageBytes(text: string): number {
  return text.length * 3 > MAX_LINE_BYTES ? Buffer.byteLength(text) : text.length;
}
/**
 * How much of an oversized line is kept, raw, for its owner to quote: far more than a quote
 * shows, so that where the quote is cut (common/shorten.ts) the whole of what straddles the cut
 * (a key, an email) is there to be seen.
 */
export const OVERSIZED_HEAD_CHARS = 16 * 1024;

export interface LineSplitterOptions {
  onLine: (line: string) => void;
  /** A line passed `maxLineBytes`; it is dropped up to the next newline. `head`: its first OVERSIZED_HEAD_CHARS characters, raw. */
  onOversized: (head: string) => void;
  /** The stream ended without a newline after its last line; that line goes to `onLine` when unset. */
  onPartial?: (line: string) => void;
  maxLineBytes?: number | undefined;
}

/**
 * Splits a byte stream into lines. Chunks may split anywhere, including inside a multi-byte
 * UTF-8 character (the StringDecoder holds the partial bytes). Blank lines are skipped and a
 * trailing `\r` is removed.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineBytes: number;
  private parts: string[] = [];
  private bufferedBytes = 0;
  /** True while dropping the rest of an oversized line. */
  private discarding = false;

  constructor(private readonly options: LineSplitterOptions) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  push(chunk: Buffer | string): void {
    this.take(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  end(): void {
    this.take(this.decoder.end());
    if (!this.discarding && this.parts.length > 0) this.emit(this.parts.join(''), this.options.onPartial);
    this.parts = [];
    this.bufferedBytes = 0;
    this.discarding = false;
  }

  private take(text: string): void {
    let start = 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        this.append(text.slice(start));
        return;
      }
      if (this.parts.length === 0 && !this.discarding && (newline - start) * 3 <= this.maxLineBytes) {
        // A whole line in one chunk, nothing of it buffered (nearly every line an agent writes):
        // emitted as it is. Its length bounds its size (UTF-8 takes at most 3 bytes for each UTF-16
        // code unit), so its bytes are not counted, and no list of parts is made and joined.
        this.emit(text.slice(start, newline));
      } else {
        this.append(text.slice(start, newline));
        if (!this.discarding) this.emit(this.parts.join(''));
        this.parts = [];
        this.bufferedBytes = 0;
        this.discarding = false;
      }
      start = newline + 1;
    }
  }

  /** Buffers part of the current line, or starts discarding it once it is too long. */
  private append(piece: string): void {
    if (this.discarding || piece.length === 0) return;
    this.bufferedBytes += Buffer.byteLength(piece);
    this.parts.push(piece);
    if (this.bufferedBytes <= this.maxLineBytes) return;
    const head = this.parts.join('').slice(0, OVERSIZED_HEAD_CHARS);
    this.parts = [];
    this.bufferedBytes = 0;
    this.discarding = true;
    this.options.onOversized(head);
  }

  private emit(rawLine: string, to: (line: string) => void = this.options.onLine): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim().length > 0) to(line);
  }
}
