/**
 * The agent spawned while the suites load: `eval` makes its adapter as soon as the config file
 * is read and lets it spawn the agent's processes (`Adapter.prepare`), so the agent boots in
 * parallel with the loading; the session then starts (initializes) it. A run that never starts
 * (a suite with an error, no case matching the filters) stops it again.
 */
import type { ProjectSettings } from '../config/index.js';
import type { SessionOptions } from '../run/index.js';
// Not from the run/ index: this module loads before the code that runs the cases (cli/actions/eval.ts).
import { runAdapter } from '../run/run-adapter.js';

type Adapter = NonNullable<SessionOptions['adapter']>;

export class EarlyAgent {
  private adapter: Adapter | undefined;

  /** `concurrency`: `--concurrency`, over the config's. */
  constructor(private readonly concurrency: number | undefined) {}

  /**
   * For `loadConfig`'s `onSettings`: makes the adapter and spawns the agent; settles once its
   * processes are spawned (loadConfig waits for that before the suites load).
   */
  readonly spawn = async (settings: ProjectSettings): Promise<void> => {
    if (this.adapter) return;
    try {
      this.adapter = runAdapter({ settings, concurrency: this.concurrency });
      await this.adapter.prepare?.();
    } catch {
      // The session makes the adapter again and reports the error where a run would.
      this.adapter = undefined;
    }
  };

  /** The adapter, handed to the session that starts and stops it; undefined when none was made. */
  take(): Adapter | undefined {
    const adapter = this.adapter;
    this.adapter = undefined;
    return adapter;
  }

  /** Stops the agent no session took. */
  async discard(): Promise<void> {
    await this.take()?.stop();
  }
}
