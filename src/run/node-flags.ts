/**
 * Node's own V8 flags, set back for a while: Node's modules and a worker thread's bootstrap
 * compile with the code cache built into Node only under the flags it was made with.
 */
import type { Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import type { YoungWhileHeld } from '../config/worker-flags.js';
import { holdTiering, reapplyInlining } from './inlining.js';
import { setYoungGrowth, youngMayGrow } from './young-generation.js';

/**
 * agentready's `--heap-growing-percent` (tightenHeapGrowth says why), where Node's is V8's 0: set
 * back to it here once Node's own flags are done with.
 */
export const HEAP_GROWING_PERCENT = 20;

/**
 * Node's modules a command loads (loadNodeModules), with what they load. `eval`: node:child_process
 * (an agent's process, git for the history's commit), node:http with node:net, node:dns and
 * node:cluster (the model gateway's and the MCP endpoints' servers, listening), node:crypto
 * (fingerprints, trace ids), node:perf_hooks (capYoungGeneration), node:timers/promises, node:tty;
 * not node:worker_threads, which only the module adapter's watchdog needs. `validate`: node:net
 * and node:crypto.
 */
export const COMMAND_NODE_MODULES = {
  eval: ['node:child_process', 'node:http', 'node:net', 'node:dns', 'node:cluster', 'node:crypto', 'node:perf_hooks', 'node:timers/promises', 'node:tty'],
  validate: ['node:net', 'node:crypto'],
} as const;

/**
 * Loads Node's own modules `names` (`node:http`…) under V8's flags as Node set them. Node compiles
 * each of its modules with the code cache built into it, which V8 takes only under the flags it
 * was made with: one loaded after tightenHeapGrowth (or inlineLess, or settleHeapForCases) is
 * compiled from its source. The modules eval loads took ~21 ms of CPU so against ~7 with the
 * cache, validate's ~9 against ~3 (Node 20, 4 of 4 each). When a command's action starts, the
 * flags that differ from Node's are tightenHeapGrowth's two (the growth factor is one: a worker's
 * start, setting it back to 2, let the cache be taken again): set back while the modules load.
 */
export function loadNodeModules(names: readonly string[]): void {
  const growing = youngMayGrow();
  setFlagsFromString('--heap-growing-percent=0');
  setYoungGrowth(true);
  try {
    for (const name of names) process.getBuiltinModule(name);
  } finally {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    setYoungGrowth(growing);
  }
}

/** Whether V8's allocation-site pretenuring is on, as the command has it (Node's own value until settleHeapForCases). */
let pretenuring = true;

/** Sets V8's allocation-site pretenuring (settleHeapForCases, restoreHeapFlags), as holdNodeFlags sets it back after. */
export function setPretenuring(on: boolean): void {
  pretenuring = on;
  setFlagsFromString(on ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring');
}

/**
 * Every flag the command sets (tightenHeapGrowth's, inlineLess's, settleHeapForCases', tierForCases's) at Node's
 * own value; returns what sets them again as the command has them. For a worker thread that this
 * thread waits for as it starts (`config/worker-flags.ts`, which tightenHeapGrowth hands this to):
 * its bootstrap compiles with Node's code cache, and this thread runs nothing meanwhile, so no
 * decision of V8's (a young generation's growth, a site pretenured) is made under Node's flags.
 */
export function holdNodeFlags(young: YoungWhileHeld): () => void {
  const growing = youngMayGrow();
  const pretenured = pretenuring;
  setFlagsFromString('--heap-growing-percent=0');
  setFlagsFromString('--turbo-inlining');
  if (!pretenured) setFlagsFromString('--allocation-site-pretenuring');
  setYoungGrowth(young === 'node');
  const tierAgain = holdTiering();
  return () => {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    reapplyInlining();
    if (!pretenured) setFlagsFromString('--no-allocation-site-pretenuring');
    setYoungGrowth(growing);
    tierAgain();
  };
}

/**
 * Runs `start`, which may start worker threads (the module adapter's watchdog, `Adapter.beforeStart`),
 * under the flags Node's code cache was made with, until each thread it started is online. A thread's
 * bootstrap compiles Node's modules it needs, each with the cache built into Node, which V8 takes
 * only under the flags it was made with (loadNodeModules): with tightenHeapGrowth's and inlineLess's
 * set, the watchdog's start took ~60-70 ms of CPU against ~30-38 without (Node 20, 3 of 3 each).
 * Once the threads run, the flags are set back as the command has them then (inlining off until the
 * case phase, `inlining`). The 'worker' event comes a tick after the thread started, so the threads
 * are known by then; a thread that fails to start counts as online.
 */
export function startUnderNodeFlags(start: () => void): void {
  const workers: Worker[] = [];
  const onWorker = (worker: Worker) => void workers.push(worker);
  process.on('worker', onWorker);
  setFlagsFromString('--heap-growing-percent=0');
  setFlagsFromString('--turbo-inlining');
  // The young generation's growth factor too: node:worker_threads and the modules it loads
  // compile on this thread as the first worker starts (~2.2 ms of CPU under a held young generation
  // against ~0.7, Node 20). The thread's new isolate sets it to 2 by itself ~1 ms later (V8 up to
  // 12), and the factor stays so until the thread runs, then set again as the command has it: set
  // back at once, it raced that reset, and the thread's bootstrap compiled its ~110 modules from
  // source in 2 of 3 evals. Where V8 resets nothing for a thread (13 on: Node 24), the thread's
  // bootstrap still compiles under the process-wide factor: set back at once (as from ad97d55f), it
  // compiled ~100 of Node's modules from source on Node 24.22 (test/e2e/heap.test.ts); held to
  // 'online' as on 20 and 22, the young generation may grow in that window as it does there.
  setFlagsFromString('--semi-space-growth-factor=2');
  try {
    start();
  } finally {
    process.nextTick(() => {
      process.off('worker', onWorker);
      const online = workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            for (const event of ['online', 'error', 'exit']) worker.once(event, () => resolve());
          }),
      );
      void Promise.all(online).then(() => {
        setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
        reapplyInlining();
        setYoungGrowth(youngMayGrow());
      });
    });
  }
}
