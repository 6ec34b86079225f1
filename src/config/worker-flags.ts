/**
 * How a worker thread that this thread waits for starts (`config/sync-worker.ts`): under V8's
 * flags as Node set them. A thread's bootstrap compiles Node's modules it needs with the code
 * cache built into Node, which V8 takes only under the flags it was made with, and so does this
 * thread's first load of node:worker_threads: under the flags agentready sets (run/heap.ts) a
 * SyncWorker's start took ~2× the CPU, with this thread blocked all along. run/heap.ts, which
 * sets the flags, hands its way of setting them back here (`useNodeFlagsHold`; config/ may not
 * import run/); until then (a unit test, a process that set none) a hold changes nothing.
 */

/** Sets V8's flags back to Node's own; returns what sets them again as the command had them. */
export type NodeFlagsHold = () => () => void;

/** The flags are Node's already: nothing to set back. */
const NODE_FLAGS: NodeFlagsHold = () => () => undefined;

let hold = NODE_FLAGS;

/**
 * run/heap.ts, as it sets the command's flags: how they are set back to Node's for a while;
 * undefined once they are Node's again (restoreHeapFlags, as the process ends), so that no worker
 * started after sets the command's again under the code cache bin/load-cli.js makes then.
 */
export function useNodeFlagsHold(set: NodeFlagsHold | undefined): void {
  hold = set ?? NODE_FLAGS;
}

/** Runs `start` (synchronous: a thread started and waited for) under Node's flags, set back as they were after. */
export function underNodeFlags<T>(start: () => T): T {
  const release = hold();
  try {
    return start();
  } finally {
    release();
  }
}
