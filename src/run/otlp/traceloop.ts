/**
 * OpenLLMetry's (Traceloop's) own tool spans, for `agentready score`. Its `@tool` decorator (and
 * `withTool` in JS) and its LangChain instrumentation mark a tool call `traceloop.span.kind: tool`,
 * name it in `traceloop.entity.name` (the span `<name>.tool`) and record what went in and out as
 * JSON text in `traceloop.entity.input` and `traceloop.entity.output`, in one of two shapes:
 *
 * - the decorator's: input `{"args": [...], "kwargs": {...}}` (a JS tool given one object has it as
 *   `kwargs`), output the return value;
 * - LangChain's callbacks': input `{"input_str": "...", "inputs": {...}, "kwargs": {...}, …}` where
 *   `kwargs` is the callback's own, output `{"output": ..., "kwargs": {...}}`.
 *
 * Positional arguments have no names, so a call with any is unreadable: counted, not guessed. Pure.
 */
import { isPlainObject } from '../../config/json-value.js';
import { jsonValue, str, type AttributeMap } from './values.js';

export const TRACELOOP = Object.freeze({
  kind: 'traceloop.span.kind',
  name: 'traceloop.entity.name',
  input: 'traceloop.entity.input',
  output: 'traceloop.entity.output',
});

/** A tool call's arguments as a trace records them: none, an object, or a value no check can read. */
export type ToolArguments = { state: 'absent' } | { state: 'read'; value: Record<string, unknown> } | { state: 'unreadable' };

/** Whether a span is OpenLLMetry's tool call. */
export function isTraceloopTool(attributes: AttributeMap): boolean {
  return attributes.get(TRACELOOP.kind) === 'tool';
}

/** An OpenLLMetry tool's name: `traceloop.entity.name`, else the span's name without its `.tool`. */
export function traceloopToolName({ attributes, spanName }: { attributes: AttributeMap; spanName: string }): string | undefined {
  if (!isTraceloopTool(attributes)) return undefined;
  return str(attributes.get(TRACELOOP.name)) ?? (spanName.endsWith('.tool') ? str(spanName.slice(0, -'.tool'.length)) : undefined);
}

// LangChain's callback input: its `input_str` and `inputs` stand beside a `kwargs` that is not the tool's.
function isLangChainInput(input: Record<string, unknown>): boolean {
  return 'input_str' in input || 'inputs' in input;
}

/**
 * The call's arguments from `traceloop.entity.input`, in either shape. A tool span without it
 * (content tracing off, `TRACELOOP_TRACE_CONTENT=false`) is unreadable: OpenLLMetry records the
 * input of every call it records content of, `{"args": [], "kwargs": {}}` for a call with none.
 */
export function traceloopArguments(attributes: AttributeMap): ToolArguments {
  const raw = attributes.get(TRACELOOP.input);
  if (raw === undefined) return isTraceloopTool(attributes) ? { state: 'unreadable' } : { state: 'absent' };
  const input = jsonValue(raw);
  if (!isPlainObject(input)) return { state: 'unreadable' };
  if (isLangChainInput(input)) {
    const args = isPlainObject(input['inputs']) ? input['inputs'] : jsonValue(input['input_str']);
    return isPlainObject(args) ? { state: 'read', value: args } : { state: 'unreadable' };
  }
  const positional = input['args'];
  const named = input['kwargs'] ?? {};
  const noPositional = positional === undefined || (Array.isArray(positional) && positional.length === 0);
  return noPositional && isPlainObject(named) ? { state: 'read', value: named } : { state: 'unreadable' };
}

/** The call's result from `traceloop.entity.output`: LangChain's wrapped in `{"output": ...}`. */
export function traceloopResult(attributes: AttributeMap): unknown {
  const raw = attributes.get(TRACELOOP.output);
  if (raw === undefined) return undefined;
  const output = jsonValue(raw);
  const input = jsonValue(attributes.get(TRACELOOP.input));
  return isPlainObject(input) && isLangChainInput(input) && isPlainObject(output) && 'output' in output ? output['output'] : output;
}
