// npm run bench:latency: where a case's time goes in the bench's stdio case phase (10,000 cases,
// an agent answering after 20 ms, concurrency 64; BENCH_CASES, BENCH_CONCURRENCY), for
// agentready's eval and for the bare driver (scripts/bench-floor.js), each run once with
// scripts/bench-latency-probe.js loaded into the driver and the agent. A slot's cycle is four legs,
// paired in order (the k-th request written is the k-th the agent reads; an answer frees the slot
// the run 64 requests later takes): the request's way to the agent, the agent's time with it (its
// 20 ms and its own work), the answer's way back (waiting for the driver's event loop to read it),
// and the driver's time from reading an answer to writing the next request. Also: the driver's
// event-loop delay and GC during the cases, and (the harness) its check-phase callbacks that ran
// between reading answers and writing the requests they freed slots for.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const CASES = Number(process.env.BENCH_CASES ?? 10000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const LATENCY_MS = 20;
const AGENT = join(REPO, 'fixtures/agents/agent-fixed-latency.js');

const folder = mkdtempSync(join(tmpdir(), 'agentready-bench-latency-'));
const notes = join(folder, 'notes');
const env = (role) => {
  const dir = join(notes, role);
  mkdirSync(dir, { recursive: true });
  return { ...process.env, CI: '1', NO_COLOR: '1', AGENT_LATENCY_MS: String(LATENCY_MS), AGENT_CONCURRENCY: String(CONCURRENCY), BENCH_LATENCY_DIR: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${join(REPO, 'scripts/bench-latency-probe.js')}` };
};

// The scratch folder goes whether the bench finishes or fails (an eval or the floor that fails, a probe's notes missing).
try {
  writeFileSync(
    join(folder, 'agentready.config.yaml'),
    `target: { adapter: stdio, command: [node, ${JSON.stringify(AGENT)}] }\nsuites: [bench.suite.yaml]\nrun: { concurrency: ${CONCURRENCY}, timeout_ms: 10000 }\npricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }\n`,
  );
  writeFileSync(join(folder, 'bench.suite.yaml'), `suite: bench\ntools: []\ncases:\n${Array.from({ length: CASES }, (_, i) => `  - id: case-${i}\n    input: "question ${i}"\n    expect: { outcome: completed }\n`).join('')}`);

  const harness = spawnSync(process.execPath, [join(REPO, 'bin/agentready.js'), 'eval', '--no-gate'], { cwd: folder, env: env('harness'), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (harness.status !== 0) throw new Error(`eval failed with exit ${harness.status}\n${harness.stderr.slice(-2000)}`);
  const floor = spawnSync(process.execPath, [join(REPO, 'scripts/bench-floor.js'), String(CASES), String(CONCURRENCY), String(LATENCY_MS)], { env: env('floor'), encoding: 'utf8' });
  if (floor.status !== 0) throw new Error(`bench floor failed with exit ${floor.status}\n${floor.stderr}`);

  const lines = [`agentready bench:latency: ${CASES} cases, agent latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}; ms: mean / p50 / p90 / p99`];
  for (const role of ['harness', 'floor']) lines.push(...report(role));
  console.log(lines.join('\n'));
} finally {
  rmSync(folder, { recursive: true, force: true });
}

/** The lines of one driver's run: its legs, its event loop's delay, its GC, what ran between its reads and writes. */
function report(role) {
  const dir = join(notes, role);
  const files = readdirSync(dir).map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
  const driver = files.find((noted) => noted.role === role && noted.requests.length > 0);
  const agent = files.find((noted) => noted.role === 'agent' && noted.requests.length > 0);
  // Initialize's answer first, on both sides.
  const driverAnswers = driver.answers.slice(1);
  const agentAnswers = agent.answers.slice(1);
  const across = (from, to, fromTimes, toTimes) => toTimes.slice(0, fromTimes.length).map((time, k) => to.origin + time - (from.origin + fromTimes[k]));
  const toAgent = across(driver, agent, driver.requests, agent.requests);
  const inAgent = agentAnswers.slice(0, agent.requests.length).map((time, k) => time - agent.requests[k]);
  const back = across(agent, driver, agentAnswers, driverAnswers);
  const inDriver = driver.requests.slice(CONCURRENCY).map((time, k) => time - driverAnswers[k]).filter((ms) => !Number.isNaN(ms));
  const first = driver.requests[0];
  const last = driverAnswers[CASES - 1] ?? driverAnswers.at(-1);
  const gcs = driver.gcs.filter(([start]) => start >= first && start <= last);
  const gcMs = gcs.reduce((sum, [, ms]) => sum + ms, 0);
  const out = [
    `${role === 'harness' ? 'agentready eval' : 'bare driver (floor)'}: cases ${(last - first).toFixed(0)} ms, a slot's cycle ${(((last - first) * CONCURRENCY) / CASES).toFixed(2)} ms`,
    `  request written → agent reads it       ${legText(toAgent)}`,
    `  agent reads it → writes its answer     ${legText(inAgent)}`,
    `  answer written → driver reads it       ${legText(back)}`,
    `  driver reads it → next request written ${legText(inDriver)}`,
    `  event-loop delay (1 ms resolution)     ${[driver.delay.mean, driver.delay.p50, driver.delay.p90, driver.delay.p99].map((ms) => ms.toFixed(2)).join(' / ')}, max ${driver.delay.max.toFixed(1)}`,
    `  GC during the cases                    ${gcs.length} pauses, ${gcMs.toFixed(0)} ms, longest ${Math.max(0, ...gcs.map(([, ms]) => ms)).toFixed(1)} ms`,
  ];
  const between = checkPhaseBetween(driver.events);
  if (between.size > 0) out.push(`  check phase between a read and a write ${[...between].map(([name, { count, ms, answers }]) => `${name} ×${count} (${ms.toFixed(0)} ms, ${(answers / CASES).toFixed(3)} ms an answer)`).join(', ')}`);
  return out;
}

/** mean / p50 / p90 / p99 of `values`, in ms. */
function legText(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.floor((sorted.length - 1) * p)];
  return [values.reduce((sum, v) => sum + v, 0) / values.length, at(0.5), at(0.9), at(0.99)].map((ms) => ms.toFixed(2)).join(' / ');
}

/** The setImmediate callbacks that ran after a read and before the next write, by name: how many, their time, and that time × the answers of the read. */
function checkPhaseBetween(events) {
  const by = new Map();
  for (let i = 0; i < events.length; i++) {
    if (events[i][0] !== 'read') continue;
    for (let j = i + 1; j < events.length && events[j][0] !== 'write'; j++) {
      const [kind, , ms, name] = events[j];
      if (kind !== 'immediate') continue;
      const entry = by.get(name) ?? { count: 0, ms: 0, answers: 0 };
      entry.count++;
      entry.ms += ms;
      entry.answers += ms * events[i][2];
      by.set(name, entry);
    }
  }
  return by;
}
