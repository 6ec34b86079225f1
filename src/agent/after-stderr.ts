/**
 * `serveStdio`'s protocol lines, each written after what the process wrote to stderr before it.
 * Node writes to a pipe asynchronously: a handler that logged 2,000 lines and then answered had
 * its answer on stdout while most of its lines still waited in stderr's queue, so agentready read
 * the answer first, judged the case, and the lines that came after were no case's (its trace kept
 * the first 278). A line is held while stderr has writes queued, until an empty write queued after
 * them calls back (a stream calls its writes back in order); with nothing queued, the usual case,
 * it goes at once. agentready reads both pipes before it judges (adapters/next-turn.ts), so the
 * lines a handler logged before answering are in its case's log.
 */

interface AfterStderrInput {
  stderr: Pick<NodeJS.WriteStream, 'write' | 'writableLength'>;
  /** Where the protocol's lines go once stderr's earlier writes are out. */
  send: (text: string) => void;
}

export class AfterStderr {
  /** Lines waiting for stderr, oldest first: each for its own empty write's callback. */
  private readonly held: string[] = [];

  constructor(private readonly input: AfterStderrInput) {}

  write(text: string): void {
    if (this.held.length === 0 && this.input.stderr.writableLength === 0) return this.input.send(text);
    this.held.push(text);
    // Called back (with an error, if stderr broke) once the writes queued before it are out.
    this.input.stderr.write('', this.releaseOne);
  }

  /** Sends every held line now: the process is exiting, and a callback would come too late. */
  readonly releaseAll = (): void => {
    for (const text of this.held.splice(0)) this.input.send(text);
  };

  private readonly releaseOne = (): void => {
    const text = this.held.shift();
    if (text !== undefined) this.input.send(text);
  };
}
