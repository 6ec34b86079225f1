/**
 * The http transport (SPEC §4, §11): each run is a POST of the plain `run` params, plus
 * `tools_url`, to `target.url`; the agent answers the POST with the plain run result and calls
 * back to `tools_url` meanwhile. There is no `initialize` or `shutdown`; aborting the POST is the
 * cancel. `start` opens the tools endpoint and, when the target says `start:`, starts the agent's
 * server and waits until it accepts connections (stopped again by `stop`). Without `start:`, it
 * checks that something listens at the URL's host and port (a connection opened and closed, no
 * request): when the connection is refused the agent would not start, and the run stops before
 * its first case (AGENT_START, exit 3) with one message, not one error per case. A started server
 * that exits during the run is started again before the next case's POST, once for all the cases
 * waiting (SPEC §4, as a stdio agent's process); one that cannot start again is not tried again:
 * every later case fails with why, and the run's end says so once.
 */
import type http from 'node:http';
import path from 'node:path';
import type { z } from 'zod';
import type { HttpTargetSchema } from '../config/schema/config.js';
import { withoutBom } from '../config/bom.js';
import { HarnessError } from '../errors.js';
import { AgentRunError, CollateralCrashError, RunTimeoutError, sentAgainNote, type Adapter, type AdapterContext, type RunReply, type RunContext, type ToolHost } from './adapter.js';
import { postJson, type PostAnswer } from './http-post.js';
import { StartedServer } from './http-server-process.js';
import { addressOf, refuses } from './port-probe.js';
import { ToolsServer } from './http-tools-server.js';
import { lateUsageWarning } from './stdio-host.js';
import { excerpt, type Quote } from '../common/shorten.js';
import { listenForAbort } from '../common/abort-listeners.js';
import { RunResultSchema, type AgentInfo, type RunParams } from './protocol.js';
import { UnknownResultKeys } from './unknown-result-keys.js';
import { readAnswer } from './result-issues.js';
import { TimeLimit } from './time-limit.js';
import { loadExeca } from './execa-lib.js';

export type HttpTarget = z.infer<typeof HttpTargetSchema>;

export class HttpAdapter implements Adapter {
  private readonly url: URL;
  private readonly tools: ToolsServer;
  /** Keeps connections to the agent open between runs. */
  private readonly agent: http.Agent = new (process.getBuiltinModule('node:http').Agent)({ keepAlive: true });
  private toolsUrl: string | undefined;
  private stopped = false;
  /** The agent's server, when the target starts one. */
  private server: StartedServer | undefined;
  /** Its start, from `prepare` or `start`. */
  private serverStarting: Promise<StartedServer> | undefined;
  /** Its start again after it exited during the run, shared by the cases waiting for it. */
  private restarting: Promise<StartedServer> | undefined;
  /** Why it could not be started again: every later case fails with this. */
  private restartFailure: HarnessError | undefined;
  /** Aborted by stop(), or by the abort of start's signal: a server still starting gives up. */
  private readonly lifetime = new AbortController();
  /** Keys of the run results that agentready does not read, for the run's warnings. */
  private readonly unknownKeys: UnknownResultKeys;
  /** How what the agent sent is quoted in a message (adapter.ts `AdapterContext.quote`). */
  private readonly quote: Quote;

  constructor(
    private readonly target: HttpTarget,
    private readonly ctx: AdapterContext,
  ) {
    this.url = new URL(target.url);
    this.quote = ctx.quote ?? excerpt;
    this.tools = new ToolsServer(this.quote);
    this.unknownKeys = new UnknownResultKeys({ known: Object.keys(RunResultSchema.shape), said: `the agent at ${this.url.href} answered` });
  }

  /** Starts the target's server (`target.start`, execa loaded first), so it boots while the suites load. */
  async prepare(): Promise<void> {
    if (!this.target.start) return;
    await loadExeca();
    if (this.stopped) return;
    this.serverStarting ??= this.startServer();
    // start() reports a failure; until it is called, stop() ends what started.
    this.serverStarting.catch(() => undefined);
  }

