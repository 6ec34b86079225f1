/**
 * The adapter a run talks to its agent through, made from what the config file says. Its own
 * module, apart from the session: `eval` makes it (and spawns the agent) as soon as the config
 * file is read, before the code that runs the cases has loaded (lifecycle/early-agent.ts).
 */
import type { Adapter } from '../adapters/adapter.js';
import type { AgentInfo } from '../adapters/protocol.js';
import { createAdapter } from '../adapters/registry.js';
import type { ProjectSettings } from '../config/schema/index.js';
import { redact } from '../common/redact.js';
import { excerpt, quoting } from '../common/shorten.js';

/** Time an agent gets to answer `initialize` and `shutdown`, unless `run.start_timeout_ms` says otherwise. */
const AGENT_START_TIMEOUT_MS = 10_000;

/**
 * The adapter a run of this project talks to its agent through, `concurrency` (`--concurrency`) over the config's;
 * `redact`: whether the run redacts (not under --no-redact), and so what the adapter quotes of the agent.
 */
export function runAdapter(input: { settings: ProjectSettings; concurrency?: number | undefined; redact: boolean }): Adapter {
  const { settings } = input;
  return createAdapter(settings.target, {
    rootDir: settings.rootDir,
    concurrency: input.concurrency ?? settings.run.concurrency,
    workers: settings.run.workers,
    startTimeoutMs: settings.run.start_timeout_ms ?? AGENT_START_TIMEOUT_MS,
    quote: input.redact ? quoting(redact) : excerpt,
  });
}

/**
 * What a run tells its agent as it starts it (a stdio agent's `initialize`): the first of the suites
 * the run selects, in the config's order (a shard that holds no case: the config's first; '' with
 * none). `--suite second` tells it `second`.
 */
export function agentOpening(selected: readonly { name: string }[]): { suite: string } {
  return { suite: selected[0]?.name ?? '' };
}

/**
 * An adapter's start begun before the session (eval's `EarlyAgent`, once the suites were
 * loaded), with the signal and opening it was begun with: the session waits for it instead of
 * starting the adapter again.
 */
export interface AgentStarting {
  signal: AbortSignal;
  suite: string;
  info: Promise<AgentInfo>;
}
