/**
 * The policy decisions of one attempt (SPEC §7): each rule that allowed or denied a call, with its
 * tool's name redacted and a summary of its arguments redacted and cut, in the order made, streamed as made to the run's
 * `policy-decisions.jsonl` and kept for the attempt's result.
 */
import type { PolicyDecision } from '../config/schema/index.js';
import { cutIndex } from '../common/shorten.js';
import { redactedJsonText } from '../common/sanitize.js';

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

export class DecisionLog {
  readonly decisions: PolicyDecision[] = [];

  constructor(private readonly options: DecisionLogOptions) {}

  /** Records the decision of rule `ruleId` on a call of `tool` with `args`. */
  record(call: { tool: string; args: unknown; ruleId: string; outcome: PolicyDecision['outcome'] }): void {
    // Each string redacted before JSON escapes it, then the JSON text (sanitize.ts `redactedJsonText`).
    // Stryker disable next-line StringLiteral: arguments are an object, whose JSON is never undefined
    const summary = this.options.redactText(redactedJsonText(call.args, this.options.redactText) ?? '');
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
