// The heap flags of run/heap.ts in a Node process of their own (they are process-wide V8 flags):
// the young generation holds its first size through a command's synchronous bursts, grows in
// the case phase, and stops at its cap where V8 alone would go on to 32 MiB.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, REPO, runCli } from './helpers/run-cli.js';

const MIB = 1024 * 1024;
/** Whether this Node's V8 sets the growth factor back to 2 for a worker thread's heap: up to V8 12 (Node 20, 22), not 13 (Node 24). */
const WORKER_RESETS = Number(process.versions.v8.split('.', 1)[0]) < 13;

/** What each child script starts with: run/heap.ts's functions, and the young generation's size (`young()`). */
const CHILD_PRELUDE = `
import { getHeapSpaceStatistics } from 'node:v8';
const heap = await import(${JSON.stringify(join(REPO, 'dist/run/heap.js'))});
const young = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
`;

/**
 * Runs a child script (an ES module) and reads the JSON it prints. With --no-separate-gc-phases (V8's
 * default on Node 20 and 22; Node 24's V8 has it on): with it on, no young collection runs while a
 * full one marks and the young generation takes pages past its size whatever the factor (run/heap.ts),
 * which a burst coinciding with marking showed as a held young generation at 4.75 MiB on a loaded host.
 * What heap.ts steers is the size the young generation grows to, read here without that.
 */
async function runChild<T>(script: string, nodeFlags: string[] = []): Promise<T> {
  const { stdout } = await execa(process.execPath, ['--no-separate-gc-phases', ...nodeFlags, '--input-type=module', '-e', script]);
  return JSON.parse(stdout) as T;
}

/**
 * A child that allocates in one synchronous burst (a suite loading) and then for ~240 timer
 * ticks with many objects alive across collections (cases in flight); prints the young
 * generation's size after each phase. `flags`: call the heap functions (else V8's own sizing).
 * The cap is steered from GC entries, which reach JS a loop turn or two after their collection:
 * a tick allocating most of a semi-space lets a second collection grow it first (40,000 objects
 * a tick overshot to 32 MiB in 1 run of 16; 20,000, as a case phase allocates, in none of 50).
 */
async function youngSizes(flags: boolean): Promise<{ afterBurst: number; afterCases: number }> {
  const script = `${CHILD_PRELUDE}${flags ? 'heap.tightenHeapGrowth();' : ''}
let kept = [];
for (let i = 0; i < 1e6; i++) { kept.push({ i, text: "case " + i }); if (kept.length > 2e5) kept = []; }
const afterBurst = young();
${flags ? 'heap.settleHeapForCases();' : ''}
kept = [];
let ticks = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 2e4; i++) kept.push({ i, text: 'case ' + i });
  if (kept.length > 3e5) kept = [];
  if (++ticks < 240) return;
  clearInterval(timer);
  console.log(JSON.stringify({ afterBurst, afterCases: young() }));
}, 1);
`;
  return runChild<{ afterBurst: number; afterCases: number }>(script);
}

/**
 * `eval`'s start: the young generation grows while its code loads (allocations over loop turns,
 * as a bundle's modules compile one by one; 3 turns leave it at 8 MiB, under the cap), then holds
 * through a synchronous burst (the suites parsing) that would grow it to V8's 32 MiB without the
 * hold. Prints its size after each phase.
 */
async function youngSizesForEval(): Promise<{ afterCode: number; afterBurst: number }> {
  const script = `${CHILD_PRELUDE}heap.tightenHeapGrowth();
heap.growYoungWhileCodeLoads();
let kept = [];
for (let turn = 0; turn < 3; turn++) {
  for (let i = 0; i < 2e4; i++) kept.push({ i, text: 'module ' + i });
  if (kept.length > 3e5) kept = [];
  await new Promise((resolve) => setTimeout(resolve, 1));
}
const afterCode = young();
heap.holdYoungForSuites();
for (let i = 0; i < 5e5; i++) { kept.push({ i, text: "case " + i }); if (kept.length > 1e6) kept = []; }
console.log(JSON.stringify({ afterCode, afterBurst: young() }));
`;
  return runChild<{ afterCode: number; afterBurst: number }>(script);
}

