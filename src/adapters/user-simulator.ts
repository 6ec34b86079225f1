/**
 * The user simulator (`user: {command}` in the config): a process that plays the user, asked
 * `user/reply {trace_id, case, messages}` over stdio JSON-RPC after each answer of the agent,
 * and answering `{say}` or `{stop: true}`. It gets no `initialize` or `shutdown`. A process that
 * crashes fails only the requests it was serving (those cases are `error`, as a stdio agent's
 * in-flight cases are); the next request starts a new one. A failed request is never retried
 * (SPEC §12): asking again could repeat a model call the simulator makes.
 */
import { HarnessError, InternalError } from '../errors.js';
import { AgentLog } from './agent-log.js';
import { JsonRpcError, OversizedMessageError } from './jsonrpc-errors.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { valueNestedPast } from '../config/json-depth.js';
import type { JsonRpcPeer, ProtocolProblem } from './jsonrpc.js';
import type { ProcessGroup } from './process-group.js';
import { exitWithin, spawnRpcChild } from './rpc-child.js';
import { loadSpawner, type ExitResult } from './child-spawn.js';
import { METHODS, UserReplyResultSchema, type UserReplyParams } from './protocol.js';
import { describeExit } from './stdio-errors.js';
import { notStarted } from './not-started.js';
import { excerpt, type Quote } from '../common/shorten.js';
import { redactedJsonText } from '../common/sanitize.js';
import type { BatchedWriter } from './batched-writer.js';
import { commandLine } from '../config/shell-words.js';

/** How long a simulator may take to exit once its stdin is closed, before it is terminated. */
const STOP_GRACE_MS = 2000;

export interface UserSimulatorOptions {
  command: readonly string[];
  cwd: string;
  env?: Record<string, string> | undefined;
  /** How what the simulator wrote is quoted in a message about it: the run's (adapter.ts `AdapterContext.quote`); unset, escaped only. */
  quote?: Quote | undefined;
}

/** What the simulated user does next. */
export type SimulatedReply = { kind: 'say'; text: string } | { kind: 'stop' };

/** What plays the user after the opening message: the simulator's process, or (`replay`) its recorded messages. */
export type UserReplies = Pick<UserSimulator, 'reply' | 'stop'>;

export class UserSimulator {
  #process: SimulatorProcess | undefined;
  #stopped = false;

  constructor(private readonly options: UserSimulatorOptions) {}

