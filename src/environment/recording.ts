/**
 * `agentready replay`: the tool answers of a recorded trace, handed out again. A call takes the
 * first recorded call not yet used with the same tool name and arguments, in order; a call the
 * recording does not hold is answered `not_recorded`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ToolCallRecord } from '../config/schema/index.js';

export type RecordedAnswer = Pick<ToolCallRecord, 'answer' | 'result' | 'error'>;

export class RecordedAnswers {
  readonly #used = new Set<number>();

  constructor(private readonly calls: readonly ToolCallRecord[]) {}

  take(name: string, args: unknown): RecordedAnswer {
    const index = this.calls.findIndex((call, i) => !this.#used.has(i) && call.name === name && isDeepStrictEqual(call.arguments ?? {}, args ?? {}));
    if (index === -1) return { answer: 'not_recorded', error: { kind: 'not_recorded', message: `the recording holds no unused call of ${name} with these arguments` } };
    this.#used.add(index);
    const call = this.calls[index]!;
    return { answer: call.answer, ...('result' in call ? { result: call.result } : {}), ...(call.error ? { error: call.error } : {}) };
  }
}