/**
 * Whether a worker thread's start undoes a growth factor of 1 on this V8 (no heap.ts in the child:
 * the factor set as holdYoungForSuites sets it, a worker online, then cases' allocations over timer
 * ticks), and what heap.ts believes of it. Node 20 and 22 grew the young generation to 32 MiB, Node 24
 * left it at 2.
 */
async function workerReset(): Promise<{ believed: boolean; grew: boolean }> {
  const script = `${CHILD_PRELUDE}import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
setFlagsFromString('--semi-space-growth-factor=1');
const held = young();
const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
await new Promise((resolve) => worker.once('online', resolve));
let kept = [];
for (let tick = 0; tick < 40; tick++) {
  for (let i = 0; i < 2e4; i++) kept.push({ i, text: 'case ' + i });
  if (kept.length > 3e5) kept = [];
  await new Promise((resolve) => setTimeout(resolve, 1));
}
console.log(JSON.stringify({ believed: heap.WORKER_RESETS_YOUNG_GROWTH, grew: young() > Math.max(held, 2 * 1024 * 1024) }));
`;
  return runChild<{ believed: boolean; grew: boolean }>(script);
}

/**
 * The case phase with the cap reached, then a worker thread started (as the module adapter's
 * watchdog starts) with the young generation emptied first (no collection falls between the
 * worker's start and its 'online'), settleHeapForCases (which waits for the thread at the cap
 * where V8 resets the factor for it), then more cases: V8 up to 12 sets the growth factor back to 2
 * as it configures the worker's heap, which grew the young generation to 32 MiB in every run (4 of 4)
 * before heap.ts set it again. Prints its size before the worker and at the end, and whether settleHeapForCases waited.
 */
async function youngSizesAroundWorker(): Promise<{ beforeWorker: number; waited: boolean; afterWorker: number }> {
  const script = `${CHILD_PRELUDE}import { Worker } from 'node:worker_threads';
heap.tightenHeapGrowth();
heap.settleHeapForCases();
let kept = [];
const allocate = (ticks, objects) => new Promise((resolve) => {
  let n = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < objects; i++) kept.push({ i, text: 'case ' + i });
    if (kept.length > 15 * objects) kept = [];
    if (++n < ticks) return;
    clearInterval(timer);
    resolve();
  }, 1);
});
await allocate(60, 1e4);
const beforeWorker = young();
kept = [];
gc({ type: 'minor' });
gc({ type: 'minor' });
const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
let online = false;
worker.once('online', () => (online = true));
await new Promise((resolve) => setImmediate(resolve));
// At the cap: the cases wait for the worker's thread.
await heap.settleHeapForCases();
const waited = online;
await allocate(40, 2e4);
console.log(JSON.stringify({ beforeWorker, waited, afterWorker: young() }));
`;
  return runChild<{ beforeWorker: number; waited: boolean; afterWorker: number }>(script, ['--expose-gc']);
}

/**
 * `eval` with the module adapter: the young generation held for the suites, the watchdog's worker
 * started, then run code that allocates without a loop turn (eval-run's import and the plan): where
 * V8 resets the factor for the worker's new isolate (up to 12), collections grow the young generation
 * (to the cap here: allocated in small steps, each looked at; ~35,000 objects on Node 22) before its
 * 'online' can reach this thread; on Node 24 it stays held. settleHeapForCases, with the reset seen or
 * none to come, starts the cases without waiting for the thread; then more cases. Prints the sizes,
 * whether the worker was online as the cases began, and whether heap.ts believes V8 resets the factor.
 */
async function youngSizesAfterHeldWorker(): Promise<{ held: number; atSettle: number; onlineAtSettle: boolean; afterCases: number; resets: boolean }> {
  const script = `${CHILD_PRELUDE}import { Worker } from 'node:worker_threads';
heap.tightenHeapGrowth();
heap.holdYoungForSuites();
const held = young();
const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
let online = false;
worker.once('online', () => (online = true));
// Its 'worker' event (a nextTick), as eval's waits for the agent's import let it run.
await new Promise((resolve) => process.nextTick(resolve));
let kept = [];
for (let i = 0; young() < 16 * 1024 * 1024 && i < 4e5; i++) {
  kept.push({ i, text: 'plan ' + i });
  if (kept.length > 2e5) kept = [];
}
const atSettle = young();
await heap.settleHeapForCases();
const onlineAtSettle = online;
let ticks = 0;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    for (let i = 0; i < 2e4; i++) kept.push({ i, text: 'case ' + i });
    if (kept.length > 3e5) kept = [];
    if (++ticks < 60) return;
    clearInterval(timer);
    resolve();
  }, 1);
});
console.log(JSON.stringify({ held, atSettle, onlineAtSettle, afterCases: young(), resets: heap.WORKER_RESETS_YOUNG_GROWTH }));
`;
  return runChild<{ held: number; atSettle: number; onlineAtSettle: boolean; afterCases: number; resets: boolean }>(script);
}

