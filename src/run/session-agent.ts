/**
 * The agent's start for a session (session.ts): the start begun before the session or now, waited
 * for with the endpoints, the agent a run with nothing to run names, and how many runs it takes at once.
 */
import type { AgentInfo } from '../adapters/protocol.js';
import type { Adapter } from '../adapters/adapter.js';
import type { ResolvedConfig } from '../config/schema/index.js';
import { InternalError } from '../errors.js';
import type { AgentStarting } from './run-adapter.js';

/** The agent of a run with nothing to run (a shard none of the cases fell in), which it did not start: so its header and summary.json say. */
export const NOT_STARTED: AgentInfo = { name: 'not started (no case to run)', concurrency: 1 };

/**
 * The adapter's start: the one begun before the session (a stdio agent sent `initialize` while the
 * run's code loaded), which is how the session would begin it, or else begun now.
 */
export function startAgent(input: { adapter: Adapter; starting: AgentStarting | undefined; signal: AbortSignal; opening: { suite: string } }): Promise<AgentInfo> {
  const { starting } = input;
  if (starting === undefined) return input.adapter.start(input.signal, input.opening);
  // The same adapter started twice would launch its processes twice.
  if (starting.signal !== input.signal || starting.suite !== input.opening.suite) throw new InternalError('the agent was started before the run with another signal or suite');
  return starting.info;
}

/**
 * The agent's start, once the endpoints listen too. Each is waited for even when another failed:
 * closing an endpoint whose listen is still under way would leave it listening, and the process
 * alive.
 */
export async function allStarted(agent: Promise<AgentInfo>, endpoints: Promise<unknown>): Promise<AgentInfo> {
  const [started, listening] = await Promise.allSettled([agent, endpoints]);
  if (started.status === 'rejected') throw started.reason;
  if (listening.status === 'rejected') throw listening.reason;
  return started.value;
}

/** Runs the agent takes at once: stdio per its `initialize` × workers, http per `target.concurrency` (SPEC §11). */
export function agentCapacity(config: ResolvedConfig, agent: AgentInfo): number {
  if (config.target.adapter === 'stdio') return agent.concurrency * config.run.workers;
  if (config.target.adapter === 'http') return config.target.concurrency ?? Infinity;
  return Infinity;
}
