/**
 * Turbofan's inlining as the command wants it: off while a command reads its project, on for
 * `eval`'s cases; and how soon and how much it compiles in the case phase (tierForCases).
 */
import { setFlagsFromString } from 'node:v8';

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

/** The case phase (settleHeapForCases) and the process's end (restoreHeapFlags): Turbofan inlines again. */
export function inlineAgain(): void {
  inlining = true;
  setFlagsFromString('--turbo-inlining');
}

/** Sets inlining off again if the command has it off now, after startUnderNodeFlags set it on for a while. */
export function reapplyInlining(): void {
  if (!inlining) setFlagsFromString('--no-turbo-inlining');
}

/**
 * The case phase's tiering on Node 20 (V8 11): Turbofan compiles a function after half the
 * bytecode V8 waits for by default (--interrupt-budget 66 KiB → 33 KiB), and inlines into it at
 * most half the bytecode (--max-inlined-bytecode-size-cumulative 920 → 460). At 10,000 cases the
 * first thousand cost ~4× the CPU of the last ones (scripts/bench.js, "a thousand at a time"):
 * Turbofan compiling the cases' code on V8's threads, ~0.035 ms a case over the run (the same run
 * with --no-concurrent-recompilation moved it onto the main thread), and that code running
 * unoptimised meanwhile. Compiled sooner, the main thread runs less of it unoptimised; inlining
 * less, each compile is smaller (the cases' largest, runAttempt's, runConversation's, traceOf's,
 * inline whole call trees of Node's and agentready's). Node 20.20, 10,000 cases, old and new
 * alternated, a host at load 15–20 on 2 cores, medians of each pair's difference of the case
 * phase's CPU a case (process's CPU a case): over stdio −0.0085 ms (−0.008), lower in 6 of 6 pairs
 * (6 of 6), the main thread −0.004 and the other threads −0.005; in process −0.009 (−0.008), lower
 * in 4 of 6 (5 of 6); as flags set on the build before it, 8 pairs each: −0.010 in 7 of 8 over
 * stdio, −0.007 in 6 of 8 in process, the other threads lower in 16 of 16. Less on a quieter host
 * (load ~12, the case phase at ~0.078 ms a case, 8 pairs each), where Turbofan's threads wait less
 * for a core: over stdio −0.0016 (5 of 8; the other threads −0.0023, 7 of 8), in process −0.0035
 * (7 of 8). Either alone did less:
 * the earlier compile alone moved CPU from the main thread to Turbofan's (main −0.007, other
 * threads +0.002; the case phase no lower in 6 of 8 pairs), less inlining alone the other way
 * (above: main +0.004); cumulative 300 and 150 a function with the earlier compile: main +0.002,
 * a quarter of the budget: other threads +0.010. Only on V8 11: V8 12 and 13 (Node 22, 24) count a function's
 * calls for Turbofan (--invocation-count-for-turbofan), and their defaults, which tierAsV8 must set
 * back exactly (the code cache's hash of the flags), are not these. Node 22 (V8 12.4, Maglev off as
 * Node ships it) waits for a function's 3,000th call: the cases' code runs in Sparkplug for the first
 * ~3,000 cases, so its curve is flat (0.17–0.19 ms a case for the first thousand, 0.13–0.14 for the
 * rest at 5,000 cases; Node 20 0.29–0.32, then 0.06–0.09). Set to 1,000 here (Node 22.23, module
 * adapter, old and new alternated, medians): the first thousand +0.09–0.11 ms a case (higher in 10
 * of 10 pairs), the rest −0.01–0.03, the case phase's CPU +3 ms at 5,000 cases (lower in 3 of 6
 * pairs) and −6 at 10,000 (3 of 4): CPU moved, none saved. Not taken.
 */
export function tierForCases(): void {
  if (!TIERING_DEFAULTS) return;
  tieredForCases = true;
  setTiering(2);
}

/** The process's end (restoreHeapFlags): tierForCases's flags back at V8's own values. */
export function tierAsV8(): void {
  if (!TIERING_DEFAULTS) return;
  tieredForCases = false;
  setTiering(1);
}

/**
 * tierForCases's flags at V8's own values for a while (holdNodeFlags: a worker thread's start in
 * the case phase, whose bootstrap takes Node's code cache only under the flags it was made with;
 * under these, 93 of its modules compiled from source); returns what sets them again.
 */
export function holdTiering(): () => void {
  if (!tieredForCases) return () => undefined;
  setTiering(1);
  return () => setTiering(2);
}

/** Whether tierForCases's flags are set (until tierAsV8). */
let tieredForCases = false;

function setTiering(divisor: 1 | 2): void {
  if (!TIERING_DEFAULTS) return;
  setFlagsFromString(`--interrupt-budget=${TIERING_DEFAULTS.interruptBudget / divisor}`);
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${TIERING_DEFAULTS.inlinedCumulative / divisor}`);
}

/** V8 11's defaults of the flags tierForCases sets (`node --v8-options` on Node 20); undefined on any other V8, where tierForCases sets nothing. */
const TIERING_DEFAULTS = process.versions.v8.split('.', 1)[0] === '11' ? { interruptBudget: 66 * 1024, inlinedCumulative: 920 } : undefined;
