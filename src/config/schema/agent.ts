/** The agent a run spoke to, as summary.json and the baseline's provenance record it. */
import { z } from 'zod';

export const AgentNameSchema = z.strictObject({
  name: z.string(),
  version: z
    .string()
    .optional()
    .describe("The agent's own version: a stdio agent's `initialize`, a module's `version` export; absent when it reports none (an http service, an exec command)."),
});
export type AgentName = z.infer<typeof AgentNameSchema>;

/** The name and version (when there is one) of `agent`, without its other fields. */
export function agentName(agent: { name: string; version?: string | undefined }): AgentName {
  return agent.version === undefined ? { name: agent.name } : { name: agent.name, version: agent.version };
}
