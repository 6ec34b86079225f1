/**
 * Writes JSON-RPC lines to an agent's stdin (and, in the agent SDK, `serveStdio`'s lines to its
 * stdout, for agentready). The lines of one synchronous cascade (the answers of one read, up to
 * NEXT_TURN_GROUP at a time: next-turn.ts, and the runs their freed slots start) go out in one pipe write, on process.nextTick: after the
 * cascade's last microtask, before anything else the event loop runs. A pipe write that wakes
 * the agent was the harness's largest CPU cost per case. A whole tick is not waited
 * for: batching per microtask-queue turn, with judging before the flush, held every run of a
 * burst until the last case was scored, and the agent idled (npm run bench); run/ judges after
 * this flush (finishing.ts). A write error (EPIPE) is held, not thrown, until the process's exit
 * can name the real cause.
 */
import type { Writable } from 'node:stream';

export class BatchedWriter {
  private closed = false;
  /** Lines written in this cascade, not yet handed to the stream. */
  private pending = '';
  /** The first error of the stream, for the exit's message. */
  error: unknown;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => (this.error ??= error));
  }

  write(line: string): void {
    if (this.closed || !this.stream.writable) return;
    if (this.pending === '') process.nextTick(this.flush);
    this.pending += line;
  }

  /** Writes what is pending, then ends the stream (EOF for agents that wait for it). */
  end(): void {
    this.flush();
    this.stream.end();
  }

  /** The process is gone: drop what is pending and write nothing more. */
  close(): void {
    this.closed = true;
    this.pending = '';
  }

  /** Writes what is pending now (the SDK's exit path); otherwise the next tick does. */
  readonly flush = (): void => {
    const text = this.pending;
    this.pending = '';
    if (this.closed || text === '' || !this.stream.writable) return;
    this.stream.write(text, this.onWritten);
  };

  private readonly onWritten = (error: Error | null | undefined): void => {
    if (error) this.error ??= error;
  };
}
