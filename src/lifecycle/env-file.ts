/**
 * A `.env` file beside the config, which agentready does not load (promptfoo does):
 * when every case ended in one and the same agent error (a missing API key, say), the gate's note
 * and `baseline update`'s refusal name it and how to load it, since a key kept there never reached
 * the agent. Not when the agent's environment is none of agentready's (an http target it does not
 * start), nor when the agent's command loads an env file already (`node --env-file=.env`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Target } from '../config/schema/index.js';
import { shellWord } from '../config/shell-words.js';
import { shownPath } from '../config/shown-path.js';

/**
 * An argument that loads an env file: node's and uv's `--env-file`, dotenv-cli's `dotenv`, a
 * `.env` file named (`-e .env`, `--env-file=.env.local`).
 */
const LOADS_ENV_FILE = /--env-file|(^|[\\/=\s])\.env($|[.\s;'"])|(^|[\\/])dotenv(x|-cli)?$/;

/** The `.env` file in the config's folder, as shown from `cwd`, or undefined when there is none or loading it into agentready's shell would not reach the agent. */
export function unreadEnvFile(input: { rootDir: string; cwd: string; target: Target }): string | undefined {
  const command = agentCommand(input.target);
  if (command === 'not_started' || command.some((arg) => LOADS_ENV_FILE.test(arg))) return undefined;
  const file = path.join(input.rootDir, '.env');
  return existsSync(file) ? shownPath(file, input.cwd) : undefined;
}

/** The command agentready starts the agent with (none for a module, run in its own process), or `not_started` for an http server it does not start. */
function agentCommand(target: Target): readonly string[] | 'not_started' {
  switch (target.adapter) {
    case 'module':
      return [];
    case 'http':
      return target.start ? target.start.command : 'not_started';
    case 'stdio':
    case 'exec':
      return target.command;
  }
}

/** What to say of it: agentready reads no .env file; the shell that starts it, or the agent's own command, can. */
export function envFileWords(shown: string): string {
  // `. .env` would search the PATH (a name without a slash): `. ./.env`.
  const sourced = shown.includes('/') || path.isAbsolute(shown) ? shown : `./${shown}`;
  // Quoted for the shell (a folder named `My Projects`): the command is to paste.
  return `${shown} is beside the config, and agentready does not load a .env file: if the agent's key is there, ${envFileLoading(shellWord(sourced))}`;
}

/** How a .env file (`sourced`, as `.` takes it: `./.env`) reaches the agent, agentready loading none: also the answer to promptfoo's `--env-file` (cli/other-runners.ts). */
export function envFileLoading(sourced: string): string {
  return `load it into the shell that starts agentready (\`set -a; . ${sourced}; set +a\`: the agent inherits its environment), or have the agent load it (a Node agent's own command: \`command: [node, --env-file=.env, agent.mjs]\`)`;
}
