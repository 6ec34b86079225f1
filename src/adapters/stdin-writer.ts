/**
 * Writes JSON-RPC lines to an agent's stdin, each as soon as it is written: batching the lines
 * of one tick into one pipe write saved syscalls but held every run of a burst until the last
 * was ready, and the agent's idle time cost more than the syscalls (npm run bench). A write
 * error (EPIPE) is held, not thrown, until the process's exit can name the real cause.
 */
import type { Writable } from 'node:stream';

export class StdinWriter {
  private closed = false;
  /** The first error of the stream, for the exit's message. */
  error: unknown;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => (this.error ??= error));
  }

  write(line: string): void {
    if (this.closed || !this.stream.writable) return;
    this.stream.write(line, this.onWritten);
  }

  /** The process is gone: write nothing more. */
  close(): void {
    this.closed = true;
  }

  private readonly onWritten = (error: Error | null | undefined): void => {
    if (error) this.error ??= error;
  };
}
