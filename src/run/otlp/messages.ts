/**
 * What the user asked and what the agent answered, as a trace records the messages: the GenAI
 * attributes `gen_ai.input.messages` and `gen_ai.output.messages` (agentready's `agentready.output`
 * first), else the older conventions' span events, which OpenLLMetry and the Azure SDKs still
 * write: `gen_ai.content.prompt` / `gen_ai.content.completion` (the messages as JSON in
 * `gen_ai.prompt` / `gen_ai.completion`), and one event a message, `gen_ai.user.message`,
 * `gen_ai.assistant.message`, … and `gen_ai.choice` (its body in `gen_ai.event.content` or as the
 * event's own attributes), else OpenInference's (openinference.ts): an agent or chain span's
 * `input.value` / `output.value`, a model call's flattened `llm.input_messages.<i>.message.*`. The
 * agent span's say first; else the first model call's input and the last one's output. Pure.
 */
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES } from '@opentelemetry/semantic-conventions/incubating';
import { AR } from '../../config/schema/otlp.js';
import { isPlainObject } from '../../config/json-value.js';
import { parserFound } from '../../config/json-error.js';
import { attributeMap, jsonValue, type AttributeMap } from './values.js';
import type { LocatedSpan } from './genai-span.js';
import { openInferenceMessages, openInferenceRequestedCalls, openInferenceText } from './openinference.js';

type Message = Record<string, unknown>;
type Which = { role: string; which: 'first' | 'last' };
type Wanted = Which & { attribute: string; direction: 'input' | 'output' };

const PROMPT_EVENT = { event: 'gen_ai.content.prompt', attribute: 'gen_ai.prompt', role: 'user' };
const COMPLETION_EVENT = { event: 'gen_ai.content.completion', attribute: 'gen_ai.completion', role: 'assistant' };
const MESSAGE_EVENT = /^gen_ai\.(system|user|assistant|tool)\.message$/;
const CHOICE_EVENT = 'gen_ai.choice';
const EVENT_CONTENT = 'gen_ai.event.content';

/** agentready's exact output, else the text of the last assistant message: the agent span's, else the last model call's. */
export function outputOf(agent: LocatedSpan, modelCalls: readonly LocatedSpan[]): unknown {
  if (agent.attributes.has(AR.output)) return jsonValue(agent.attributes.get(AR.output));
  return fromAgentElseCall({ agent, call: modelCalls.at(-1) }, { role: 'assistant', which: 'last', attribute: ATTR_GEN_AI_OUTPUT_MESSAGES, direction: 'output' });
}

/** The first user message's text: the agent span's, else the first model call's. */
export function inputOf(agent: LocatedSpan, modelCalls: readonly LocatedSpan[]): string | undefined {
  return fromAgentElseCall({ agent, call: modelCalls[0] }, { role: 'user', which: 'first', attribute: ATTR_GEN_AI_INPUT_MESSAGES, direction: 'input' });
}

// The agent span's message (or OpenInference's agent or chain text); a model call's only when the agent span records no messages (an empty `gen_ai.output.messages` is a run that answered nothing).
function fromAgentElseCall({ agent, call }: { agent: LocatedSpan; call: LocatedSpan | undefined }, wanted: Wanted): string | undefined {
  const text = textOf(agent, wanted) ?? openInferenceText(agent.attributes, wanted.direction);
  return text !== undefined || agent.attributes.has(wanted.attribute) || call === undefined ? text : textOf(call, wanted);
}

// One span's message text: its messages attribute, else its events, else OpenInference's flattened messages.
function textOf(span: LocatedSpan, { attribute, direction, ...which }: Wanted): string | undefined {
  return messageText(jsonValue(span.attributes.get(attribute)), which) ?? messageText(eventMessages(span), which) ?? messageText(openInferenceMessages(span.attributes, direction), which);
}

