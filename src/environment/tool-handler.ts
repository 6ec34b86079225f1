/**
 * One call of a tool's handler in the attempt's world, for CaseEnvironment: its result, its
 * domain error, or, when it crashed (or was never loaded), a handler_error and the world error
 * that keeps the case from being judged.
 */
import type { JsonPatchOperation, Tool } from '../config/schema/index.js';
import type { ToolDecision } from './decide.js';
import type { CaseEnvironmentOptions } from './host-options.js';
import { handlerKey } from './world.js';

/** A handler that threw something other than a domain error: the case cannot be judged. */
export interface WorldError {
  tool: string;
  message: string;
  /** The handler's frames, agentready's dropped. */
  stack: string[];
}

/** A decided call once its tool has answered: never `handler` any more. */
export type Answered = Pick<ToolDecision, 'result' | 'error'> & {
  answer: Exclude<ToolDecision['answer'], 'handler'>;
  stateChange?: JsonPatchOperation[];
};

/** The call of `name` with `args`: the tool as declared, this call's number among the case's calls of it, and the case's options. */
export interface HandlerCall {
  name: string;
  args: Record<string, unknown>;
  tool: Tool | undefined;
  call: number;
  options: CaseEnvironmentOptions;
}

/** Runs the tool's handler in the world: its result, its domain error, or (when it crashed) a handler_error, told to `onCrash` first. */
export async function runHandler(input: HandlerCall, onCrash: (error: WorldError) => void): Promise<Answered> {
  const { name, args, options } = input;
  const crashed = ({ message, stack, change }: { message: string; stack: string[]; change: Answered['stateChange'] }): Answered => {
    onCrash({ tool: name, message, stack });
    return { answer: 'error', error: { kind: 'handler_error', message: `the tool failed: ${message}` }, stateChange: change ?? [] };
  };
  const ref = input.tool?.handler;
  const fn = ref && options.handlers?.get(handlerKey(ref));
  const world = options.world;
  if (!ref || !fn || !world) return crashed({ message: `the handler of ${name} was not loaded`, stack: [], change: [] });
  const kase = options.kase;
  const outcome = await world.call({
    fn,
    args,
    kase: { id: kase.id, context: kase.context },
    call: input.call,
    handler: `${ref.spec} of ${name}`,
    guard: { label: `the tool handler ${ref.spec} of ${name} in case ${kase.id}`, timeoutMs: options.handlerTimeoutMs, blame: options.attempt && { attempt: options.attempt, code: 'HANDLER_BLOCKED' } },
  });
  switch (outcome.kind) {
    case 'result':
      return { answer: 'answer', result: outcome.result, stateChange: outcome.change };
    case 'domain_error':
      return { answer: 'error', error: outcome.error, stateChange: outcome.change };
    case 'crashed':
      return crashed({ message: `${ref.spec} ${outcome.message}`, stack: outcome.stack, change: outcome.change });
  }
}
