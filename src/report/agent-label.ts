/**
 * An agent as the outputs name it: "support-agent 0.1.0". An agent that reports no version of
 * its own (an http service, an exec command, a module without `version`) is named alone: its
 * version is then the transport's name, which the outputs print beside it anyway
 * ("127.0.0.1:8123 (http)", not "127.0.0.1:8123 http (http)"). Pure; not escaped.
 */
import { EXEC_AGENT_VERSION, HTTP_AGENT_VERSION, MODULE_AGENT_VERSION } from '../config/agent-versions.js';

const TRANSPORT_VERSIONS: ReadonlySet<string> = new Set([HTTP_AGENT_VERSION, EXEC_AGENT_VERSION, MODULE_AGENT_VERSION]);

export function agentLabel(agent: { name: string; version: string }): string {
  return TRANSPORT_VERSIONS.has(agent.version) ? agent.name : `${agent.name} ${agent.version}`;
}
