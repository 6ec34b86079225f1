/**
 * Writes JSON-RPC lines to an agent's stdin. Lines written in the same tick go out in one pipe
 * write: a burst of finished runs frees many slots at once, and one syscall per message was the
 * harness's largest CPU cost. A write error (EPIPE) is held, not thrown, until the process's exit
 * can name the real cause.
 */
import type { Writable } from 'node:stream';

export class StdinWriter {
  private readonly outgoing: string[] = [];
  private closed = false;
  /** The first error of the stream, for the exit's message. */
  error: unknown;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => (this.error ??= error));
  }

  write(line: string): void {
    if (this.closed || !this.stream.writable) return;
    this.outgoing.push(line);
    if (this.outgoing.length === 1) queueMicrotask(() => this.flush());
  }

  /** The process is gone: drop what is queued and write nothing more. */
  close(): void {
    this.closed = true;
    this.outgoing.length = 0;
  }

  private flush(): void {
    const text = this.outgoing.join('');
    this.outgoing.length = 0;
    if (this.closed || text === '' || !this.stream.writable) return;
    this.stream.write(text, (error) => {
      if (error) this.error ??= error;
    });
  }
}
