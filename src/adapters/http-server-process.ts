/**
 * The server an http target starts itself (`target.start`), as Playwright's `webServer` does:
 * spawned in a process group of its own, ready once something accepts connections at the
 * target URL's host and port (a TCP connect: no request reaches the agent), and stopped with
 * everything it started — the whole group — when the run ends or is interrupted.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { HarnessError } from '../errors.js';
import { LineSplitter } from './line-splitter.js';

/** Lines of the server's output kept to explain a failed start. */
const TAIL_LINES = 20;
/** Between two connection attempts while waiting for the server. */
const POLL_MS = 100;
/** After SIGTERM to the group, this long before SIGKILL. */
const SIGKILL_AFTER_MS = 2000;

export interface ServerStart {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  /** The target URL: its host and port must accept connections. */
  url: URL;
  readyTimeoutMs: number;
  signal: AbortSignal;
}

export class StartedServer {
  private readonly tail: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: string | null }>;
  private exit: { code: number | null; signal: string | null } | undefined;
  private readonly killOnExit = () => this.killGroup('SIGKILL');

  private constructor(
    private readonly subprocess: ResultPromise,
    private readonly description: string,
  ) {
    for (const stream of [subprocess.stdout, subprocess.stderr]) {
      const lines = new LineSplitter({ onLine: (line) => this.keep(line), onOversized: (head) => this.keep(`${head}… [line cut]`) });
      stream?.on('data', (chunk: Buffer) => lines.push(chunk));
      stream?.on('end', () => lines.end());
    }
    this.exited = subprocess.then(
      (result) => (this.exit = { code: result.exitCode ?? null, signal: result.signal ?? null }),
      () => (this.exit = { code: null, signal: null }),
    );
    // Should agentready itself end without stop() (a crash), the group goes with it.
    process.on('exit', this.killOnExit);
  }

  /** Starts the server and resolves once it accepts connections; rejects with AGENT_START otherwise. */
  static async start(options: ServerStart): Promise<StartedServer> {
    const [program, ...args] = options.command;
    const subprocess = execa(program!, args, {
      cwd: options.cwd,
      env: options.env,
      detached: process.platform !== 'win32',
      stdin: 'ignore',
      buffer: false,
      reject: false,
      cleanup: false,
    });
    const server = new StartedServer(subprocess, `\`${options.command.join(' ')}\``);
    subprocess.on('error', () => undefined);
    try {
      await server.waitUntilReady(options);
      return server;
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  /** Stops the server and everything it started: SIGTERM to its group, SIGKILL after 2 s. */
  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    if (this.exit === undefined) {
      this.killGroup('SIGTERM');
      const timer = setTimeout(() => this.killGroup('SIGKILL'), SIGKILL_AFTER_MS);
      await this.exited;
      clearTimeout(timer);
    }
    // The leader is gone; children it left in the group are not.
    this.killGroup('SIGKILL');
  }

  private async waitUntilReady({ url, readyTimeoutMs, signal }: ServerStart): Promise<void> {
    const deadline = performance.now() + readyTimeoutMs;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (this.exit !== undefined) {
        const { code, signal: killedBy } = this.exit;
        throw new HarnessError('AGENT_START', `the server of target.start (${this.description}) exited (code=${code}, signal=${killedBy}) before it answered at ${url.host}${this.lastLines()}`);
      }
      if (await accepts(host, port)) return;
      if (performance.now() >= deadline) {
        throw new HarnessError('AGENT_START', `the server of target.start (${this.description}) did not answer at ${url.host} within ${readyTimeoutMs} ms${this.lastLines()}`);
      }
      await Promise.race([sleep(POLL_MS, undefined, { signal }).catch(() => undefined), this.exited]);
    }
  }

  private keep(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }

  private lastLines(): string {
    return this.tail.length === 0 ? '' : `; its last output:\n  ${this.tail.join('\n  ')}`;
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.subprocess.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.subprocess.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Whether something accepts a TCP connection at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
