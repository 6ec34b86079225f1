/**
 * The young generation's size, steered by its growth factor (V8's semi-space growth factor, a flag
 * read each time the space would grow): held at its first size, grown to a cap, and set again after
 * a worker thread's start reset it. run/heap.ts says when each phase of a command asks for which.
 */
import type { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * From the command's start (tightenHeapGrowth): the young generation keeps its first size, and
 * every worker thread's start, which sets the factor back to V8's 2, is followed (steerAgain).
 */
export function holdYoungFromStart(): void {
  setYoungGrowth(false);
  if (!WORKER_RESETS_YOUNG_GROWTH) return;
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

/**
 * The case phase's young generation (settleHeapForCases): it grows to its cap, steered from each
 * collection's entry.
 */
export async function growYoungForCases(): Promise<void> {
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
 * was, or as the cap says. Where a run's factor stayed 2 from the watchdog's start (run/heap.ts
 * before this; a run whose young generation was at the cap before the cases), 10,000 module cases
 * peaked at 123–127 MiB (young generation 32 MiB) in 11 of 128 runs, all without the suite cache;
 * with this, in none of 128 (at most 113.6 MiB).
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
export function setYoungGrowth(grow: boolean): void {
  youngGrowing = grow;
  setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
}

/** Whether the young generation may grow now: what the factor was last set to. */
export function youngMayGrow(): boolean {
  return youngGrowing;
}

/** As the process ends (restoreHeapFlags): no more steering, and the factor back at V8's own 2. */
export function releaseYoungGeneration(): void {
  youngObserver?.disconnect();
  youngObserver = undefined;
  setYoungGrowth(true);
}
