/**
 * `agentready replay`: the tool answers of a recorded trace, handed out again. A call takes the
 * first recorded call not yet used with the same tool name and arguments, in order (arguments
 * compared redacted when the recording was written with redaction on, as it is by default); a call
 * the recording does not hold is answered `not_recorded`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ToolCallRecord } from '../config/schema/index.js';
import { equalAsRecorded } from '../common/match.js';
import { placeholdersIn } from '../common/redact.js';
import type { UserReplyParams } from '../adapters/protocol.js';
import type { SimulatedReply, UserReplies } from '../adapters/user-simulator.js';
import { HarnessError } from '../errors.js';
import { commandHint } from '../config/command-hint.js';

/** A conversation a user simulator played, as `replay` says it again: the user's messages after the opening one, and the simulator's failure that ended it, if one did. */
export interface RecordedConversation {
  messages: readonly string[];
  failure?: string;
}

/** A recorded answer, with the change the call made to a tool world (replayed into the trace, so the state is judged again). */
export type RecordedAnswer = Pick<ToolCallRecord, 'answer' | 'result' | 'error' | 'state_change'>;

/** Answers that come from the tools (mocks, faults, handlers), which a replay takes from the recording; authority, policy and budgets still decide first. */
const FROM_THE_TOOLS = new Set(['answer', 'error', 'fault', 'not_mocked', 'handler']);

/**
 * `agentready replay` of a conversation a user simulator played: the user's messages of the
 * recording said again, in order (the agent's turn k is answered with the recording's turn k+1),
 * then silence, so the agent is given what it was given then and the simulator (a model, maybe)
 * is not asked. `--live` asks the simulator.
 */
export class RecordedUser implements UserReplies {
  constructor(private readonly recorded: RecordedConversation) {}

  reply(params: UserReplyParams): Promise<SimulatedReply> {
    const answered = params.messages.filter((message) => message.role === 'agent').length;
    const text = this.recorded.messages[answered - 1];
    if (text !== undefined) return Promise.resolve({ kind: 'say', text });
    // The recording ended where the simulator failed, not where the user fell silent: so does the replay.
    const { failure } = this.recorded;
    if (failure !== undefined) return Promise.reject(new HarnessError('USER_SIMULATOR', `the recorded conversation ends where the user simulator failed (${failure}); \`${commandHint('replay --live')}\` asks the simulator again`));
    return Promise.resolve({ kind: 'stop' });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

export class RecordedAnswers {
  readonly #used = new Set<number>();

  constructor(private readonly calls: readonly ToolCallRecord[]) {}

  /** The decision made on a call, with the tool's part (answer kind, result, error) taken from the recording when the tools would give it. */
  answer<D extends { answer: string; result?: unknown; error?: unknown }>({ decided, name, args }: { decided: D; name: string; args: unknown }): D | (Omit<D, 'answer' | 'result' | 'error'> & RecordedAnswer) {
    if (!FROM_THE_TOOLS.has(decided.answer)) return decided;
    const { answer: _answer, result: _result, error: _error, ...rest } = decided;
    return { ...rest, ...this.take(name, args) };
  }

  take(name: string, args: unknown): RecordedAnswer {
    const index = this.#find(name, args);
    if (index === -1) return { answer: 'not_recorded', error: { kind: 'not_recorded', message: `the recording holds no unused call of ${name} with these arguments${this.#redactedNote()}` } };
    this.#used.add(index);
    const call = this.calls[index]!;
    return {
      answer: call.answer,
      ...('result' in call ? { result: call.result } : {}),
      ...(call.error ? { error: call.error } : {}),
      ...(call.state_change ? { state_change: call.state_change } : {}),
    };
  }

  /** Said with a miss when the recording was written with redaction on: its arguments lost what the placeholders stand for. */
  #redactedNote(): string {
    const placeholders = placeholdersIn(JSON.stringify(this.calls.map((call) => call.arguments ?? {})));
    if (placeholders.length === 0) return '';
    return ` (it was written with redaction on, its arguments hold ${placeholders.join(', ')}: replay a run made with \`eval --no-redact\` to match them exactly)`;
  }

  /**
   * The first unused recorded call of `name` with these arguments; else (a recording written with
   * redaction on holds `[email]` where the agent sent an address) the first whose arguments are
   * these once redacted. -1 when there is none.
   */
  #find(name: string, args: unknown): number {
    const unused = (call: ToolCallRecord, i: number) => !this.#used.has(i) && call.name === name;
    const exact = this.calls.findIndex((call, i) => unused(call, i) && isDeepStrictEqual(call.arguments ?? {}, args ?? {}));
    if (exact !== -1) return exact;
    return this.calls.findIndex((call, i) => unused(call, i) && equalAsRecorded(args ?? {}, call.arguments ?? {}));
  }
}
