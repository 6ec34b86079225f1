/**
 * The adapter a run talks to its agent through, made from what the config file says. Its own
 * module, apart from the session: `eval` makes it (and spawns the agent) as soon as the config
 * file is read, before the code that runs the cases has loaded (lifecycle/early-agent.ts).
 */
import type { Adapter } from '../adapters/adapter.js';
import { createAdapter } from '../adapters/registry.js';
import type { ProjectSettings } from '../config/schema/index.js';

/** Time an agent gets to answer `initialize` and `shutdown`, unless `run.start_timeout_ms` says otherwise. */
const AGENT_START_TIMEOUT_MS = 10_000;

/** The adapter a run of this project talks to its agent through, `concurrency` (`--concurrency`) over the config's. */
export function runAdapter(input: { settings: ProjectSettings; concurrency?: number | undefined }): Adapter {
  const { settings } = input;
  return createAdapter(settings.target, {
    rootDir: settings.rootDir,
    concurrency: input.concurrency ?? settings.run.concurrency,
    workers: settings.run.workers,
    startTimeoutMs: settings.run.start_timeout_ms ?? AGENT_START_TIMEOUT_MS,
  });
}
