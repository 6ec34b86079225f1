/**
 * The agent spawned while the suites load: `eval` makes its adapter as soon as the config file
 * is read and lets it spawn the agent's processes (`Adapter.prepare`), so the agent boots in
 * parallel with the loading. Once the suites are loaded, a stdio agent is sent `initialize`
 * (`start`), answered while the code that runs the cases loads and plans the run; the session
 * takes that start over. A run that never starts (a suite with an error, no case matching the
 * filters) stops the agent again.
 */
import type { ProjectSettings } from '../config/index.js';
import type { SessionOptions } from '../run/index.js';
// Not from the run/ index: this module loads before the code that runs the cases (cli/actions/eval.ts).
import { agentOpening, runAdapter, type AgentStarting } from '../run/run-adapter.js';
import { startUnderNodeFlags } from '../run/heap.js';
import { inShard } from '../run/shard.js';
import type { Shard } from '../config/schema/index.js';

type Adapter = NonNullable<SessionOptions['adapter']>;

export class EarlyAgent {
  private adapter: Adapter | undefined;
  /** Whether `start` may begin the adapter's start: a stdio agent's, whose start is its `initialize`. */
  private startsEarly = false;
  private starting: AgentStarting | undefined;

  /** `concurrency`: `--concurrency`, over the config's; `redact`: not under --no-redact. */
  constructor(private readonly flags: { concurrency: number | undefined; redact: boolean }) {}

  /**
   * For `loadConfig`'s `onSettings`: makes the adapter and spawns the agent; settles once its
   * processes are spawned (loadConfig waits for that before the suites load).
   */
  readonly spawn = async (settings: ProjectSettings): Promise<void> => {
    if (this.adapter) return;
    try {
      this.adapter = runAdapter({ settings, ...this.flags });
      await this.adapter.prepare?.();
      this.startsEarly = settings.target.adapter === 'stdio';
    } catch {
      // The session makes the adapter again and reports the error where a run would.
      this.adapter = undefined;
    }
  };

  /**
   * Once the suites are loaded: begins the start of a stdio agent (its `initialize`, telling it the
   * config's first suite, as the session would when the run selects it), with the run's signal. Its
   * failure is the session's to throw when it takes the start; a run that never starts drops it.
   * `selectsAll`: no filter, resume or shard leaves the first suite out; else, with several suites,
   * which one comes first is known once the run is planned, and the session starts the agent. Other
   * transports start in the session, as a module agent's import or an http server's readiness
   * gains nothing here; what they begin before their start begins now (`Adapter.beforeStart`).
   */
  start(signal: AbortSignal, input: { suites: readonly { name: string; cases?: readonly { id: string }[] }[]; selectsAll: boolean; shard?: Shard | undefined }): void {
    const adapter = this.adapter;
    if (adapter === undefined || this.starting !== undefined || signal.aborted) return;
    // A shard none of the cases fell in runs nothing: the session does not start the agent, and neither does this.
    const { shard } = input;
    if (shard !== undefined && !input.suites.some((suite) => suite.cases?.some((kase) => inShard(shard, { suite: suite.name, caseId: kase.id })) ?? true)) return;
    if (!this.startsEarly || (!input.selectsAll && input.suites.length > 1)) {
      const { beforeStart } = adapter;
      if (beforeStart) startUnderNodeFlags(() => beforeStart.call(adapter));
      return;
    }
    const opening = agentOpening(input.suites);
    const info = adapter.start(signal, opening);
    info.catch(() => undefined);
    this.starting = { signal, suite: opening.suite, info };
  }

  /** Whether `start` began the agent's start (and no session took it yet). */
  get started(): boolean {
    return this.starting !== undefined;
  }

  /** The adapter and its start if begun, handed to the session that starts (or takes the start) and stops it; undefined when none was made. */
  take(): { adapter: Adapter; starting: AgentStarting | undefined } | undefined {
    const { adapter, starting } = this;
    this.adapter = undefined;
    this.starting = undefined;
    return adapter && { adapter, starting };
  }

  /** Stops the agent no session took. */
  async discard(): Promise<void> {
    await this.take()?.adapter.stop();
  }
}