describe('the young generation (run/heap.ts)', () => {
  it("grows while eval's code loads, and holds its size through the suites' synchronous burst", async () => {
    const { afterCode, afterBurst } = await youngSizesForEval();
    expect(afterCode).toBeGreaterThan(2 * MIB);
    expect(afterCode).toBeLessThanOrEqual(16 * MIB);
    expect(afterBurst).toBe(afterCode);
  });

  // The cap is steered from GC entries that reach JS a loop turn or two late (run/heap.ts): on a
  // heavily loaded machine (load 14 on 2 cores) 2 runs of 16 overshot to V8's 32 MiB, none of 24
  // quieter ones did. A cap that never held would fail all three tries.
  it('keeps its first size through a synchronous burst, then grows in the case phase to 16 MiB and no further', { retry: 2 }, async () => {
    const [capped, own] = await Promise.all([youngSizes(true), youngSizes(false)]);
    // V8 alone: the same allocations grow it past the cap (to 32 MiB).
    expect(own.afterCases).toBeGreaterThan(16 * MIB);
    expect(capped.afterBurst).toBeLessThanOrEqual(2 * MIB);
    expect(own.afterBurst).toBeGreaterThan(2 * MIB);
    expect(capped.afterCases).toBeGreaterThan(2 * MIB);
    expect(capped.afterCases).toBeLessThanOrEqual(16 * MIB);
  });

  // Steered from the same late GC entries: seen once at 32 MiB in a fresh-clone CI run (session 16, the
  // full suite in parallel), 5 of 5 alone at 16. A cap the worker undid for good would fail all three tries.
  it("stays at its cap when a worker thread starts (V8 up to 12 resets the growth factor for the worker's heap)", { retry: 2 }, async () => {
    const { beforeWorker, waited, afterWorker } = await youngSizesAroundWorker();
    expect(beforeWorker).toBe(16 * MIB);
    // Where V8 resets it, the cases wait for the thread; the cap holds either way.
    if (WORKER_RESETS) expect(waited).toBe(true);
    expect(afterWorker).toBe(16 * MIB);
  });

  it("knows whether this V8 resets the growth factor for a worker thread's heap", async () => {
    const { believed, grew } = await workerReset();
    expect(believed).toBe(grew);
    expect(believed).toBe(WORKER_RESETS);
  });

  // The growth waits for the worker's thread to be scheduled, and the cap is steered from late GC
  // entries (above): a host too loaded for either may miss a try; a wait for the thread fails all three.
  it('starts the cases without waiting for a worker thread whose start already grew the held young generation', { retry: 2 }, async () => {
    const { held, atSettle, onlineAtSettle, afterCases, resets } = await youngSizesAfterHeldWorker();
    // The reset is V8's: held at the first size, only the worker's start let it grow (V8 up to 12); on V8 13 it stays held.
    expect(held).toBeLessThan(16 * MIB);
    // Held at the first size: 1 MiB a semi-space, the second one committed at the first collection.
    if (resets) expect(atSettle).toBe(16 * MIB);
    else expect(atSettle).toBeLessThanOrEqual(2 * MIB);
    expect(onlineAtSettle).toBe(false);
    expect(afterCases).toBe(16 * MIB);
  });
});

/**
 * Which functions Turbofan inlined `g` into, in a child where `f1` is optimized after inlineLess
 * (validate, and eval while it loads its suites) and `f2` after settleHeapForCases (eval's cases):
 * V8's --trace-turbo-inlining names each inlining, and %OptimizeFunctionOnNextCall with
 * --no-concurrent-recompilation optimizes on the spot (no timing involved).
 */
