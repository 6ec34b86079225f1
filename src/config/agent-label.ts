/**
 * An agent as the outputs name it: "support-agent 0.1.0". An agent that reports no version of
 * its own (an http service, an exec command, a module without `version`) is named alone; the
 * outputs print its transport beside it ("127.0.0.1:8123 (http)"). Pure; not escaped.
 */
import type { AgentName } from './schema/agent.js';

/**
 * What older agentready versions recorded as the version of an agent that reported none: the
 * transport's name. Their summary.json and baselines still say so; it is no version.
 */
const TRANSPORT_STAND_INS: ReadonlySet<string> = new Set(['http', 'exec', 'module']);

export function agentLabel(agent: AgentName): string {
  return agent.version === undefined || TRANSPORT_STAND_INS.has(agent.version) ? agent.name : `${agent.name} ${agent.version}`;
}
