/**
 * The server an http target starts itself (`target.start`), as Playwright's `webServer` does:
 * spawned in a process group of its own, ready once something accepts connections at the
 * target URL's host and port (a TCP connect: no request reaches the agent), and stopped with
 * everything it started — the whole group — when the run ends or is interrupted. Not started
 * when something already answers there (Playwright's webServer refuses a port in use too): the
 * run would test that process, and the server would die of the taken port unseen. A server that
 * exits during the run is started again by the http adapter (http.ts), as a stdio agent's process is.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultPromise } from 'execa';
import { loadedExeca } from './execa-lib.js';
import type { Quote } from '../common/shorten.js';
import { HarnessError } from '../errors.js';
import { CollateralCrashError } from './adapter.js';
import { withLastLines } from './agent-log.js';
import { LineSplitter } from './line-splitter.js';
import { LogRing } from './log-ring.js';
import { notStarted, withTypeScriptHint } from './not-started.js';
import { howExited } from './stdio-errors.js';
import { accepts, acceptsNow, addressOf, type Address } from './port-probe.js';
import { OWN_GROUP_SPAWN, ProcessGroup, type LeaderExit } from './process-group.js';
import { userEnv } from '../config/borrowed-env.js';
import { commandLine } from '../config/shell-words.js';

/** Lines of the server's output kept to explain a failed start. */
const TAIL_LINES = 30;
/** Between two connection attempts while waiting for the server. */
const POLL_MS = 100;
/** After SIGTERM to the group, this long before SIGKILL. */
const SIGKILL_AFTER_MS = 2000;
/** A server that failed to start: how long its output may take to end, to be quoted whole. */
const OUTPUT_END_WAIT_MS = 1000;

export interface ServerStart {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  /** The target URL: its host and port must accept connections. */
  url: URL;
  /** How its output is quoted in a message about it (adapter.ts `AdapterContext.quote`). */
  quote: Quote;
  readyTimeoutMs: number;
  signal: AbortSignal;
  /** A start again during the run (http.ts): its port is probed without stopping the event loop, and every case in flight with it. */
  again?: boolean;
}

export class StartedServer {
  /** Its output, stdout and stderr, as the stdio agents' stderr is kept: bounded, escaped when quoted. */
  private readonly output = new LogRing(TAIL_LINES);
  /** Settles once the server's process has exited and its output has ended. */
  private readonly finished: Promise<unknown>;

  private readonly group: ProcessGroup;
  private readonly description: string;
  private readonly quote: Quote;
  /** The cases whose POST is out to this server now. */
  private inFlight = 0;
  /** How many were out when it exited: several, and none of them is proven the cause. */
  private inFlightAtExit = 0;

  private constructor({ subprocess, group, description, quote }: { subprocess: ResultPromise; group: ProcessGroup; description: string; quote: Quote }) {
    this.group = group;
    this.quote = quote;
    this.description = description;
    for (const stream of [subprocess.stdout, subprocess.stderr]) {
      const lines = new LineSplitter({ onLine: (line) => this.output.push(line, []), onOversized: (head) => this.output.push(`${quote(head)} [line cut]`, []) });
      stream?.on('data', (chunk: Buffer) => lines.push(chunk));
      stream?.on('end', () => lines.end());
    }
    this.finished = subprocess.catch(() => undefined);
    void group.leaderExited.then(() => (this.inFlightAtExit = this.inFlight));
  }

  /** Whether its process has exited (the run starts it again before the next case's POST). */
  get exited(): boolean {
    return this.group.leaderExit !== undefined;
  }

  private answers = 0;

  /** Cases this server answered (any HTTP answer). */
  get answered(): number {
    return this.answers;
  }

  /** A case's POST goes out to this server; `landed` once it is answered or failed. */
  sent(): void {
    this.inFlight += 1;
  }

  /** The POST landed; `answered`: the server gave it an HTTP answer. */
  landed(answered: boolean): void {
    this.inFlight -= 1;
    if (answered) this.answers += 1;
  }

  /** Whether the server's process exited by itself with code 0 (no crash: a code or a signal is one). */
  get exitedCleanly(): boolean {
    const exit = this.group.leaderExit;
    return exit !== undefined && exit.code === 0 && exit.signal === null;
  }

