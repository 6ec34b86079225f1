// npm run bench: 2,000 cases against an agent that answers after a fixed 20 ms, at
// concurrency 64. Prints wall time against the ideal (N × latency ÷ concurrency), the
// harness's CPU time per case, its peak RSS, the time `agentready --version` takes, and `validate`
// of a 10,000-case suite (time, CPU, peak RSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const CASES = Number(process.env.BENCH_CASES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const LATENCY_MS = 20;

const dir = mkdtempSync(join(tmpdir(), 'agentready-bench-'));
writeFileSync(
  join(dir, 'agentready.config.yaml'),
  `target: { adapter: stdio, command: [node, ${JSON.stringify(join(REPO, 'fixtures/agents/agent-fixed-latency.js'))}] }
suites: [bench.suite.yaml]
run: { concurrency: ${CONCURRENCY}, timeout_ms: 10000 }
pricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
`,
);
const cases = Array.from({ length: CASES }, (_, i) => `  - id: case-${i}\n    input: "question ${i}"\n    expect: { outcome: completed }\n`);
writeFileSync(join(dir, 'bench.suite.yaml'), `suite: bench\ntools: []\ncases:\n${cases.join('')}`);

const started = performance.now();
const run = spawnSync(process.execPath, [join(REPO, 'scripts/bench-child.js'), 'eval', '--no-gate'], {
  cwd: dir,
  env: { ...process.env, CI: '1', NO_COLOR: '1', AGENT_LATENCY_MS: String(LATENCY_MS), AGENT_CONCURRENCY: String(CONCURRENCY) },
  stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
const wallMs = performance.now() - started;
if (run.status !== 0) {
  process.stderr.write(`bench run failed with exit ${run.status}\n${run.stderr}\n`);
  process.exit(1);
}
const stats = JSON.parse(run.output[3]);
const runDir = join(dir, '.agentready/runs', readdirSync(join(dir, '.agentready/runs'))[0]);
const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
const ideal = (CASES * LATENCY_MS) / CONCURRENCY;

const versionTimes = Array.from({ length: 7 }, () => {
  const t = performance.now();
  spawnSync(process.execPath, [join(REPO, 'bin/agentready.js'), '--version'], { stdio: 'ignore' });
  return performance.now() - t;
}).sort((a, b) => a - b);

// Loading: `validate` of a suite of LOAD_CASES cases, whole process, median of 5 (SPEC: the suites
// load before the first case starts, so this is start-up every run pays).
const LOAD_CASES = Number(process.env.BENCH_LOAD_CASES ?? 10000);
const loadDir = mkdtempSync(join(tmpdir(), 'agentready-bench-load-'));
writeFileSync(join(loadDir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8'));
writeFileSync(
  join(loadDir, 'bench.suite.yaml'),
  `suite: bench\ntools: []\ncases:\n${Array.from({ length: LOAD_CASES }, (_, i) => `  - id: case-${i}\n    input: "question ${i}"\n    expect: { outcome: completed }\n`).join('')}`,
);
const loads = Array.from({ length: 5 }, () => {
  const t = performance.now();
  const child = spawnSync(process.execPath, [join(REPO, 'scripts/bench-child.js'), 'validate'], { cwd: loadDir, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t;
  if (child.status !== 0) {
    process.stderr.write(`bench validate failed with exit ${child.status}\n${child.stderr}\n`);
    process.exit(1);
  }
  return { wall, ...JSON.parse(child.output[3]) };
}).sort((a, b) => a.wall - b.wall);
rmSync(loadDir, { recursive: true, force: true });
const load = loads[2];

const row = (label, value) => `${label.padEnd(34)} ${value}`;
console.log(
  [
    `agentready bench: ${CASES} cases, agent latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
    row('ideal (N × latency ÷ concurrency)', `${ideal.toFixed(0)} ms`),
    row('cases wall time (first run → last)', `${summary.timings.cases_ms} ms  ratio ${(summary.timings.cases_ms / ideal).toFixed(3)}`),
    row('agent start-up (spawn + initialize)', `${summary.timings.agent_start_ms} ms`),
    row('run wall time (summary.duration_ms)', `${summary.duration_ms} ms  ratio ${(summary.duration_ms / ideal).toFixed(3)}`),
    row('process wall time (incl. start-up)', `${wallMs.toFixed(0)} ms  ratio ${(wallMs / ideal).toFixed(3)}`),
    row('harness CPU per case', `${(stats.cpu_us / CASES / 1000).toFixed(3)} ms`),
    row('harness peak RSS', `${(stats.max_rss_kb / 1024).toFixed(1)} MiB`),
    row('agentready --version (median of 7)', `${versionTimes[3].toFixed(0)} ms`),
    row(`validate, ${LOAD_CASES} cases (median of 5)`, `${load.wall.toFixed(0)} ms wall, ${(load.cpu_us / 1000).toFixed(0)} ms CPU, ${(load.max_rss_kb / 1024).toFixed(1)} MiB peak RSS`),
  ].join('\n'),
);
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