// The messages a span's events record, in their order.
function eventMessages({ span }: LocatedSpan): Message[] {
  return (span.events ?? []).flatMap((event) => {
    const attrs = attributeMap(event.attributes);
    if (event.name === PROMPT_EVENT.event) return listed(attrs, PROMPT_EVENT);
    if (event.name === COMPLETION_EVENT.event) return listed(attrs, COMPLETION_EVENT);
    const role = MESSAGE_EVENT.exec(event.name)?.[1];
    if (role !== undefined) return [{ role, ...eventBody(attrs) }];
    if (event.name !== CHOICE_EVENT) return [];
    const message = eventBody(attrs)['message'];
    return isPlainObject(message) ? [{ role: 'assistant', ...message }] : [];
  });
}

// `gen_ai.prompt` / `gen_ai.completion`: a JSON list of messages, or the text itself.
function listed(attrs: AttributeMap, { attribute, role }: { attribute: string; role: string }): Message[] {
  const value = jsonValue(attrs.get(attribute));
  if (typeof value === 'string') return [{ role, content: value }];
  return Array.isArray(value) ? value.filter(isPlainObject).map((m) => ({ role, ...m })) : [];
}

// A message event's body: the JSON object of `gen_ai.event.content`, else the event's attributes.
function eventBody(attrs: AttributeMap): Message {
  const content = jsonValue(attrs.get(EVENT_CONTENT));
  return isPlainObject(content) ? content : Object.fromEntries(attrs);
}

/**
 * How many tool calls a model call asked for: the `tool_call` parts of its `gen_ai.output.messages`,
 * or OpenInference's `llm.output_messages` tool calls. Requests, not calls made: decode.ts counts
 * them only in a trace with no tool span, whose calls went unrecorded.
 */
export function requestedToolCalls({ attributes }: LocatedSpan): number {
  const messages = jsonValue(attributes.get(ATTR_GEN_AI_OUTPUT_MESSAGES));
  let calls = openInferenceRequestedCalls(attributes);
  if (!Array.isArray(messages)) return calls;
  for (const message of messages) {
    const parts = isPlainObject(message) && Array.isArray(message['parts']) ? message['parts'] : [];
    for (const part of parts) if (isPlainObject(part) && part['type'] === 'tool_call') calls++;
  }
  return calls;
}

/** A messages attribute of a span holding text that is no JSON: read as no messages, so `score` says so (decode.ts). */
export interface UnreadableMessages {
  attribute: string;
  direction: 'input' | 'output';
  /** What JSON.parse stopped at, in words, quoting none of the text (json-error.ts). */
  found: string;
}

/**
 * The span's `gen_ai.input.messages` and `gen_ai.output.messages` that hold text that is no JSON
 * (a raw control character an exporter did not escape, say): their messages are read as none, and
 * the trace's input or output with them, which the user is to hear of.
 */
export function unreadableMessages({ attributes }: LocatedSpan): UnreadableMessages[] {
  const attributesRead = [[ATTR_GEN_AI_INPUT_MESSAGES, 'input'], [ATTR_GEN_AI_OUTPUT_MESSAGES, 'output']] as const;
  return attributesRead.flatMap(([attribute, direction]) => {
    const value = attributes.get(attribute);
    if (typeof value !== 'string') return [];
    try {
      JSON.parse(value);
      return [];
    } catch (error) {
      return [{ attribute, direction, found: parserFound({ message: error instanceof SyntaxError ? error.message : '', text: value, end: 'the end of the text' }) }];
    }
  });
}

/** The text parts of one message of a `gen_ai.*.messages` value (parsed JSON text or a structured attribute). */
function messageText(messages: unknown, { role, which }: Which): string | undefined {
  if (!Array.isArray(messages)) return undefined;
  const ofRole = messages.filter((m): m is Message => isPlainObject(m) && m['role'] === role);
  const message = which === 'first' ? ofRole[0] : ofRole.at(-1);
  if (!message) return undefined;
  if (typeof message['content'] === 'string') return message['content'];
  const parts = Array.isArray(message['parts']) ? message['parts'] : [];
  const texts = parts.filter((p): p is Message => isPlainObject(p) && p['type'] === 'text' && typeof p['content'] === 'string').map((p) => p['content'] as string);
  return texts.length > 0 ? texts.join('') : undefined;
}