async function inlinedInto(): Promise<{ loading: boolean; cases: boolean }> {
  const script = `${CHILD_PRELUDE}
function g(x) { return x * 2 + 1; }
function f1(x) { return g(x) + g(x + 1); }
function f2(x) { return g(x) - g(x + 1); }
const optimize = (f) => {
  %PrepareFunctionForOptimization(g);
  %PrepareFunctionForOptimization(f);
  f(1);
  f(2);
  %OptimizeFunctionOnNextCall(f);
  f(3);
};
heap.inlineLess();
optimize(f1);
await heap.settleHeapForCases();
optimize(f2);
`;
  const { stdout } = await execa(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--trace-turbo-inlining', '--input-type=module', '-e', script]);
  const into = (name: string) => new RegExp(`^Inlining .*<SharedFunctionInfo g>.* into .*<SharedFunctionInfo ${name}>`, 'm').test(stdout);
  return { loading: into('f1'), cases: into('f2') };
}

describe('Turbofan inlining (run/heap.ts)', () => {
  it("is off while a command loads its project (inlineLess) and back on for eval's cases (settleHeapForCases)", async () => {
    expect(await inlinedInto()).toEqual({ loading: false, cases: true });
  });
});

/**
 * Node's verdict on the code cache built into it for each of its modules `node:http` loads, in a
 * child where tightenHeapGrowth set its flags first and the modules are loaded through
 * loadNodeModules (`through: true`) or as any later require would (`false`): NODE_DEBUG_NATIVE=CODE_CACHE
 * prints "Code cache of <module> … is accepted" or "… is rejected" as each one compiles.
 */
async function httpCodeCache(through: boolean): Promise<{ accepted: number; rejected: string[] }> {
  const script = `${CHILD_PRELUDE}
heap.tightenHeapGrowth();
${through ? "heap.loadNodeModules(['node:http']);" : "process.getBuiltinModule('node:http');"}
`;
  const { stderr } = await execa(process.execPath, ['--input-type=module', '-e', script], { env: { NODE_DEBUG_NATIVE: 'CODE_CACHE' } });
  const verdicts = [...stderr.matchAll(/^Code cache of (_?http\w*) .* is (accepted|rejected)$/gm)];
  return { accepted: verdicts.filter((verdict) => verdict[2] === 'accepted').length, rejected: verdicts.filter((verdict) => verdict[2] === 'rejected').map((verdict) => verdict[1]!) };
}

describe("Node's own modules (run/heap.ts loadNodeModules)", () => {
  it('are compiled with the code cache built into Node although the heap flags are set, where a later load compiles them from source', async () => {
    const loaded = await httpCodeCache(true);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.accepted).toBeGreaterThan(0);
    // What the flags alone do: the same modules' caches refused.
    expect((await httpCodeCache(false)).rejected).toContain('http');
  });
});

/**
 * Node's verdicts (NODE_DEBUG_NATIVE=CODE_CACHE, as httpCodeCache) on the modules compiled in a
 * child that set the command's flags (`setup`), then ran `body`: each module whose cache was
 * refused, on this thread or a worker's, and the JSON the child printed last. The child is a
 * file, not `-e` with --input-type=module, which a worker thread inherits (its CommonJS source
 * read as an ES module); it prints once first, so stdout's modules load under Node's flags.
 */
async function refusedCaches<T>(setup: string, body: string): Promise<{ rejected: string[]; printed: T }> {
  const script = `${CHILD_PRELUDE}import { cachedDataVersionTag } from 'node:v8';
console.log('{}');
${setup}
${body}`;
  const file = join(mkdtempSync(join(tmpdir(), 'agentready-heap-')), 'child.mjs');
  writeFileSync(file, script);
  const { stdout, stderr } = await execa(process.execPath, [file], { env: { NODE_DEBUG_NATIVE: 'CODE_CACHE' } });
  const rejected = [...stderr.matchAll(/^Code cache of (\S+) .* is rejected$/gm)].map((verdict) => verdict[1]!);
  return { rejected, printed: JSON.parse(stdout.trim().split('\n').at(-1)!) as T };
}

