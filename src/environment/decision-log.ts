/**
 * The policy decisions of one attempt (SPEC §7): each rule that allowed or denied a call, with its
 * tool's name redacted and a summary of its arguments redacted and cut, in the order made, streamed as made to the run's
 * `policy-decisions.jsonl` and kept for the attempt's result.
 */
import type { PolicyDecision } from '../config/schema/index.js';
import { cutIndex } from '../common/shorten.js';

/** Longest summary of a call's arguments in a decision, in characters. */
const INPUT_SUMMARY_CHARS = 200;

export interface DecisionLogOptions {
  traceId: string;
  /** Wall-clock ISO time of a decision. */
  timestamp: () => string;
  /** Makes the agent's text safe to write (redaction); identity under --no-redact. */
  redactText: (text: string) => string;
  /** Called as each decision is made, so the log streams to disk. */
  onDecision?: ((decision: PolicyDecision) => void) | undefined;
}

/**
 * `value`'s JSON text, each of its strings and keys redacted by `redactText` before JSON escapes it when it holds a
 * control character: escaped first (`\u0007`, `\b`), the escape's letters join what redaction reads (`see\u00074111 1111
 * 1111 1111` holds no card number). The JSON text is redacted again after, for what only its keys and values together
 * say (`"password":"hunter2"`). Text with no backslash escaped nothing: the common case, one stringify.
 */
function redactedJson(value: unknown, redactText: (text: string) => string): string {
  // Stryker disable next-line StringLiteral: arguments are an object, whose JSON is never undefined
  const json = JSON.stringify(value) ?? '';
  if (!json.includes('\\')) return json;
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return redactText(item);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redactText(key), inner]));
  });
}

export class DecisionLog {
  readonly decisions: PolicyDecision[] = [];

  constructor(private readonly options: DecisionLogOptions) {}

  /** Records the decision of rule `ruleId` on a call of `tool` with `args`. */
  record(call: { tool: string; args: unknown; ruleId: string; outcome: PolicyDecision['outcome'] }): void {
    const summary = this.options.redactText(redactedJson(call.args, this.options.redactText));
    const decision: PolicyDecision = {
      timestamp: this.options.timestamp(),
      trace_id: this.options.traceId,
      rule_id: call.ruleId,
      // The agent's word too: an exec agent or a scored trace reports calls to tools the suite does not declare, by any name.
      tool: this.options.redactText(call.tool),
      // Redacted, then cut (common/shorten.ts): a cut before redaction would leave half a secret that it no longer sees.
      input_summary: summary.slice(0, cutIndex(summary, INPUT_SUMMARY_CHARS)),
      outcome: call.outcome,
    };
    this.decisions.push(decision);
    this.options.onDecision?.(decision);
  }
}
