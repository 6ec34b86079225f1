// The floor of the bench's stdio row: the same agent (fixtures/agents/agent-fixed-latency.js), the
// same cases and concurrency, driven by nothing but agentready's own JSON-RPC peer — no suites,
// environment, scoring, run folder or reports. What its case phase takes over the ideal is the
// agent's (its timers' overshoot, its event loop, the pipe), which no harness can remove; what
// agentready's case phase takes beyond it is the harness's. Prints one JSON line on stdout:
// { agent_boot_ms, cases_ms, cpu_us } (this process's CPU: the driver's).
// Usage: node scripts/bench-floor.js <cases> <concurrency> <latency ms>
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { JsonRpcPeer } from '../dist/adapters/jsonrpc.js';
import { BatchedWriter } from '../dist/adapters/batched-writer.js';
import { METHODS } from '../dist/adapters/protocol.js';

const [cases, concurrency, latencyMs] = process.argv.slice(2).map(Number);
const agent = spawn(process.execPath, [resolve(import.meta.dirname, '../fixtures/agents/agent-fixed-latency.js')], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, AGENT_LATENCY_MS: String(latencyMs), AGENT_CONCURRENCY: String(concurrency) },
});
const stdin = new BatchedWriter(agent.stdin);
const peer = new JsonRpcPeer({
  write: (line) => stdin.write(line),
  // The agent's usage reports: taken and dropped.
  notifications: { [METHODS.usage]: () => undefined },
  onProblem: (problem) => {
    throw new Error(`the bench agent wrote ${problem.kind}: ${problem.message}`);
  },
  excerpt: (line) => line.slice(0, 200),
});
agent.stdout.on('data', (chunk) => peer.feed(chunk));

const params = (i) => ({
  trace_id: String(i).padStart(32, '0'),
  case: { id: `case-${i}`, input: `question ${i}`, context: {} },
  turn: 1,
  messages: [{ role: 'user', content: `question ${i}` }],
  tools: [],
  mode: 'normal',
  budgets: {},
  timeout_ms: 10_000,
  token: 'bench',
  // Every run carries its case's model gateway (SPEC §16); the floor sends URLs of the same shape.
  models: { openai_base_url: `http://127.0.0.1:1/cases/${String(i).padStart(32, '0')}/openai/v1`, anthropic_base_url: `http://127.0.0.1:1/cases/${String(i).padStart(32, '0')}/anthropic` },
});

const started = performance.now();
await peer.request(METHODS.initialize, { protocol_version: 1 }).response;
const ready = performance.now();
let sent = 0;
await new Promise((done) => {
  let finished = 0;
  const next = () => {
    if (sent === cases) return;
    const i = sent++;
    void peer.request(METHODS.run, params(i)).response.then(() => (++finished === cases ? done() : next()));
  };
  for (let k = 0; k < concurrency; k++) next();
});
const end = performance.now();
const cpu = process.cpuUsage();
agent.kill();
process.stdout.write(`${JSON.stringify({ agent_boot_ms: ready - started, cases_ms: end - ready, cpu_us: cpu.user + cpu.system })}\n`);
