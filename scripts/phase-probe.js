// node scripts/phase-probe.js [--adapter module|stdio] [--cases N] [--runs K] [--warm]
//
// Where `eval`'s time goes before its first case and after its last, phase by phase, with V8's code
// cache of the CLI in use: `node --cpu-prof` makes V8 reject that cache (and rewrite it), so a
// profile's start-up is not the one users get (scripts/bench.js prints only the totals). The built
// CLI script (dist/cli-script/main.cjs) is copied to a temp folder with a probe call written at
// each anchor below (text of the bundle: a phase whose anchor the build no longer holds is said so
// and left out), one eval of the bench's suite (N cases, 20 ms agent, concurrency 64) makes the
// copy's code cache, then K evals are measured: at each probe the wall clock since the process
// began (performance.now), the process's CPU time (every thread: V8's optimizing compiler and GC
// helpers too) and, on Linux, the main thread's own (/proc/thread-self/schedstat, in ns). Printed:
// the medians of each phase's share. Without --warm each run starts with no suite cache, as the
// bench's first rows do. Build first (npm run build).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LATENCY_MS, writeBenchProject } from './bench-project.js';

const REPO = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
// --help (-h) prints the comment above, its usage first; an option it does not know is refused
// (a typo such as --case ran the whole probe, minutes of evals, with the defaults).
const KNOWN = { '--adapter': 'value', '--cases': 'value', '--runs': 'value', '--warm': 'flag' };
if (args.includes('--help') || args.includes('-h')) {
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  process.stdout.write(`${header.slice(0, header.findIndex((line) => !line.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n')}\n`);
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  const kind = KNOWN[args[i]];
  if (kind === undefined) {
    process.stderr.write(`phase-probe: unknown option ${args[i]} (--help for the usage)\n`);
    process.exit(2);
  }
  if (kind === 'value' && (args[i + 1] === undefined || args[i + 1].startsWith('--'))) {
    process.stderr.write(`phase-probe: ${args[i]} needs a value (--help for the usage)\n`);
    process.exit(2);
  }
  if (kind === 'value') i++;
}
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const ADAPTER = option('--adapter', 'module');
const CASES = Number(option('--cases', 10000));
const RUNS = Number(option('--runs', 5));
const WARM = args.includes('--warm');
const wrong = [
  !['module', 'stdio'].includes(ADAPTER) && `--adapter ${ADAPTER}: module or stdio`,
  !(Number.isInteger(CASES) && CASES > 0) && `--cases ${option('--cases')}: a whole number of cases, 1 or more`,
  !(Number.isInteger(RUNS) && RUNS > 0) && `--runs ${option('--runs')}: a whole number of runs, 1 or more`,
].filter(Boolean);
if (wrong.length > 0) {
  process.stderr.write(`phase-probe: ${wrong.join('; ')}\n`);
  process.exit(2);
}

// [phase ended, anchor text in the bundle, the probe before or after it]. The first probe of a
// label counts (runAttempt runs once per attempt: its first call is the first case's).
const PROBES = [
  ['CLI script run', 'async function main(rawArgv) {', 'after'],
  ['eval code loaded (commander, eval.ts imports)', 'async function runEvalCommand(globals, flags) {', 'after'],
  ['config read', 'const { loaded: suites, unread } = loadSuites(', 'before'],
  ['suites parsed and checked', 'const worlds = /* @__PURE__ */ new Map();', 'before'],
  ['suites resolved and fingerprinted', 'const variantIssues = options.names(', 'before'],
  ['run code loaded, baseline, judge (eval-run.ts)', 'async function planRun(options) {', 'after'],
  ['run planned, endpoints made', 'const booting = startAgent(', 'before'],
  ['agent started, endpoints listening', 'const agentReadyAt = performance.now();', 'before'],
  ['run folder, start line, heap settled', 'await settleHeapForCases();', 'after'],
  ['first case dispatched', 'async function runAttempt(', 'after'],
  ['cases', 'const finishedAt = /* @__PURE__ */ new Date();', 'before'],
];

const PROBE_FUNCTION = `globalThis.__phaseProbe = (() => { const fs = require('node:fs'); const seen = new Map();
  const mainNs = () => { try { return Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]); } catch { return NaN; } };
  process.on('exit', () => { globalThis.__phaseProbe('exit'); fs.writeFileSync(process.env.PHASE_PROBE_OUT, JSON.stringify([...seen.values()])); });
  return (label) => { if (seen.has(label)) return; const cpu = process.cpuUsage(); seen.set(label, { label, wall: performance.now(), proc: (cpu.user + cpu.system) / 1000, main: mainNs() / 1e6 }); };
})();`;

