/**
 * OpenInference's spans (Arize Phoenix, Arize AX, and the openinference-instrumentation-* packages),
 * for `agentready score`. Every span says what it is in `openinference.span.kind`:
 *
 * - `TOOL`: a tool call named by `tool.name` (`tool.parameters` is the tool's JSON schema, not the
 *   call's arguments), its arguments in `input.value` (JSON text when `input.mime_type` is
 *   `application/json`), its result in `output.value` (JSON text read as its value unless
 *   `output.mime_type` names another type);
 * - `LLM`: a model call, its model `llm.model_name`, its usage `llm.token_count.prompt` and
 *   `llm.token_count.completion`, its messages flattened one attribute a field,
 *   `llm.input_messages.<i>.message.role` / `.message.content` (and `llm.output_messages.…`, whose
 *   `.message.tool_calls.<j>.tool_call.function.name` are tool calls the model asked for: a
 *   `TOOL` span records each call made);
 * - `AGENT` and `CHAIN`: the run, what went in and came out in `input.value` and `output.value`.
 *
 * The kind is matched whatever its case. Arguments that are no JSON object (a LangChain tool's
 * input string, say) are unreadable: counted, not guessed. Pure.
 */
import { isPlainObject } from '../../config/json-value.js';
import { count, jsonValue, str, type AttributeMap } from './values.js';
import type { ToolArguments } from './traceloop.js';

export const OPENINFERENCE = Object.freeze({
  kind: 'openinference.span.kind',
  toolName: 'tool.name',
  input: 'input.value',
  inputMime: 'input.mime_type',
  output: 'output.value',
  outputMime: 'output.mime_type',
  model: 'llm.model_name',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  inputMessages: 'llm.input_messages',
  outputMessages: 'llm.output_messages',
});

const JSON_MIME = 'application/json';

/** A span's OpenInference kind, upper-cased (`TOOL`, `LLM`, `AGENT`, `CHAIN`, …), when it has one. */
export function openInferenceKind(attributes: AttributeMap): string | undefined {
  return str(attributes.get(OPENINFERENCE.kind))?.toUpperCase();
}

/** Whether a span is OpenInference's tool call. */
export function isOpenInferenceTool(attributes: AttributeMap): boolean {
  return openInferenceKind(attributes) === 'TOOL';
}

/** Whether a span is OpenInference's model call. */
export function isOpenInferenceModelCall(attributes: AttributeMap): boolean {
  return openInferenceKind(attributes) === 'LLM';
}

/** An OpenInference tool's name, from `tool.name`. */
export function openInferenceToolName(attributes: AttributeMap): string | undefined {
  return isOpenInferenceTool(attributes) ? str(attributes.get(OPENINFERENCE.toolName)) : undefined;
}

/** The call's arguments from `input.value`: a JSON object, else unreadable. */
export function openInferenceArguments(attributes: AttributeMap): ToolArguments {
  const raw = attributes.get(OPENINFERENCE.input);
  if (raw === undefined) return { state: 'absent' };
  const input = jsonValue(raw);
  return isPlainObject(input) ? { state: 'read', value: input } : { state: 'unreadable' };
}

/**
 * The call's result from `output.value`: JSON text read as its value, unless `output.mime_type`
 * names another type (`text/plain`): then a text that reads as JSON (`42`, `{"ok": true}`) is
 * still the text the tool returned.
 */
export function openInferenceResult(attributes: AttributeMap): unknown {
  if (!isOpenInferenceTool(attributes)) return undefined;
  const raw = attributes.get(OPENINFERENCE.output);
  const mime = str(attributes.get(OPENINFERENCE.outputMime));
  return mime === undefined || mime === JSON_MIME ? jsonValue(raw) : raw;
}

/** A model call's model and token counts as OpenInference names them, each when the span has it. */
export function openInferenceUsage(attributes: AttributeMap): { model?: string; input?: number; output?: number } {
  const model = str(attributes.get(OPENINFERENCE.model));
  const input = count(attributes.get(OPENINFERENCE.promptTokens));
  const output = count(attributes.get(OPENINFERENCE.completionTokens));
  return { ...(model === undefined ? {} : { model }), ...(input === undefined ? {} : { input }), ...(output === undefined ? {} : { output }) };
}

/** A model call's messages, gathered from the flattened `llm.input_messages.<i>.message.*` (or output) attributes, in index order. */
export function openInferenceMessages(attributes: AttributeMap, direction: 'input' | 'output'): Record<string, unknown>[] | undefined {
  const prefix = `${direction === 'input' ? OPENINFERENCE.inputMessages : OPENINFERENCE.outputMessages}.`;
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [key, value] of attributes) {
    const field = /^(\d+)\.message\.(role|content)$/.exec(key.startsWith(prefix) ? key.slice(prefix.length) : '');
    if (!field) continue;
    const index = Number(field[1]);
    byIndex.set(index, { ...byIndex.get(index), [field[2]!]: value });
  }
  return byIndex.size === 0 ? undefined : [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, message]) => message);
}

/** How many tool calls a model call's `llm.output_messages.<i>.message.tool_calls.<j>.tool_call.function.name` ask for. */
export function openInferenceRequestedCalls(attributes: AttributeMap): number {
  const prefix = `${OPENINFERENCE.outputMessages}.`;
  let calls = 0;
  for (const key of attributes.keys()) if (key.startsWith(prefix) && /^\d+\.message\.tool_calls\.\d+\.tool_call\.function\.name$/.test(key.slice(prefix.length))) calls++;
  return calls;
}

/**
 * The text of an agent or chain span's `input.value` or `output.value`: the text itself, or a JSON
 * value that is text; a JSON object (a framework's state) holds no text to tell apart.
 */
export function openInferenceText(attributes: AttributeMap, direction: 'input' | 'output'): string | undefined {
  const kind = openInferenceKind(attributes);
  if (kind !== 'AGENT' && kind !== 'CHAIN') return undefined;
  const raw = str(attributes.get(direction === 'input' ? OPENINFERENCE.input : OPENINFERENCE.output));
  if (raw === undefined) return undefined;
  if (attributes.get(direction === 'input' ? OPENINFERENCE.inputMime : OPENINFERENCE.outputMime) !== JSON_MIME) return raw;
  const value = jsonValue(raw);
  return typeof value === 'string' ? value : undefined;
}