  async start(signal: AbortSignal): Promise<AgentInfo> {
    if (signal.aborted) throw signal.reason;
    // Giving up on the start gives up on the server being started, prepared or not.
    const onAbort = (): void => this.lifetime.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (!this.target.start) await this.refuseIfNothingListens();
      this.toolsUrl = await this.tools.listen();
      if (this.target.start) {
        await loadExeca();
        this.server = await (this.serverStarting ??= this.startServer());
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    return { name: this.url.host, concurrency: this.target.concurrency ?? this.ctx.concurrency };
  }

  /**
   * Throws AGENT_START when a connection to the URL's host and port is refused: nothing listens
   * there, so every case would fail alike. Anything less sure (a timeout, a name that does not
   * resolve) goes on, and each case says what its POST met.
   */
  private async refuseIfNothingListens(): Promise<void> {
    if (!(await refuses(addressOf(this.url)))) return;
    throw new HarnessError(
      'AGENT_START',
      `nothing answers at ${this.url.href}: the connection to ${this.url.host} was refused, so no case could run; ` +
        'start the agent\'s server first, or add `start: { command: [node, server.js] }` to the target and agentready starts it and waits until it answers',
    );
  }

  /** Spawns `target.start` and resolves once its server accepts connections (`again`: during the run, StartedServer's). */
  private startServer(again = false): Promise<StartedServer> {
    const start = this.target.start!;
    return StartedServer.start({
      again,
      command: start.command,
      cwd: path.resolve(this.ctx.rootDir, start.cwd ?? '.'),
      env: start.env ?? {},
      url: this.url,
      readyTimeoutMs: start.ready_timeout_ms ?? this.ctx.startTimeoutMs,
      signal: this.lifetime.signal,
      quote: this.quote,
    });
  }

  run(params: RunParams, context: RunContext): Promise<RunReply> {
    return this.post(params, context);
  }

  /**
   * The case's POST. One refused by a server that had exited, its exit told only after the POST went out (a case started as
   * the server died), never reached it: the case had no part in the exit, so it is not charged with it but sent again,
   * once (`resent`), to the server started again. So is one a server on its way out closed unanswered (`unreadByCleanExit`).
   */
  private async post(params: RunParams, { host, signal, resent = false }: RunContext & { resent?: boolean }): Promise<RunReply> {
    if (signal.aborted) throw signal.reason;
    if (this.stopped || this.toolsUrl === undefined) throw new HarnessError('TRANSPORT', 'the http adapter is not running');
    // A server that exited is started again first: its wait is not the case's time, but the case's abort (an interrupted run) ends it.
    // Not while its url still takes connections: a launcher that exited leaving the server it started (`docker compose up --wait`) is no crash.
    let server = this.server;
    if (server?.exited && (await refuses(addressOf(this.url)))) server = await untilAborted(this.restart(server), signal);
    // The time limit starts now: the POST is the moment the agent has the run.
    const limit = new TimeLimit(signal, params.timeout_ms);
    host.handedOff?.();
    const answeredBefore = server?.answered ?? 0;
    server?.sent();
    const registration = this.tools.register(params.trace_id, { token: params.token, host });
    let answer: PostAnswer | undefined;
    try {
      answer = await postJson({
        url: this.url,
        headers: this.target.headers ?? {},
        body: { ...params, tools_url: this.toolsUrl },
        signal: limit.signal,
        agent: this.url.protocol === 'http:' ? this.agent : undefined,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (limit.timedOut) throw new RunTimeoutError(params.timeout_ms);
      // The server agentready started may be why: an exit says so.
      if (!server || !(error instanceof HarnessError) || error.code !== 'TRANSPORT') throw error;
      const explained = await server.explainFailedPost(error);
      if (explained === error || resent) throw explained;
      if (!refusedConnection(error)) {
        if (!unreadByCleanExit({ server, error, explained, answeredBefore, host })) throw explained;
        this.tools.noteFor(params.trace_id, sentAgainNote({ exit: explained, answered: 'a case', to: 'the server started again' }));
      }
    } finally {
      server?.landed(answer !== undefined);
      limit.dispose();
      registration.settle();
    }
    if (answer === undefined) return this.post(params, { host, signal, resent: true });
    return this.parse(answer, { invalidUsage: registration.invalidUsage(), caseId: params.case.id });
  }

  /**
   * Starts the server again after it exited (same command, cwd, env and readiness wait), once for
   * every case waiting; what the gone one left in its group is stopped first, so it frees the
   * port. A start that fails is not tried again: this case and every later one fail with why.
   */
  private restart(gone: StartedServer): Promise<StartedServer> {
    if (this.restartFailure) return Promise.reject(this.restartFailure);
    this.restarting ??= (async () => {
      try {
        await gone.stop();
        if (this.stopped) throw new HarnessError('TRANSPORT', 'the http adapter was stopped');
        this.server = await this.startServer(true);
        return this.server;
      } catch (error) {
        if (this.stopped || !(error instanceof HarnessError)) throw error;
        this.restartFailure = new HarnessError(
          'AGENT_START',
          `the server of target.start exited during the run and could not be started again, so it is not tried again and the cases after it are not run: ${error.message}`,
          { cause: error },
        );
        throw this.restartFailure;
      } finally {
        this.restarting = undefined;
      }
    })();
    return this.restarting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A server still starting stops itself when its start is aborted.
    this.lifetime.abort(new HarnessError('TRANSPORT', 'the http adapter was stopped'));
    this.agent.destroy();
    const restarted = this.restarting?.catch(() => undefined);
    const server = this.server ?? (await this.serverStarting?.catch(() => undefined));
    await Promise.all([this.tools.close(), server?.stop(), restarted?.then((fresh) => fresh?.stop())]);
  }

  logFor(traceId: string): string[] {
    return this.tools.logFor(traceId);
  }

  unauthenticatedRequests(): number {
    return this.tools.unauthenticated;
  }

  /** Usage that came too late to count or named no case; a server that could not be started again, once; the results' keys agentready does not read, each once. */
  warnings(redactText?: (text: string) => string): string[] {
    const late = lateUsageWarning(this.tools.lateUsage);
    const failure = this.restartFailure?.message.split('\n')[0];
    return [...[late, this.tools.strayUsage.warning(redactText), failure].filter((warning) => warning !== undefined), ...this.unknownKeys.warnings()];
  }

  /** The run result in the answer of case `caseId`, or a HarnessError saying what came instead (`invalidUsage`: what was wrong with a usage report sent during the run). */
  private parse(answer: PostAnswer, { invalidUsage, caseId }: { invalidUsage: string | undefined; caseId: string }): RunReply {
    const where = this.url.href;
    if (answer.status < 200 || answer.status > 299) {
      const body = answer.text.trim() === '' ? 'an empty body' : `"${this.quote(answer.text)}"`;
      const said = `the agent at ${where} answered HTTP ${answer.status} ${answer.statusText} with ${body}`;
      // A 500 is what a server's framework (Express, Fastify, FastAPI, Flask) answers when the handler threw: the agent's
      // own failure (agent_error), as a stdio agent's error answer and a module's throw are, not the harness's. Counted
      // apart as an error, it left the rates, and an agent that threw on some cases passed a gate with max_error_rate set.
      if (answer.status === 500) throw new AgentRunError(said);
      throw new HarnessError('TRANSPORT', `${said}${redirectHint(answer, { url: this.url, quote: this.quote })}`);
    }
    let raw: unknown;
    try {
      // A byte order mark before the body is no part of it, as on stdio and exec.
      raw = JSON.parse(withoutBom(answer.text));
    } catch {
      // Nothing at all (a 204, a handler that ended the response without writing) is said as such, not quoted as "".
      if (answer.text.trim() === '') throw new HarnessError('AGENT_PROTOCOL', `the agent at ${where} answered the run with an empty body (HTTP ${answer.status} ${answer.statusText}): the answer is the run result { outcome, output } as JSON`);
      const type = answer.contentType === '' ? '' : ` (${answer.contentType})`;
      throw new HarnessError('AGENT_PROTOCOL', `the agent at ${where} answered the run with a body that is not JSON${type}: "${this.quote(answer.text)}"`);
    }
    this.unknownKeys.note(raw, caseId);
    const result = readAnswer(raw, { schema: RunResultSchema, said: `the agent at ${where} answered the run with`, invalidUsage, quote: this.quote });
    if (result instanceof HarnessError) throw result;
    return result;
  }
}

/**
 * What to do about a redirect (a 3xx with a Location): agentready does not follow it, as a POST does not stay
 * one through every redirect; the URL it names, resolved against `url`, is where target.url should point. A server
 * that redirects `/run` to `/run/` (FastAPI's redirect_slashes, say) is the common case, quoted by `quote`. Empty for any other answer.
 */
function redirectHint(answer: Pick<PostAnswer, 'status' | 'location'>, { url, quote }: { url: URL; quote: Quote }): string {
  if (answer.status < 300 || answer.status > 399 || answer.location === undefined) return '';
  const to = URL.canParse(answer.location, url.href) ? new URL(answer.location, url).href : answer.location;
  return `: a redirect to ${quote(to)}, which agentready does not follow (a POST does not stay one through every redirect): set target.url to the URL that answers the run`;
}

/**
 * Whether a POST the server closed unanswered (ECONNRESET: the keep-alive connection it went out on was closing)
 * went to a server on its way out: one that exited by itself with code 0 (a server that stops once it has answered),
 * had answered a case before this one went out, and held no other (`explained` is no CollateralCrashError), with
 * nothing of the case reaching agentready (no call to tools_url or mcp_url, no usage, no model call). Nothing shows
 * the case caused the exit and nothing of it was recorded: it is sent again, once, as a refused POST is (stdio's
 * `unreadOnExit` alike).
 */
function unreadByCleanExit({ server, error, explained, answeredBefore, host }: { server: StartedServer; error: HarnessError; explained: HarnessError; answeredBefore: number; host: ToolHost }): boolean {
  const reset = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET';
  return reset && answeredBefore > 0 && server.exitedCleanly && !(explained instanceof CollateralCrashError) && host.touched?.() !== true;
}

/** Whether a failed POST's connection was refused: the request never reached the server. */
function refusedConnection(error: HarnessError): boolean {
  return (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
}

// Returns `started`, or rejects with `signal`'s reason once it aborts first: the start goes on for the cases that wait on it (stop() ends it).
async function untilAborted(started: Promise<StartedServer>, signal: AbortSignal): Promise<StartedServer> {
  let stopListening = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stopListening = listenForAbort(signal, () => reject(signal.reason as Error));
  });
  try {
    return await Promise.race([started, aborted]);
  } finally {
    stopListening();
  }
}
