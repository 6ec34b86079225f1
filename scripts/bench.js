// npm run bench: 10,000 cases against an agent that answers after a fixed 20 ms, at
// concurrency 64, over stdio and in process (module). Prints wall time against the ideal (N × latency ÷ concurrency) and
// what of it is around the run (from the spawn to the run's start, from its end to the exit; the
// bench's first eval, which may run without V8's code cache of the CLI, on a row of its own), the
// harness's CPU time per case (on Linux, also split between its main thread and its other threads,
// and what of each the case phase took: byThreadRows), its peak RSS (each once more with the suite cache the first run
// wrote), the floor of the stdio row (the same agent driven by the bare JSON-RPC peer,
// scripts/bench-floor.js: what no harness can take off the ideal), the time `agentready --version` takes, `validate` of a 10,000-case suite (time, CPU,
// peak RSS; with no suite cache, then with it), and 10,000 cases against the same agent crashing
// (exiting halfway through a case) on 1% of them: results.jsonl must hold every case, and only
// the crashing cases may be errors (the cases in flight beside a crash run again). With
// BENCH_SCALE=1, also 100,000 cases (BENCH_SCALE_CASES), 3 times (BENCH_SCALE_RUNS), with their peak RSS. BENCH_ONLY=crash
// runs the crash row alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clockTicksPerSecond } from './thread-cpu.js';
import { LATENCY_MS, writeBenchProject } from './bench-project.js';

const REPO = resolve(import.meta.dirname, '..');
const CASES = Number(process.env.BENCH_CASES ?? 10000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

/** A project folder (scripts/bench-project.js): the bench agent (over stdio, or `module: true` in process) and a suite of `count` cases; `crash(i)` puts CRASH in case i's input. */
function project(count, crash = () => false, run = '', { module = false } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'agentready-bench-'));
  writeBenchProject(folder, { count, concurrency: CONCURRENCY, crash, run, module });
  return folder;
}

/**
 * `eval --no-gate` in `folder`: wall time, the harness's CPU and peak RSS, the run folder and its
 * summary, and what the process took around the run (`around`): from its spawn to the run's start
 * (summary.json's `started_at`: the suites loaded and the run planned, the agent's start to wait
 * for next) and from the run's end (`finished_at`: its last case recorded) to its exit, on the
 * wall clock summary.json's times are on, to the millisecond.
 */
