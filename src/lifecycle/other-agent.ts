/**
 * The gate's note when the committed baseline was made by another agent than the one the run
 * spoke to (its provenance's name, from `initialize`, a module's `name`, an exec command): the gate
 * compares them as one, which may be a mistake — a config pointing at another agent, a baseline
 * copied from another project. Versions may differ (a new version is what the gate is for). Pure.
 */
import { agentLabel } from '../config/agent-label.js';
import type { AgentName, Baseline } from '../config/schema/index.js';
import { commandHint } from '../config/command-hint.js';
import { RECORDED_ADAPTER } from '../run/index.js';

/** The transports whose agent is named by its target's settings (url, command), not by itself. */
const NAMED_BY_TARGET: ReadonlySet<string> = new Set(['http', 'exec']);

/**
 * The note, or none when the names agree or say nothing of the agent: a `score` run's (recorded
 * traces, no agent); on both sides an http agent's, named by its url's host and port (a port of
 * another machine or job is no other agent), or an exec command's, named by its words (a flag
 * added is no other agent).
 */
export function otherAgentNote(input: { baseline: Baseline; run: { agent: AgentName; adapter: string }; baselinePath: string }): string[] {
  const { provenance } = input.baseline;
  const { agent, adapter } = input.run;
  if (provenance.agent.name === agent.name) return [];
  if (adapter === RECORDED_ADAPTER || provenance.adapter === RECORDED_ADAPTER || (adapter === provenance.adapter && NAMED_BY_TARGET.has(adapter))) return [];
  const made = `"${agentLabel(provenance.agent)}" (${provenance.adapter})`;
  const ran = `"${agentLabel(agent)}" (${adapter})`;
  return [
    `The baseline ${input.baselinePath} was made by another agent, ${made}, than this run's, ${ran}: the gate compared them as one. If the config now points at another agent on purpose, \`${commandHint('baseline update')}\` records it; if not, check \`target:\` (or --config).`,
  ];
}
