/** A small builder for full Traces, so scorer tests read as the case they describe. */
import type { ResultOutcome, ToolCallRecord, Trace, TurnRecord, UsageRecord } from '../../../src/config/schema/trace.js';

type CallOptions = Partial<Pick<ToolCallRecord, 'answer' | 'approved' | 'result' | 'error' | 'at_ms' | 'latency_ms' | 'state_change' | 'turn' | 'also_denied' | 'before_stop_seen' | 'ran'>>;

export class TraceBuilder {
  private readonly value: Trace = {
    trace_id: 'tr-1',
    suite: 'support',
    case_id: 'case-1',
    attempt: 1,
    mode: 'normal',
    outcome: 'completed',
    output: '',
    duration_ms: 100,
    tool_calls: [],
    approvals: [],
    usage: [],
    policy_decisions: [],
  };

  /** Appends a tool call, answered from its mock unless `answer` says otherwise. */
  call(name: string, args: unknown = {}, options: CallOptions = {}): this {
    const seq = this.value.tool_calls.length;
    this.value.tool_calls.push({ seq, name, arguments: args, answer: 'answer', at_ms: seq * 10, latency_ms: 1, ...options });
    return this;
  }

  /** Appends an approval/request and its answer, just after the calls so far. */
  approval(name: string, args: unknown, approved: boolean): this {
    this.value.approvals.push({ name, arguments: args, approved, at_ms: this.value.tool_calls.length * 10 });
    return this;
  }

  outcome(outcome: ResultOutcome): this {
    this.value.outcome = outcome;
    return this;
  }

  output(output: unknown): this {
    this.value.output = output;
    return this;
  }

  duration(ms: number): this {
    this.value.duration_ms = ms;
    return this;
  }

  /** Appends one model call. */
  usage(cost_usd = 0, rest: Partial<UsageRecord> = {}): this {
    this.value.usage.push({ model: 'small-model', input_tokens: 100, output_tokens: 20, cost_usd, priced: true, ...rest });
    return this;
  }

  /** Appends a turn of the conversation; the trace's outcome and output become this answer's. */
  turn(user: string, outcome: ResultOutcome, output: unknown, rest: Partial<TurnRecord> = {}): this {
    const turns = (this.value.turns ??= []);
    turns.push({ turn: turns.length + 1, user, outcome, output, duration_ms: 10, ...rest });
    this.value.outcome = outcome;
    this.value.output = output;
    return this;
  }

  error(message: string): this {
    this.value.outcome = 'error';
    this.value.error = { code: 'AGENT_EXITED', message };
    return this;
  }

  build(): Trace {
    return structuredClone(this.value);
  }
}

export function trace(): TraceBuilder {
  return new TraceBuilder();
}
