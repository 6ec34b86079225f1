/**
 * How agentready asks V8 to manage its heap, measured with `npm run bench` (10,000 cases) and
 * `BENCH_SCALE=1 npm run bench` (100,000 cases, where a run's memory shows). All are V8 flags
 * set while the process runs.
 */
import type { PerformanceObserver } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * For the whole command, from its start:
 * - How far the old generation may grow past what the last major collection kept: 20%, where V8
 *   allows up to 4× on a heap that allocates fast. Once the suites are loaded, what a run keeps
 *   hardly grows (results stream to disk, figures are columns), but every case allocates: with
 *   the default, what young collections promote piled up unreclaimed for the whole run, and
 *   100,000 cases peaked at 188–191 MiB (200 MB in one run of four) against 169–172 MiB with 20%,
 *   at the same wall time.
 * - The young generation keeps its first size (1 MiB a semi-space): V8 grows it to 16 MiB a
 *   semi-space (32 MiB) on a heap that allocates fast, as loading a suite or reading a run does,
 *   and never gives it back. Loading 10,000 cases peaked ~12 MiB lower and `score` of 10,000
 *   traces 32 MiB lower (133 → 101 MiB), at the same CPU. The case phase lets it grow, to a cap
 *   (settleHeapForCases).
 */
export function tightenHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setYoungGrowth(false);
  if (!WORKER_RESETS_YOUNG_GROWTH) return;
  // Every worker thread's new isolate sets the factor back to V8's 2 (steerAgain).
  process.on('worker', (worker) => {
    const starting: StartingWorker = {
      started: new Promise<void>((resolve) => {
        for (const event of ['online', 'error', 'exit']) worker.once(event, () => resolve());
      }),
      held: youngObserver === undefined && !youngGrowing,
    };
    startingWorkers.add(starting);
    void starting.started.then(() => {
      startingWorkers.delete(starting);
      steerAgain();
    });
  });
}

const HEAP_GROWING_PERCENT = 20;

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
  const growing = youngGrowing;
  setFlagsFromString('--heap-growing-percent=0');
  setYoungGrowth(true);
  try {
    for (const name of names) process.getBuiltinModule(name);
  } finally {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    setYoungGrowth(growing);
  }
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
        if (!inlining) setFlagsFromString('--no-turbo-inlining');
      });
    });
  }
}

/**
 * The case phase:
 * - V8's allocation-site pretenuring is off. Every case allocates the same short-lived objects;
 *   a young collection that finds a burst of them all still in flight (as at the run's start)
 *   decides that the objects of those sites live long, and V8 then allocates every later one
 *   straight into the old generation, where each dies as garbage: old space grows in a sawtooth,
 *   and a run of 100,000 cases peaked at ~320 MiB in about half the runs instead of ~190 MiB.
 *   Loading keeps pretenuring (a suite's objects do live as long as the run); from the first case
 *   on, a decision drawn from one burst cannot stick.
 * - The young generation grows again, to 16 MiB (two semi-spaces of 8 MiB) and no further. With
 *   64 cases in flight, a small one promotes what is about to die (10,000 cases at the first size
 *   all along: +55% CPU); at V8's own 32 MiB, 10,000 cases peaked at 114–117 MiB, at 16 MiB at
 *   98–101 MiB, for ~0.01 ms more CPU a case (a young collection twice as often).
 */
export async function settleHeapForCases(): Promise<void> {
  setFlagsFromString('--no-allocation-site-pretenuring');
  // Turbofan inlines again (eval loaded its suites without: inlineLess), for what the cases run.
  inlining = true;
  setFlagsFromString('--turbo-inlining');
  capYoungGeneration();
  // At the cap, a worker thread still starting (the module adapter's watchdog, started with the
  // agent) can set the factor back to 2 at any moment (V8 up to 12: WORKER_RESETS_YOUNG_GROWTH), and one collection before the next steer
  // would double the young generation: the cases wait for its thread (~15–80 ms on 2 busy cores),
  // unless it has reset the factor already (resetSeen). Under the cap, no wait: the GC entries
  // steer it from here on, and V8 makes the reset within ~1 ms of `new Worker`, long before. (The
  // factor stays 2 from a reset until something sets it again: a script allocating synchronously
  // for 150 ms after `new Worker` grew it 2 → 32 MiB in 3 of 3 runs, a doubling per collection.)
  // The thread setting the factor again itself as its first statement (shared memory), the cases
  // not waiting for one that had, waited no less (idle before the first case, median 24 → 21 ms,
  // lower in 6 of 10 runs of 10,000 cases): this thread is idle as it waits, the thread posts
  // 'online' just before its first statement runs, and in about half the runs the young generation
  // was at the cap before the thread was started at all.
  if (startingWorkers.size > 0 && (youngBytes() ?? 0) >= YOUNG_CAP_BYTES && !resetSeen()) await Promise.all([...startingWorkers].map(({ started }) => started));
}