describe("worker threads started under Node's flags (run/node-flags.ts)", () => {
  it("the watchdog's start (startUnderNodeFlags), under a held young generation: node:worker_threads and the thread's bootstrap compile with Node's cache", async () => {
    const { rejected, printed } = await refusedCaches<{ online: boolean }>(
      'heap.tightenHeapGrowth(); heap.inlineLess(); heap.holdYoungForSuites();',
      `let worker;
heap.startUnderNodeFlags(() => { worker = new (process.getBuiltinModule('node:worker_threads').Worker)('', { eval: true }); });
await new Promise((resolve) => worker.once('online', resolve));
await worker.terminate();
console.log(JSON.stringify({ online: true }));`,
    );
    expect(printed.online).toBe(true);
    // The held young generation's factor (1) refused node:worker_threads' cache on this thread.
    // internal/vm/module compiles as the thread evaluates its source, after 'online': whether the
    // flags are set back before or after that is a race (lost under load), outside the start.
    expect(rejected.filter((name) => name !== 'internal/vm/module')).toEqual([]);
  });

  it.each([
    ['while the suites load', 'heap.tightenHeapGrowth(); heap.inlineLess(); heap.holdYoungForSuites();'],
    // node:perf_hooks (the case phase's observer) loaded first, as eval does (COMMAND_NODE_MODULES).
    ['in the case phase', "heap.tightenHeapGrowth(); heap.loadNodeModules(['node:perf_hooks']); heap.inlineLess(); await heap.settleHeapForCases();"],
    // Node's flags again (bin/load-cli.js makes the CLI's code cache next): a worker's start must not set the command's back.
    ['once restoreHeapFlags set them back, as the process ends', 'heap.tightenHeapGrowth(); heap.inlineLess(); heap.restoreHeapFlags();'],
  ])("a SyncWorker's start %s compiles with Node's cache, and the command's flags are as they were once it answered", async (_when, setup) => {
    const { rejected, printed } = await refusedCaches<{ answer: number; sameFlags: boolean }>(
      setup,
      `const { SyncWorker } = await import(${JSON.stringify(join(REPO, 'dist/config/sync-worker.js'))});
const before = cachedDataVersionTag();
const worker = new SyncWorker('(message, answer) => answer(message + 1)');
const answer = worker.ask(41, 10000);
worker.end();
console.log(JSON.stringify({ answer, sameFlags: cachedDataVersionTag() === before }));`,
    );
    expect(printed).toEqual({ answer: 42, sameFlags: true });
    expect(rejected).toEqual([]);
  });
});

describe("the CLI's own stdout and stderr (cli/main.ts)", () => {
  it("are made under Node's flags: a pipe's modules (node:net, diagnostics_channel) compile with Node's cache", async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [a.suite.yaml]\n',
      'a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - id: c1\n    input: hi\n    expect: { outcome: completed }\n',
    });
    // stdout and stderr are pipes (execa's), as in CI. Run twice: a run that makes the CLI's own
    // code cache (bin/load-cli.js) keeps bytecode, a flag that refuses every cache of Node's.
    await runCli(dir, ['validate']);
    const { exitCode, stderr } = await runCli(dir, ['validate'], { NODE_DEBUG_NATIVE: 'CODE_CACHE' });
    expect(exitCode).toBe(0);
    const rejected = [...stderr.matchAll(/^Code cache of (\S+) .* is rejected$/gm)].map((verdict) => verdict[1]);
    expect(rejected).not.toContain('net');
    expect(rejected).not.toContain('diagnostics_channel');
    expect(stderr).toMatch(/^Code cache of net .* is accepted$/m);
  });
});

describe("eval's own process (cli/main.ts, run/run-lock.ts)", () => {
  it("compiles Node's modules it loads first and last with Node's cache (a stdio agent, one case)", async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [a.suite.yaml]\n`,
      'a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - id: c1\n    input: hi\n    expect: { outcome: completed }\n',
    });
    // Twice, as the validate above: the first run makes the CLI's code cache.
    await runCli(dir, ['eval', '--no-gate']);
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate'], { NODE_DEBUG_NATIVE: 'CODE_CACHE' });
    expect(exitCode).toBe(0);
    // Before: net and diagnostics_channel (stdout and stderr made under the flags) and, at the
    // run's end, rimraf (releaseRun's rmSync; Node 20's, in JS) were compiled from source. Only
    // these are named: which modules a Node loads lazily, and when, is its own.
    const rejected = [...stderr.matchAll(/^Code cache of (\S+) .* is rejected$/gm)].map((verdict) => verdict[1]);
    expect(rejected.filter((name) => ['net', 'diagnostics_channel', 'internal/fs/rimraf'].includes(name!))).toEqual([]);
    expect(stderr).toMatch(/^Code cache of net .* is accepted$/m);
  });
});
