/**
 * Environment variables agentready sets in its own process for a while (tsx's TSX_DISABLE_CACHE,
 * while tsx's loader starts): the agents and commands it spawns meanwhile (an exec agent's case, a
 * user simulator, while a tool handler is first imported) get the user's environment, not these.
 */
const borrowed = new Set<string>();

/** `job`'s result, with `name` set to `value` in process.env until it settles; left as it is when the user set it. */
export async function withEnvSet<T>(variable: { name: string; value: string }, job: () => Promise<T>): Promise<T> {
  const { name, value } = variable;
  if (process.env[name] !== undefined || borrowed.has(name)) return job();
  borrowed.add(name);
  process.env[name] = value;
  try {
    return await job();
  } finally {
    delete process.env[name];
    borrowed.delete(name);
  }
}

/** The environment the user gave agentready: process.env without what withEnvSet set for now. */
export function userEnv(): NodeJS.ProcessEnv {
  if (borrowed.size === 0) return process.env;
  const env = { ...process.env };
  for (const name of borrowed) delete env[name];
  return env;
}