/**
 * Whether the one worker thread still starting has set the factor back already: it was started
 * with the young generation held (holdYoungForSuites: the factor 1, and nothing else sets it 2
 * before the case phase), and the young generation grew since. V8 sets the factor as it makes the
 * thread's isolate, within ~1 ms of `new Worker` on an idle host, but the thread's 'online' reaches
 * this thread only after its bootstrap and a loop turn (20–130 ms on 2 busy cores); a collection in
 * between (eval's run code importing and planning allocate enough) grew it 8 → 16 MiB in about
 * half the runs of 10,000 module cases, which then waited for 'online' (idle 27–126 ms before the
 * first case in 3 of 5 runs) for a reset that had long been made. Each isolate sets it once.
 */
function resetSeen(): boolean {
  const [only, other] = startingWorkers;
  return other === undefined && only?.held === true && heldYoung !== undefined && (youngBytes() ?? 0) > heldYoung;
}

/**
 * `eval`, from the command's start until its suites load: the young generation grows to the case
 * phase's cap (capYoungGeneration) while the run's code loads. Compiling and evaluating ~1.2 MB of
 * bundle, then reading the config, allocate as cases do: at the first size that took ~45 young
 * collections before the first case (10,000 cases, suite cache warm), ~11 with this; the case
 * phase grows it to the same cap anyway, so the run's peak RSS stays where it was.
 */
export function growYoungWhileCodeLoads(): void {
  capYoungGeneration();
}

/**
 * Once the config file is read, before the suites load: the young generation keeps the size it
 * reached until the case phase (settleHeapForCases). Parsing a large suite is one synchronous
 * burst, in which it would grow past its cap before a collection's entry reaches JS (100,000
 * cases, no suite cache: to V8's 32 MiB, +16 MiB peak RSS for the run).
 */
export function holdYoungForSuites(): void {
  youngObserver?.disconnect();
  youngObserver = undefined;
  setYoungGrowth(false);
  heldYoung = youngBytes();
}

const YOUNG_CAP_BYTES = 16 * 1024 * 1024;

/**
 * Whether a worker thread's new isolate sets the growth factor back to 2: V8 up to 12 does (Node 20
 * and 22: its heap's configuration raised a factor under 2, a process-wide flag), V8 13 does not
 * (Node 24, V8 13.6: a held young generation stayed at its first size with a worker online, where
 * Node 20 and 22 grew it to 32 MiB; test/e2e/heap.test.ts checks this against the running V8).
 * Where it does not, a worker's start changes nothing here: it is not followed (steerAgain), and the
 * cases wait for no thread (settleHeapForCases), a wait for a reset that never comes.
 *
 * Node 24's V8 also separates its young and full collections (--separate-gc-phases, on by default
 * there): while a full collection marks, no young collection runs and the young generation takes
 * pages past its size, whatever the factor, given back when the marking ends (a held young generation
 * read 4.75 MiB after a burst on a loaded host; up to V8's 32 MiB). The factor steers its size, not that.
 */
export const WORKER_RESETS_YOUNG_GROWTH = Number(process.versions.v8.split('.', 1)[0]) < 13;
/**
 * A command that reads its project and ends (`validate`) runs with no inlining in Turbofan, and so
 * does `eval` until its cases start (settleHeapForCases turns inlining back on). The loading code
 * runs some thousand times (once per case): Turbofan compiled line-yaml.ts's reader inlined
 * whole into each of its functions (40–90 ms a function, --trace-opt, on 2 busy cores) for a
 * parse that ends soon after. Without inlining, `validate` with no suite cache took 343 ms CPU
 * against 383 for 10,000 cases, 999 against 1023 for 100,000 (medians of 3, node flags); with no
 * Turbofan at all 330 against 383, but 1697 against 1023 for 100,000. `eval` of 10,000 cases
 * with no suite cache (Node 20, interleaved with inlining on, medians of process CPU, load ~11 on
 * 2 cores): to the end of the loading 371 → 334 ms (lower in 8 of 8), to the first case 460 → 424
 * (7 of 8) in process, 483 → 456 to the run's queue over stdio (5 of 6); the cases' CPU no higher.
 *
 * `eval`'s case phase keeps V8's tiering as it is, although Turbofan's threads take ~30% of its
 * CPU (perf, 10,000 cases): set from settleHeapForCases (Node 20, 10,000 cases, interleaved with
 * none, medians of harness CPU a case, a loaded host), --no-turbo-inlining read 0.123 against 0.126
 * ms over stdio (lower in 4 of 6) but 0.136 against 0.130 in process (1 of 6);
 * --max-inlined-bytecode-size=100 (cumulative 300) 0.123 / 0.126 (4 of 6) and 0.132 / 0.130 (2 of 6);
 * --interrupt-budget ×4 0.135 / 0.120 (0 of 3) and 0.139 / 0.128 (0 of 3); --no-turbofan 0.143 /
 * 0.132 (0 of 4) and 0.171 / 0.124 (0 of 4). What Turbofan compiles, the cases run the faster
 * for; the flags only took peak RSS down (inlining ~3-4 MiB, no Turbofan ~8 MiB). Measured again
 * (Node 20.20, 10,000 cases, load ~14 on 2 cores, old and new alternated, the difference of each
 * pair's harness CPU a case, median; stdio / in process): Turbofan's background compiles are ~35%
 * of the case phase's CPU (perf, stdio), nearly all in its first seconds; inlined bytecode at most
 * 300 cumulative and 150 a function −0.0035 ms (lower in 16 of 21 pairs) / −0.0014 (7 of 13), the
 * main thread +0.004 / +0.007, peak RSS −2.2 / −2.6 MiB in every pair; --maglev (V8 11.3's,
 * experimental, on by default from Node 22) −0.0045 (7 of 9) / −0.0018 (6 of 9), main thread
 * lower too; --no-parallel-scavenge −0.0016 / −0.0006 (noise: an old build against itself read
 * +0.004). None taken. --no-concurrent-marking set while the process runs crashed V8 (a failed
 * check in cppgc's marker at the next full collection): flags set here are only those V8 reads
 * afresh each time. A flag this V8 does not know (Node 20 has no --invocation-count-for-turbofan)
 * is not an error to setFlagsFromString: V8 prints "Error: unrecognized flag" on stderr and goes on.
 */
