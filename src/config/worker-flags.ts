/**
 * How a worker thread that this thread waits for starts (`config/sync-worker.ts`): under V8's
 * flags as Node set them. A thread's bootstrap compiles Node's modules it needs with the code
 * cache built into Node, which V8 takes only under the flags it was made with, and so does this
 * thread's first load of node:worker_threads: under the flags agentready sets (run/heap.ts) a
 * SyncWorker's start took ~2× the CPU, with this thread blocked all along. run/heap.ts, which
 * sets the flags, hands its way of setting them back here (`useNodeFlagsHold`; config/ may not
 * import run/); until then (a unit test, a process that set none) a hold changes nothing.
 */

import { setFlagsFromString } from 'node:v8';

/**
 * The young generation's growth factor while the flags are held: Node's own (a worker thread's
 * bootstrap takes Node's code cache only under Node's flags), or held at 1 (a package's modules
 * loaded for Node's compile cache, config/package-root.ts: any one state every command holds will
 * do, and a young generation grown in a synchronous load stays grown: `validate` peaked 5 MiB higher).
 */
export type YoungWhileHeld = 'node' | 'held';

/** Sets V8's flags back to Node's own (the young generation's factor as `young` says); returns what sets them again as the command had them. */
export type NodeFlagsHold = (young: YoungWhileHeld) => () => void;

/** The flags are Node's already: only a held young generation to set, and back. */
const NODE_FLAGS: NodeFlagsHold = (young) => {
  if (young === 'node') return () => undefined;
  setFlagsFromString('--semi-space-growth-factor=1');
  return () => setFlagsFromString('--semi-space-growth-factor=2');
};

let hold = NODE_FLAGS;

/**
 * run/heap.ts, as it sets the command's flags: how they are set back to Node's for a while;
 * undefined once they are Node's again (restoreHeapFlags, as the process ends), so that no worker
 * started after sets the command's again under the code cache bin/load-cli.js makes then.
 */
export function useNodeFlagsHold(set: NodeFlagsHold | undefined): void {
  hold = set ?? NODE_FLAGS;
}

/** Runs `start` (synchronous: a thread started and waited for, a package required) under Node's flags, set back as they were after. */
export function underNodeFlags<T>(start: () => T, young: YoungWhileHeld = 'node'): T {
  const release = hold(young);
  try {
    return start();
  } finally {
    release();
  }
}