/** The CLI (bin/, the script, package.json) in a temp folder, the script with the probes written in; the labels whose anchor was found. */
function probedCli(folder) {
  cpSync(join(REPO, 'bin'), join(folder, 'bin'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(folder, 'package.json'));
  mkdirSync(join(folder, 'dist/cli-script'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(folder, 'node_modules'));
  const lines = readFileSync(join(REPO, 'dist/cli-script/main.cjs'), 'latin1').split('\n');
  const found = ['Node start, script and code cache read'];
  // Line 2 opens the script's function (scripts/build-cli.js): the probe is defined first thing in it.
  lines[1] = `${lines[1]} ${PROBE_FUNCTION.replaceAll('\n', ' ')} globalThis.__phaseProbe('Node start, script and code cache read');`;
  for (const [label, anchor, where] of PROBES) {
    const at = lines.findIndex((line) => line.includes(anchor));
    if (at === -1) {
      process.stderr.write(`phase-probe: no "${anchor}" in the script: phase "${label}" left out\n`);
      continue;
    }
    const call = `globalThis.__phaseProbe(${JSON.stringify(label)});`;
    lines[at] = where === 'before' ? `${call} ${lines[at]}` : `${lines[at]} ${call}`;
    found.push(label);
  }
  writeFileSync(join(folder, 'dist/cli-script/main.cjs'), lines.join('\n'), 'latin1');
  return [...found, 'exit'];
}

function evalOnce({ cli, folder, out }) {
  if (!WARM) rmSync(join(folder, '.agentready'), { recursive: true, force: true });
  else rmSync(join(folder, '.agentready/runs'), { recursive: true, force: true });
  const child = spawnSync(process.execPath, [join(cli, 'bin/agentready.js'), 'eval', '--no-gate'], {
    cwd: folder,
    env: { ...process.env, CI: '1', NO_COLOR: '1', AGENT_LATENCY_MS: String(LATENCY_MS), AGENT_CONCURRENCY: '64', PHASE_PROBE_OUT: out },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  // Thrown, not process.exit: the scratch folder's `finally` must still remove it.
  if (child.status !== 0) throw new Error(`phase-probe: eval exited ${child.status}\n${child.stderr.slice(-2000)}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

const median = (values) => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};
const shown = (value, width) => (Number.isNaN(value) ? '-' : value.toFixed(1)).padStart(width);

const scratch = mkdtempSync(join(tmpdir(), 'agentready-phase-probe-'));
try {
  const cli = join(scratch, 'cli');
  const folder = join(scratch, 'project');
  mkdirSync(folder);
  const labels = probedCli(cli);
  writeBenchProject(folder, { count: CASES, concurrency: 64, module: ADAPTER === 'module' });
  const out = join(scratch, 'probes.json');
  // Makes the copy's code cache (bin/load-cli.js: at the exit of the first eval that did its job).
  evalOnce({ cli, folder, out });
  const runs = Array.from({ length: RUNS }, () => new Map(evalOnce({ cli, folder, out }).map((probe) => [probe.label, probe])));
  process.stdout.write(`eval of ${CASES} cases, ${ADAPTER} adapter, ${WARM ? 'warm' : 'no'} suite cache, medians of ${RUNS} runs (ms; main = the main thread's CPU, Linux only)\n`);
  process.stdout.write(`${'phase (up to)'.padEnd(50)} ${'wall'.padStart(7)} ${'CPU'.padStart(7)} ${'main'.padStart(7)}   at: ${'wall'.padStart(7)} ${'CPU'.padStart(7)} ${'main'.padStart(7)}\n`);
  for (let i = 0; i < labels.length; i++) {
    const [before, label] = [labels[i - 1], labels[i]];
    // The first row: from the process's start (Node's own start, bin/load-cli.js reading the script and its cache).
    const delta = (key) => median(runs.map((run) => run.get(label)?.[key] - (before === undefined ? 0 : run.get(before)?.[key])));
    const at = (key) => median(runs.map((run) => run.get(label)?.[key]));
    process.stdout.write(`${label.padEnd(50)} ${shown(delta('wall'), 7)} ${shown(delta('proc'), 7)} ${shown(delta('main'), 7)}   at: ${shown(at('wall'), 7)} ${shown(at('proc'), 7)} ${shown(at('main'), 7)}\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