function evalIn(folder, okExits = [0]) {
  const spawnedAt = Date.now();
  const t = performance.now();
  const child = spawnSync(process.execPath, [join(REPO, 'scripts/bench-child.js'), 'eval', '--no-gate'], {
    cwd: folder,
    env: { ...process.env, CI: '1', NO_COLOR: '1', AGENT_LATENCY_MS: String(LATENCY_MS), AGENT_CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - t;
  const exitedAt = Date.now();
  if (!okExits.includes(child.status)) {
    process.stderr.write(`bench run failed with exit ${child.status}\n${child.stderr.slice(-4000)}\n`);
    process.exit(1);
  }
  const runDir = join(folder, '.agentready/runs', readdirSync(join(folder, '.agentready/runs'))[0]);
  const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
  const around = { startMs: Date.parse(summary.started_at) - spawnedAt, endMs: exitedAt - Date.parse(summary.finished_at) };
  return { wall, stats: JSON.parse(child.output[3]), runDir, summary, around };
}

/** A run's `around` (evalIn) in words. */
const aroundText = ({ startMs, endMs }) => `spawn → run start ${startMs} ms, run end → exit ${endMs} ms`;

/** Distinct cases in results.jsonl (after its header line), how many ended in a harness error, and how many of those `crashes(i)` does not mark. */
function recordedCases(runDir, crashes = () => false) {
  const ids = new Set();
  let errors = 0;
  let innocentErrors = 0;
  for (const line of readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const result = JSON.parse(line);
    ids.add(`${result.suite}/${result.case_id}`);
    if (result.status !== 'error') continue;
    errors++;
    if (!crashes(Number(result.case_id.slice('case-'.length)))) innocentErrors++;
  }
  return { cases: ids.size, errors, innocentErrors };
}

/** Distinct cases in results.jsonl, errors among them, and those whose input did not crash. */
function crashRow() {
  const crashDir = project(CRASH_CASES, isCrasher, ', max_error_rate: 0.02');
  // Exit 0: the run is --no-gate and the 1% of crashing cases is within max_error_rate 0.02.
  const crashed = evalIn(crashDir, [0]);
  const recorded = recordedCases(crashed.runDir, isCrasher);
  rmSync(crashDir, { recursive: true, force: true });
  return { crashed, recorded };
}
// Crashes: the agent exits halfway through 1% of the cases (every 100th); every case must be in results.jsonl.
const CRASH_CASES = Number(process.env.BENCH_CRASH_CASES ?? 10000);
const isCrasher = (i) => i % 100 === 50;
const crashLine = ({ crashed, recorded }) =>
  `${recorded.cases} cases in results.jsonl (${recorded.errors} errors, ${recorded.innocentErrors} of them not crashers), ${(crashed.stats.max_rss_kb / 1024).toFixed(1)} MiB peak RSS, ${(crashed.wall / 1000).toFixed(1)} s`;
/** What the crash row must show: every case recorded, and no error but the crashers'. */
function crashProblems({ recorded }) {
  return [recorded.cases !== CRASH_CASES && `the crash run recorded ${recorded.cases} of ${CRASH_CASES} cases`, recorded.innocentErrors > 0 && `the crash run charged ${recorded.innocentErrors} cases that did not crash`].filter(Boolean);
}
if (process.env.BENCH_ONLY === 'crash') {
  const row = crashRow();
  console.log(`crash on 1%, ${CRASH_CASES} cases: ${crashLine(row)}`);
  const problems = crashProblems(row);
  if (problems.length > 0) {
    process.stderr.write(`bench: ${problems.join('; ')}\n`);
    process.exitCode = 1;
  }
  process.exit();
}

/** `eval` again in `folder`, whose suite cache the first run wrote: the run folder goes, the cache stays. */
function warmEvalIn(folder) {
  rmSync(join(folder, '.agentready/runs'), { recursive: true, force: true });
  return evalIn(folder);
}

/**
 * This build's V8 code caches of `eval` (bin/load-cli.js: made at the exit of the first run of a
 * command with none, read by every later one), by name and time written.
 */
function evalCodeCaches() {
  const key = /^\/\/ agentready script key: ([0-9a-f]{20})/.exec(readFileSync(join(REPO, 'dist/cli-script/main.cjs'), 'latin1').slice(0, 100))?.[1];
  const folder = join(realpathSync(tmpdir()), `agentready-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''));
  let names = [];
  try {
    names = readdirSync(folder);
  } catch {
    // No cache folder yet.
  }
  return new Map(names.filter((name) => key !== undefined && name.startsWith(`script-${key}-`) && name.endsWith('-eval.cache')).map((name) => [name, statSync(join(folder, name)).mtimeMs]));
}

// The first eval of the bench runs without V8's code cache of the CLI when this build has none
// yet (the first bench after a build; every eval in a CI job with a fresh temp folder): it
// compiles what it runs from source and makes the cache at its exit. Shown as a row of its own;
// the rows after it compare with the cache, as every later run on one machine does.
const dir = project(CASES);
const cachesBefore = evalCodeCaches();
const first = evalIn(dir);
const madeCache = [...evalCodeCaches()].some(([name, mtime]) => cachesBefore.get(name) !== mtime);
rmSync(join(dir, '.agentready'), { recursive: true, force: true });
const { wall: wallMs, stats, summary, around } = evalIn(dir);
const warm = warmEvalIn(dir);
const ideal = (CASES * LATENCY_MS) / CONCURRENCY;
// The floor: the same agent, cases and concurrency driven by agentready's JSON-RPC peer alone (scripts/bench-floor.js).
const floorRun = spawnSync(process.execPath, [join(REPO, 'scripts/bench-floor.js'), String(CASES), String(CONCURRENCY), String(LATENCY_MS)], { encoding: 'utf8' });
if (floorRun.status !== 0) {
  process.stderr.write(`bench floor failed with exit ${floorRun.status}\n${floorRun.stderr}\n`);
  process.exit(1);
}
const floor = JSON.parse(floorRun.stdout);
const moduleDir = project(CASES, undefined, '', { module: true });
const inProcess = evalIn(moduleDir);
const inProcessWarm = warmEvalIn(moduleDir);
rmSync(moduleDir, { recursive: true, force: true });

/** Median of 7 spawns of Node with `args`, in ms. */
const medianSpawnMs = (args) =>
  Array.from({ length: 7 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    return performance.now() - t;
  }).sort((a, b) => a - b)[3];
const versionMs = medianSpawnMs([join(REPO, 'bin/agentready.js'), '--version']);
// The floor under it: Node starting and doing nothing, on this host (NODE_EXTRA_CA_CERTS, for one,
// makes every Node start read a certificate bundle first).
const bareNodeMs = medianSpawnMs(['-e', '0']);

// Loading: `validate` of a suite of LOAD_CASES cases, whole process, median of 5 (SPEC: the suites
// load before the first case starts, so this is start-up every run pays).
const LOAD_CASES = Number(process.env.BENCH_LOAD_CASES ?? 10000);
const loadDir = mkdtempSync(join(tmpdir(), 'agentready-bench-load-'));
writeFileSync(join(loadDir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8'));
writeFileSync(
  join(loadDir, 'bench.suite.yaml'),
  `suite: bench\ntools: []\ncases:\n${Array.from({ length: LOAD_CASES }, (_, i) => `  - id: case-${i}\n    input: "question ${i}"\n    expect: { outcome: completed }\n`).join('')}`,
);
// Cold: no suite cache (as a fresh clone in CI); warm: the cache the cold runs wrote.
const validateIn = () => {
  const t = performance.now();
  const child = spawnSync(process.execPath, [join(REPO, 'scripts/bench-child.js'), 'validate'], { cwd: loadDir, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t;
  if (child.status !== 0) {
    process.stderr.write(`bench validate failed with exit ${child.status}\n${child.stderr}\n`);
    process.exit(1);
  }
  return { wall, ...JSON.parse(child.output[3]) };
};
const median = (runs) => runs.sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)];
const load = median(Array.from({ length: 5 }, () => {
  rmSync(join(loadDir, '.agentready'), { recursive: true, force: true });
  return validateIn();
}));
const loadWarm = median(Array.from({ length: 5 }, validateIn));
rmSync(loadDir, { recursive: true, force: true });

const crash = crashRow();

// Scale: 100,000 cases, peak RSS (BENCH_SCALE=1; about 100k × 20 ms ÷ 64 = 31 s at the ideal),
// BENCH_SCALE_RUNS times (3): V8's heap decisions vary from run to run, and the worst run counts.
const SCALE_CASES = Number(process.env.BENCH_SCALE_CASES ?? 100000);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);
let scale;
if (process.env.BENCH_SCALE) {
  const scaleDir = project(SCALE_CASES);
  const runs = Array.from({ length: SCALE_RUNS }, () => {
    const run = evalIn(scaleDir);
    run.recorded = recordedCases(run.runDir);
    rmSync(run.runDir, { recursive: true, force: true });
    return run;
  });
  scale = runs.reduce((worst, run) => (run.stats.max_rss_kb > worst.stats.max_rss_kb ? run : worst));
  scale.peaks = runs.map((run) => (run.stats.max_rss_kb / 1024).toFixed(1));
  scale.fewest = Math.min(...runs.map((run) => run.recorded.cases));
  rmSync(scaleDir, { recursive: true, force: true });
}

const row = (label, value) => `${label.padEnd(34)} ${value}`;
// Clock ticks per second of the main thread's figures (/proc's), asked once: only Linux has them.
let ticksPerSecond;
/**
 * Beneath a CPU-per-case row, on Linux (no row elsewhere): the process's CPU per case split into
 * its main thread's (scripts/bench-child.js) and its other threads' (the rest: V8's compiler and
 * GC threads, libuv's pool, a worker), each also in the case phase alone (from results.jsonl's
 * opening to its closing: from just before the first case starts to just after the last one's
 * result is written; a module agent reading its thread's time at its first call and its last
 * return saw at most one tick of the main thread's outside them, 0.001 ms per case at 10,000). The
 * main thread's figures are in clock ticks (10 ms each): within ±0.002 ms per case at 10,000 cases.
 */
function byThreadRows(label, { main_ticks: mainTicks, case_phase: phase, cpu_us: cpuUs }) {
  if (mainTicks === undefined || phase === undefined) return [];
  ticksPerSecond ??= clockTicksPerSecond();
  const ticksUs = (ticks) => (ticks * 1e6) / ticksPerSecond;
  const perCase = (us) => (us / CASES / 1000).toFixed(3);
  const main = ticksUs(mainTicks);
  const mainInCases = ticksUs(phase.end.main_ticks - phase.start.main_ticks);
  const inCases = phase.end.cpu_us - phase.start.cpu_us;
  return [
    row(label, `main thread ${perCase(main)} ms (${perCase(mainInCases)} in the case phase, ${perCase(main - mainInCases)} before and after it), other threads ${perCase(cpuUs - main)} ms (${perCase(inCases - mainInCases)} in the case phase)`),
    ...curveRows(phase, ticksUs),
  ];
}

/** Thousands of cases shown one by one in curveRows; the rest in one figure. */
const CURVE_THOUSANDS = 5;
/**
 * The case phase's CPU a case, thousand by thousand (scripts/bench-child.js marks each thousandth
 * result line), for the first CURVE_THOUSANDS and then for the rest together: all threads, and the
 * main thread's (clock ticks: ±0.01 ms a case a thousand). The first thousands cost several times
 * the rest: V8 compiles the cases' code on its threads meanwhile, and it runs unoptimised until then.
 */
function curveRows(phase, ticksUs) {
  const marks = [phase.start, ...(phase.marks ?? [])];
  if (marks.length <= CURVE_THOUSANDS + 1) return [];
  const span = (from, to) => ({ cases: to.cases - (from.cases ?? 0), cpuUs: to.cpu_us - from.cpu_us, mainUs: ticksUs(to.main_ticks - from.main_ticks) });
  const spans = [...Array.from({ length: CURVE_THOUSANDS }, (_, i) => span(marks[i], marks[i + 1])), span(marks[CURVE_THOUSANDS], { ...phase.end, cases: CASES })];
  const shown = (key, digits) => spans.map((one, i) => `${i === CURVE_THOUSANDS ? '| rest ' : ''}${(one[key] / one.cases / 1000).toFixed(digits)}`).join(' ');
  return [row('  case phase a thousand at a time', `CPU a case ${shown('cpuUs', 3)} ms; main thread ${shown('mainUs', 2)}`)];
}
console.log(
  [
    `agentready bench: ${CASES} cases, agent latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
    row('ideal (N × latency ÷ concurrency)', `${ideal.toFixed(0)} ms`),
    row('cases wall time (first run → last)', `${summary.timings.cases_ms} ms  ratio ${(summary.timings.cases_ms / ideal).toFixed(3)}`),
    row('agent start-up left to wait (begun while loading)', `${summary.timings.agent_start_ms} ms`),
    row('run wall time (summary.duration_ms)', `${summary.duration_ms} ms  ratio ${(summary.duration_ms / ideal).toFixed(3)}`),
    row('process wall time (incl. start-up)', `${wallMs.toFixed(0)} ms  ratio ${(wallMs / ideal).toFixed(3)}`),
    row('  around the run', aroundText(around)),
    row(`  first eval of the bench${madeCache ? ', no code cache' : ''}`, `process ${first.wall.toFixed(0)} ms  ratio ${(first.wall / ideal).toFixed(3)}, ${aroundText(first.around)}, CPU per case ${(first.stats.cpu_us / CASES / 1000).toFixed(3)} ms${madeCache ? ' (V8 code cache of eval made at its exit)' : ' (code cache read)'}`),
    row('harness CPU per case', `${(stats.cpu_us / CASES / 1000).toFixed(3)} ms`),
    ...byThreadRows('  by thread', stats),
    row('harness peak RSS', `${(stats.max_rss_kb / 1024).toFixed(1)} MiB`),
    row('  again, warm suite cache', `process ${warm.wall.toFixed(0)} ms  ratio ${(warm.wall / ideal).toFixed(3)}  (cases ratio ${(warm.summary.timings.cases_ms / ideal).toFixed(3)}), CPU per case ${(warm.stats.cpu_us / CASES / 1000).toFixed(3)} ms, peak RSS ${(warm.stats.max_rss_kb / 1024).toFixed(1)} MiB`),
    row('  floor: same agent, bare driver', `cases ${floor.cases_ms.toFixed(0)} ms  ratio ${(floor.cases_ms / ideal).toFixed(3)}, agent boot ${floor.agent_boot_ms.toFixed(0)} ms, driver CPU per case ${(floor.cpu_us / CASES / 1000).toFixed(3)} ms`),
    row('module adapter: process wall time', `${inProcess.wall.toFixed(0)} ms  ratio ${(inProcess.wall / ideal).toFixed(3)}  (cases ${inProcess.summary.timings.cases_ms} ms, ratio ${(inProcess.summary.timings.cases_ms / ideal).toFixed(3)})`),
    row('  around the run', aroundText(inProcess.around)),
    row('  CPU per case (agent included)', `${(inProcess.stats.cpu_us / CASES / 1000).toFixed(3)} ms, peak RSS ${(inProcess.stats.max_rss_kb / 1024).toFixed(1)} MiB`),
    ...byThreadRows('    by thread', inProcess.stats),
    row('  again, warm suite cache', `process ${inProcessWarm.wall.toFixed(0)} ms  ratio ${(inProcessWarm.wall / ideal).toFixed(3)}, CPU per case ${(inProcessWarm.stats.cpu_us / CASES / 1000).toFixed(3)} ms, peak RSS ${(inProcessWarm.stats.max_rss_kb / 1024).toFixed(1)} MiB`),
    row('agentready --version (median of 7)', `${versionMs.toFixed(0)} ms  (node -e 0: ${bareNodeMs.toFixed(0)} ms${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : ''})`),
    row(`validate, ${LOAD_CASES} cases (median of 5)`, `cold cache ${load.wall.toFixed(0)} ms wall, ${(load.cpu_us / 1000).toFixed(0)} ms CPU, ${(load.max_rss_kb / 1024).toFixed(1)} MiB peak RSS`),
    row('', `warm cache ${loadWarm.wall.toFixed(0)} ms wall, ${(loadWarm.cpu_us / 1000).toFixed(0)} ms CPU, ${(loadWarm.max_rss_kb / 1024).toFixed(1)} MiB peak RSS`),
    row(`crash on 1%, ${CRASH_CASES} cases`, crashLine(crash)),
    ...(scale
      ? [
          row(`scale, ${SCALE_CASES} cases × ${SCALE_RUNS}`, `${scale.fewest} cases in results.jsonl at least, peak RSS ${scale.peaks.join(' / ')} MiB (worst ${(scale.stats.max_rss_kb / 1024).toFixed(1)} MiB = ${((scale.stats.max_rss_kb * 1024) / 1e6).toFixed(1)} MB)`),
          row('  worst run: harness CPU per case', `${(scale.stats.cpu_us / SCALE_CASES / 1000).toFixed(3)} ms`),
          row('  worst run: process wall time', `${(scale.wall / 1000).toFixed(1)} s  ratio ${(scale.wall / ((SCALE_CASES * LATENCY_MS) / CONCURRENCY)).toFixed(3)}`),
        ]
      : []),
  ].join('\n'),
);
const lost = [...crashProblems(crash), scale && scale.fewest !== SCALE_CASES && `a scale run recorded ${scale.fewest} of ${SCALE_CASES} cases`,
  // SCALE_CASES in flat memory (issue: under 200 MB at 100,000 cases).
  scale && scale.stats.max_rss_kb * 1024 >= 200e6 && `a scale run peaked at ${((scale.stats.max_rss_kb * 1024) / 1e6).toFixed(1)} MB, not under 200 MB`].filter(Boolean);
if (lost.length > 0) {
  process.stderr.write(`bench: ${lost.join('; ')}\n`);
  process.exitCode = 1;
}
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
