/**
 * A `.env` file beside the config, which agentready does not load (promptfoo does):
 * when every case ended in one and the same agent error (a missing API key, say), the gate's note
 * and `baseline update`'s refusal name it and how to load it, since a key kept there never reached
 * the agent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { shownPath } from '../config/shown-path.js';

/** The `.env` file in the config's folder, as shown from `cwd`, or undefined when there is none. */
export function unreadEnvFile(input: { rootDir: string; cwd: string }): string | undefined {
  const file = path.join(input.rootDir, '.env');
  return existsSync(file) ? shownPath(file, input.cwd) : undefined;
}

/** What to say of it: agentready reads no .env file; the shell that starts it, or the agent's own command, can. */
export function envFileWords(shown: string): string {
  // `. .env` would search the PATH (a name without a slash): `. ./.env`.
  const sourced = shown.includes('/') || path.isAbsolute(shown) ? shown : `./${shown}`;
  return `${shown} is beside the config, and agentready does not load a .env file: if the agent's key is there, load it into the shell that starts agentready (\`set -a; . ${sourced}; set +a\`: the agent inherits its environment), or have the agent load it (a Node agent's own command: \`command: [node, --env-file=.env, agent.mjs]\`)`;
}