export function inlineLess(): void {
  inlining = false;
  setFlagsFromString('--no-turbo-inlining');
}

/** Whether Turbofan inlines as the command wants it now (inlineLess, settleHeapForCases), whatever startUnderNodeFlags set for a while. */
let inlining = true;

/** Steers the young generation's growth after each collection, from the first case on. */
let youngObserver: PerformanceObserver | undefined;
/** The young generation's size while held: as holdYoungForSuites held it, or as a worker's start (steerAgain) left it. */
let heldYoung: number | undefined;
/** Whether the young generation may grow now: what the factor was last set to. */
let youngGrowing = true;
/**
 * A worker thread started whose thread is not running yet: `started` settles once it runs (or
 * failed to); `held`, whether it was started with the young generation held (the factor 1), where
 * a growth since the hold is its reset's doing (resetSeen).
 */
type StartingWorker = { started: Promise<void>; held: boolean };
const startingWorkers = new Set<StartingWorker>();

/**
 * V8 reads the young generation's maximum only as a node flag at start-up, but its growth factor
 * each time it would grow the space: after each collection, the factor is 2 while the space is
 * under the cap and 1 from there on. Node 20, 22 and 24 have the flag; a V8 without a `new_space`
 * keeps its own sizing. The entries reach JS a loop turn or two after their collection, so a
 * macrotask allocating most of a semi-space can grow it once more before the factor is 1, to V8's
 * own maximum (32 MiB): the cap holds for a case phase's allocation, not for any burst.
 */
function capYoungGeneration(): void {
  if (youngObserver || youngBytes() === undefined) return;
  steerYoung();
  // node:perf_hooks loaded here, by eval alone: validate and the other commands steer nothing.
  youngObserver = new (process.getBuiltinModule('node:perf_hooks').PerformanceObserver)(steerYoung);
  youngObserver.observe({ entryTypes: ['gc'] });
}

function steerYoung(): void {
  setYoungGrowth((youngBytes() ?? 0) < YOUNG_CAP_BYTES);
}

/**
 * A worker thread (the module adapter's watchdog, a port probe) runs: V8 set the growth factor, a
 * process-wide flag, back to 2 as it configured the worker's heap (V8 raises any factor under 2
 * for each new isolate), and the young generation would grow freely from then on. Set again as it
 * was, or as the cap says. Where a run's factor stayed 2 from the watchdog's start (heap.ts before
 * this; a run whose young generation was at the cap before the cases), 10,000 module cases peaked
 * at 123–127 MiB (young generation 32 MiB) in 11 of 128 runs, all without the suite cache; with
 * this, in none of 128 (at most 113.6 MiB).
 */
function steerAgain(): void {
  if (youngObserver) {
    steerYoung();
    return;
  }
  setYoungGrowth(youngGrowing);
  // What this worker's reset grew is no sign of another's.
  if (!youngGrowing) heldYoung = youngBytes();
}

function youngBytes(): number | undefined {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size;
}

/** Sets the factor each time (~2.5 µs): a worker's start may have changed it behind this module's back. */
function setYoungGrowth(grow: boolean): void {
  youngGrowing = grow;
  setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
}

/**
 * Every flag this module sets, back at V8's own value (Node 20's V8 and later: on, 0, on, 2), as the
 * process ends: V8's code cache carries a hash of the flags it was made under and a process whose
 * flags differ rejects it, so the cache of the CLI's code that bin/load-cli.js makes at exit must
 * be made under the flags every command starts with.
 */
export function restoreHeapFlags(): void {
  inlining = true;
  setFlagsFromString('--turbo-inlining');
  youngObserver?.disconnect();
  youngObserver = undefined;
  setFlagsFromString('--heap-growing-percent=0');
  setFlagsFromString('--allocation-site-pretenuring');
  setYoungGrowth(true);
}
