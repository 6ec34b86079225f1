/**
 * A worker thread this thread asks and waits for, blocked on shared memory: for what must be
 * answered synchronously yet may take too long or for ever (a user's regex that backtracks
 * catastrophically, `config/user-regex.ts`; a connection attempt while the config files load,
 * `adapters/port-probe.ts` `acceptsNow`). The worker's start (a new isolate, ~30 ms of CPU under
 * Node's flags, `worker-flags.ts`; far more on a loaded machine) is waited for apart, at most
 * `START_MARGIN_MS`, so it is not the question's time; past a question's limit the worker is
 * ended, and the next question starts another.
 * In config/, the earliest folder both owners may import.
 */
import type { Worker } from 'node:worker_threads';
import { underNodeFlags } from './worker-flags.js';

/** The longest wait for a worker to start. */
const START_MARGIN_MS = 5000;

/** What this thread holds: no worker, one starting (not yet waited for), one that ran. */
type WorkerState = { kind: 'none' } | { kind: 'starting' | 'ready'; worker: Worker; shared: Int32Array };

/**
 * The answer to a question whose handler threw (a user regex on a text of a few MB: V8's
 * `RangeError: Maximum call stack size exceeded`, in ~60 ms): given at once, the worker kept.
 * Uncaught, the throw ended the worker and the question waited out its whole limit as if it
 * ran past it.
 */
export const HANDLER_THREW = -1;

/**
 * `handler`: the source of a function `(message, answer) => void` run in the worker (a CommonJS
 * script: `require` is in scope; it refers to nothing else outside itself), which calls
 * `answer(code)` once per message with a positive integer code; when it throws before answering,
 * the answer is `HANDLER_THREW`.
 */
export class SyncWorker {
  readonly #source: string;
  #state: WorkerState = { kind: 'none' };

  constructor(handler: string) {
    this.#source = `
const { parentPort, workerData: shared } = require('node:worker_threads');
const handle = (${handler});
const answer = (code) => {
  Atomics.store(shared, 0, code);
  Atomics.notify(shared, 0);
};
Atomics.store(shared, 1, 1);
Atomics.notify(shared, 1);
parentPort.on('message', (message) => {
  try {
    handle(message, answer);
  } catch {
    if (Atomics.load(shared, 0) === 0) answer(${HANDLER_THREW});
  }
});
`;
  }

  /** The worker's answer code to `message`, or undefined when it gave none within `limitMs` of being asked (the worker is then ended). */
  ask(message: unknown, limitMs: number): number | undefined {
    const { worker, shared } = this.#ready();
    Atomics.store(shared, 0, 0);
    worker.postMessage(message);
    if (Atomics.wait(shared, 0, 0, limitMs) === 'timed-out') {
      this.end();
      return undefined;
    }
    return Atomics.load(shared, 0);
  }

  /** Ends the worker, if one runs. */
  end(): void {
    if (this.#state.kind !== 'none') void this.#state.worker.terminate();
    this.#state = { kind: 'none' };
  }

  #ready(): { worker: Worker; shared: Int32Array } {
    // Started and waited for under Node's flags, this thread blocked meanwhile (worker-flags.ts).
    return this.#state.kind === 'ready' ? this.#state : underNodeFlags(() => this.#start());
  }

  #start(): { worker: Worker; shared: Int32Array } {
    if (this.#state.kind === 'none') {
      // `shared[0]`: 0 while the worker answers, then its answer; `shared[1]`: 1 once it runs.
      const shared = new Int32Array(new SharedArrayBuffer(8));
      // node:worker_threads loaded when a worker is first started (~2.5 ms of CPU): validate of most suites starts none.
      const worker = new (process.getBuiltinModule('node:worker_threads').Worker)(this.#source, { eval: true, workerData: shared });
      worker.unref();
      worker.on('error', () => undefined);
      this.#state = { kind: 'starting', worker, shared };
    }
    if (this.#state.kind === 'starting') {
      Atomics.wait(this.#state.shared, 1, 0, START_MARGIN_MS);
      this.#state = { ...this.#state, kind: 'ready' };
    }
    return this.#state;
  }
}
