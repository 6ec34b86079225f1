/**
 * What an agent says about itself (a stdio agent's `initialize` answer, a module's `name` and
 * `version` exports) is untrusted and printed in every run's header, summary and report: each is
 * kept to `AGENT_LABEL_CHARS` characters, the rest counted (`support-bot… (99,900 more
 * characters)`), where the adapter reads it. Host side only: the agent bundle does not load this.
 */
import { AGENT_LABEL_CHARS, cutCounted } from '../common/shorten.js';
import type { AgentInfo } from './protocol.js';

/** `info` with its name and version cut to `AGENT_LABEL_CHARS` characters each. */
export function agentInfo(info: AgentInfo): AgentInfo {
  return {
    ...info,
    name: cutCounted(info.name, AGENT_LABEL_CHARS),
    ...(info.version === undefined ? {} : { version: cutCounted(info.version, AGENT_LABEL_CHARS) }),
  };
}