  /**
   * The user's next message, or `stop`. Rejects with a HarnessError when the process crashed,
   * answered with an error or with something that is not a reply, and with the signal's reason
   * when it aborts (the case's time limit, Ctrl-C).
   */
  async reply(params: UserReplyParams, signal: AbortSignal): Promise<SimulatedReply> {
    if (signal.aborted) throw signal.reason;
    if (this.#stopped) throw new InternalError('the user simulator was asked for a reply after it was stopped');
    const raw = await (await this.#started(signal)).request(params, signal);
    // Refused before anything walks it: quoting it (JSON.stringify) ran out of stack, an INTERNAL error.
    if (valueNestedPast(raw, MAX_NESTING_DEPTH)) {
      throw new HarnessError('USER_SIMULATOR', `the user simulator answered user/reply with a result nested more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    const parsed = UserReplyResultSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HarnessError('USER_SIMULATOR', `the user simulator answered user/reply with an invalid result (expected {say} or {stop: true}), got ${this.#quoteJson(raw)}`);
    }
    if (parsed.data.stop === true) return { kind: 'stop' };
    // An empty message would run the conversation to max_turns with nothing said: a simulator's bug, not the user's silence.
    if (parsed.data.say.trim() === '') {
      throw new HarnessError('USER_SIMULATOR', `the user simulator answered user/reply with an empty message (${this.#quoteJson(raw)}); say some text, or answer {stop: true} to end the conversation`);
    }
    return { kind: 'say', text: parsed.data.say };
  }

  // Returns the JSON of what the simulator answered, quoted: its strings redacted before JSON escapes them (sanitize.ts `redactedJsonText`).
  #quoteJson(raw: unknown): string {
    const quote = this.options.quote ?? excerpt;
    return quote(redactedJsonText(raw, quote.redactText) ?? 'nothing');
  }

  /** Closes the simulator's stdin, then stops it (SIGTERM, SIGKILL) if it does not exit. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#process?.stop();
  }

  /** The running process, started when there is none or it is gone. */
  async #started(signal: AbortSignal): Promise<SimulatorProcess> {
    if (this.#process && !this.#process.retired) return this.#process;
    await loadSpawner();
    // Aborted or stopped while what spawns loaded (execa, on Windows): no process starts that nothing would wait for or stop.
    if (signal.aborted) throw signal.reason;
    if (this.#stopped) throw new HarnessError('USER_SIMULATOR', 'the user simulator was stopped before it started');
    // Requests that arrived together while it loaded share the one process the first of them started.
    if (!this.#process || this.#process.retired) this.#process = new SimulatorProcess(this.options);
    return this.#process;
  }
}

/** One simulator process: its requests in flight, its log, its exit. */
class SimulatorProcess {
  gone = false;
  /** Gone, or being stopped for a bad line: no request is sent to it any more. */
  get retired(): boolean {
    return this.gone || this.stopReason !== undefined;
  }
  private readonly ended: Promise<ExitResult>;
  private readonly group: ProcessGroup;
  private readonly peer: JsonRpcPeer;
  private readonly stdin: BatchedWriter;
  private readonly log: AgentLog;
  private readonly exited: Promise<void>;
  /** Why agentready ended the process, when it did. */
  private stopReason: string | undefined;
  /** It wrote a bad line: what it answers after that is not taken. */
  private brokeProtocol = false;
  /** What its exit failed its requests with. */
  private goneError: HarnessError | undefined;

  constructor(private readonly options: UserSimulatorOptions) {
    this.log = new AgentLog(options.quote);
    const child = spawnRpcChild({
      command: options.command,
      cwd: options.cwd,
      env: options.env,
      log: this.log,
      what: 'user simulator',
      peer: { onProblem: (problem) => this.onProblem(problem) },
    });
    this.ended = child.ended;
    this.group = child.group;
    this.peer = child.peer;
    this.stdin = child.stdin;
    this.exited = this.ended.then((result) => this.onGone(result));
  }

  /** Sends `user/reply`; settles with the raw result, or rejects (the process's exit, an error answer, the signal). */
  async request(params: UserReplyParams, signal: AbortSignal): Promise<unknown> {
    const { response } = this.peer.request(METHODS.userReply, params);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([response, aborted]);
      // An answer written after a bad line (in the same chunk, before the process was stopped) is not taken: the cases it was serving fail with its exit, as the others in flight do.
      if (this.brokeProtocol) {
        await Promise.race([this.exited, aborted]);
        throw this.goneError ?? new HarnessError('USER_SIMULATOR', this.stopReason ?? 'the user simulator was stopped');
      }
      return result;
    } catch (error) {
      if (error instanceof JsonRpcError) {
        throw new HarnessError('USER_SIMULATOR', this.log.withTail(`the user simulator answered user/reply with an error (code ${error.code}): ${error.message}`), { cause: error });
      }
      if (error instanceof OversizedMessageError) {
        throw new HarnessError('USER_SIMULATOR', `the user simulator answered user/reply on a line longer than ${error.limitBytes} bytes (the limit of one message), so it was dropped: "${error.excerpt}"`, { cause: error });
      }
      throw error;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  async stop(): Promise<void> {
    if (this.gone) return;
    this.stopReason ??= 'agentready stopped the user simulator';
    this.stdin.end();
    await exitWithin({ exited: this.exited, group: this.group, ms: STOP_GRACE_MS });
  }

  /** A line on stdout that is not a reply: the process cannot be trusted with its requests; stop it (the next request starts another). */
  private onProblem(problem: ProtocolProblem): void {
    if (problem.kind === 'partial_line') return;
    if (this.stopReason !== undefined) return;
    this.stopReason = `the user simulator wrote an invalid message on stdout (${problem.message}): "${problem.excerpt}", so it was stopped; the next case starts a new one`;
    this.brokeProtocol = true;
    this.group.terminate();
  }

  /** The process is gone: every request it was serving fails, naming the exit. */
  private onGone(result: ExitResult): void {
    this.gone = true;
    this.stdin.close();
    // Neither an exit code nor a signal: the process never ran (a command not found, a cwd missing).
    const why =
      result.exitCode === undefined && result.signal === undefined
        ? `the user simulator (${commandLine(this.options.command)}) ${notStarted(result, this.options.cwd)}`
        : this.stopReason === undefined
          ? `the user simulator exited unexpectedly ${describeExit(result)}`
          // Ended by a signal after agentready stopped it: the signal is agentready's own, not news.
          : result.signal === undefined || result.signal === null ? `${this.stopReason} ${describeExit(result)}` : this.stopReason;
    this.goneError = new HarnessError('USER_SIMULATOR', this.log.withTail(why), { cause: result });
    this.peer.rejectAll(this.goneError);
  }
}