  /**
   * Starts the server and resolves once it accepts connections; rejects with AGENT_START
   * otherwise: when something already answers at the URL's host and port (it would be tested in
   * the server's place), when the server exits first, or when it does not answer in time.
   */
  static async start(options: ServerStart): Promise<StartedServer> {
    const description = `\`${commandLine(options.command)}\``;
    const address = addressOf(options.url);
    // Before the spawn, in the same synchronous stretch: the early agent spawns while the files load. A start again waits
    // for its probe instead: acceptsNow holds this thread until its worker answers (up to 2 s for a host that drops the connection).
    if (options.again ? await accepts(address) : acceptsNow(address)) throw new HarnessError('AGENT_START', portTaken({ url: options.url, port: address.port, description }));
    const [program, ...args] = options.command;
    const subprocess = loadedExeca()(program!, args, {
      cwd: options.cwd,
      env: { ...userEnv(), ...options.env },
      extendEnv: false,
      ...OWN_GROUP_SPAWN,
      stdin: 'ignore',
      buffer: false,
      reject: false,
    });
    subprocess.on('error', () => undefined);
    const group = new ProcessGroup(subprocess, { killAfterMs: SIGKILL_AFTER_MS, reapWhenLeaderExits: false });
    const server = new StartedServer({ subprocess, group, description, quote: options.quote });
    let outcome: ReadyOutcome;
    try {
      outcome = await server.waitUntilReady({ ...options, address });
    } catch (error) {
      await server.stop();
      throw error;
    }
    if (outcome.kind === 'ready') return server;
    // Stopped first, so the output it wrote before it went is in the message (within a bound:
    // on Windows a process it started may hold its output open).
    await server.stop();
    await Promise.race([server.finished, sleep(OUTPUT_END_WAIT_MS, undefined, { ref: false })]);
    const where = options.url.host;
    // No pid: the command never ran (no such program, no such folder), so it has no exit to quote.
    const never = subprocess.pid === undefined ? notStarted(await subprocess, options.cwd) : undefined;
    const message = server.withLastLines(
      never !== undefined
        ? `the server of target.start (${description}) ${never}`
        : outcome.kind === 'exited'
          ? `the server of target.start (${description}) ${howExited({ exitCode: outcome.exit.code, signal: outcome.exit.signal })} before it answered at ${where}`
          : `the server of target.start (${description}) did not answer at ${where} within ${options.readyTimeoutMs} ms`,
    );
    throw new HarnessError('AGENT_START', never === undefined && outcome.kind === 'exited' ? withTypeScriptHint({ message, command: options.command, cwd: options.cwd }) : message);
  }

  /**
   * A case's POST failed to reach the server (refused, reset): if the server has exited (its exit
   * may be told a moment after the reset, so it is waited for up to EXIT_NEWS_MS), the error of
   * the case says so, with its last output lines; otherwise the error as it was. As a stdio
   * agent's process (SPEC §4): one case alone on it when it went is charged (AGENT_EXITED),
   * several are each a CollateralCrashError, which run/ runs again fewer at a time; the adapter
   * starts the server again for the cases that follow.
   */
  async explainFailedPost(error: HarnessError): Promise<HarnessError> {
    if (this.group.leaderExit === undefined) {
      await Promise.race([this.group.leaderExited, sleep(EXIT_NEWS_MS)]);
      if (this.group.leaderExit === undefined) return error;
    }
    // The count is taken a microtask after the exit: let it be taken.
    await Promise.resolve();
    const { code, signal } = this.group.leaderExit;
    const message = this.withLastLines(`${error.message}: the server of target.start (${this.description}) ${howExited({ exitCode: code, signal })} during the run; it is started again for the cases that follow`);
    if (this.inFlightAtExit > 1) return new CollateralCrashError(message, { inFlight: this.inFlightAtExit, cause: error });
    return new HarnessError('AGENT_EXITED', message, { cause: error });
  }

  /** Stops the server and everything it started: SIGTERM to its group, SIGKILL after 2 s. */
  async stop(): Promise<void> {
    await this.group.stop();
  }

  /**
   * Polls host:port until it accepts a connection while the server runs. The server's exit ends
   * the wait even when something else answers there: that something is not the server started.
   */
  private async waitUntilReady({ address, readyTimeoutMs, signal }: ServerStart & { address: Address }): Promise<ReadyOutcome> {
    const deadline = performance.now() + readyTimeoutMs;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (this.group.leaderExit !== undefined) return { kind: 'exited', exit: this.group.leaderExit };
      if (await accepts(address)) {
        // An exit that came while the connection was made is handled in this same turn of the
        // event loop: after it, the exit is known if it came first.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.group.leaderExit !== undefined) return { kind: 'exited', exit: this.group.leaderExit };
        return { kind: 'ready' };
      }
      if (performance.now() >= deadline) return { kind: 'timeout' };
      await Promise.race([sleep(POLL_MS, undefined, { signal }).catch(() => undefined), this.group.leaderExited]);
    }
  }

  /** The message followed by the server's last output lines (`withLastLines`). */
  private withLastLines(message: string): string {
    return withLastLines({ message, ring: this.output, label: 'its last output lines', quote: this.quote });
  }
}

/** How long a failed POST waits for news of the server's exit (it may come a moment after the reset). */
const EXIT_NEWS_MS = 200;

/** How the wait for the server ended (an abort throws instead). */
type ReadyOutcome = { kind: 'ready' } | { kind: 'exited'; exit: LeaderExit } | { kind: 'timeout' };

/** Why the server was not started: its port is taken, and how to find what took it. */
function portTaken({ url, port, description }: { url: URL; port: number; description: string }): string {
  const find = process.platform === 'win32' ? `netstat -ano | findstr :${port}` : `lsof -nP -iTCP:${port} -sTCP:LISTEN`;
  return (
    `port ${port} is already in use: something answers at ${url.host} before the server of target.start (${description}) was started, ` +
    `so the run would test that instead; stop it (a server left from an earlier run? \`${find}\` shows its process) or give target.url a free port`
  );
}
