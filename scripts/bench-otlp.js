// node scripts/bench-otlp.js: `agentready score <file> --unlabeled` of a generated OTLP/JSON file of
// BENCH_OTLP_SPANS spans (100,000 by default: 12,500 production traces, each an invoke_agent span,
// model calls with usage and messages, tool calls with arguments and results, an HTTP span), one
// export request per line (BENCH_OTLP_DOC=1: one pretty-printed document), 3 runs: wall time, CPU
// and peak RSS of the process, medians. Not in `npm run bench`: a run takes over 10 s.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const SPANS = Number(process.env.BENCH_OTLP_SPANS ?? 100000);
const RUNS = 3;

let ids = 0;
const hex = (n) => createHash('sha1').update(String(ids++)).digest('hex').slice(0, n);
const text = (key, value) => ({ key, value: { stringValue: value } });
const int = (key, value) => ({ key, value: { intValue: String(value) } });
const messages = (role, parts, extra = {}) => JSON.stringify([{ role, parts, ...extra }]);

/** One production trace's spans: agent, model calls, tool calls between them, an HTTP span. */
function traceSpans(n) {
  const traceId = hex(32);
  const agentId = hex(16);
  const start = 1772359200000000000n + BigInt(n) * 5000000000n;
  const question = `Where is my order A-${n}? Email me at jane.doe@example.com`;
  const answer = `Your order A-${n} was delivered. ${'Details follow. '.repeat(10 + (n % 20))}`;
  const span = (fields, at, ms) => ({ traceId, parentSpanId: agentId, kind: 1, startTimeUnixNano: String(at), endTimeUnixNano: String(at + BigInt(ms) * 1000000n), droppedAttributesCount: 0, events: [], status: {}, links: [], flags: 257, ...fields });
  const spans = [span({ spanId: agentId, parentSpanId: '', name: 'invoke_agent Support Agent', attributes: [text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.name', 'Support Agent'), text('gen_ai.input.messages', messages('user', [{ type: 'text', content: question }])), text('gen_ai.output.messages', messages('assistant', [{ type: 'text', content: answer }], { finish_reason: 'stop' }))], status: n % 17 === 0 ? { code: 2, message: 'upstream timeout' } : {} }, start, 2400)];
  let at = start + 10000000n;
  const tools = 1 + (n % 4);
  for (let c = 0; c <= tools; c++) {
    const callId = `call_${hex(8)}`;
    const output = c < tools ? messages('assistant', [{ type: 'tool_call', id: callId, name: 'lookup_order', arguments: { order_id: `A-${n}` } }]) : messages('assistant', [{ type: 'text', content: answer }]);
    spans.push(span({ spanId: hex(16), name: 'chat gpt-4o-mini', kind: 3, attributes: [text('gen_ai.operation.name', 'chat'), text('gen_ai.request.model', 'gpt-4o-mini'), int('gen_ai.usage.input_tokens', 200 + ((n * 7 + c) % 800)), int('gen_ai.usage.output_tokens', 20 + ((n * 3 + c) % 200)), text('gen_ai.input.messages', messages('user', [{ type: 'text', content: question }])), text('gen_ai.output.messages', output)] }, at, 300));
    at += 320000000n;
    if (c === tools) break;
    const name = c % 3 === 2 ? 'issue_refund' : 'lookup_order';
    const args = name === 'issue_refund' ? { order_id: `A-${n}`, amount: 20 + (n % 150) } : { order_id: `A-${n}` };
    spans.push(span({ spanId: hex(16), name: `execute_tool ${name}`, attributes: [text('gen_ai.operation.name', 'execute_tool'), text('gen_ai.tool.name', name), text('gen_ai.tool.call.id', callId), text('gen_ai.tool.call.arguments', JSON.stringify(args)), text('gen_ai.tool.call.result', JSON.stringify({ order_id: `A-${n}`, status: 'delivered' }))] }, at, 50));
    at += 60000000n;
  }
  spans.push(span({ spanId: hex(16), name: 'GET /orders', kind: 3, attributes: [text('http.request.method', 'GET'), int('http.response.status_code', 200)] }, at, 1));
  return spans;
}

const batches = [];
for (let n = 0, count = 0, batch = []; count < SPANS; n++) {
  const spans = traceSpans(n);
  batch.push(...spans);
  count += spans.length;
  if (batch.length >= 500 || count >= SPANS) batches.push(batch.splice(0));
}
const request = (spans) => ({ resource: { attributes: [text('service.name', 'support-bot')] }, scopeSpans: [{ scope: { name: 'support-bot.agents' }, spans }] });
const folder = mkdtempSync(join(tmpdir(), 'agentready-bench-otlp-'));
const file = join(folder, 'prod.otlp.json');
writeFileSync(file, process.env.BENCH_OTLP_DOC ? `${JSON.stringify({ resourceSpans: batches.map(request) }, null, 2)}\n` : `${batches.map((b) => JSON.stringify({ resourceSpans: [request(b)] })).join('\n')}\n`);
writeFileSync(join(folder, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [orders.suite.yaml]\npricing: { gpt-4o-mini: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }\n');
writeFileSync(join(folder, 'orders.suite.yaml'), 'suite: orders\ntools:\n  - name: lookup_order\n  - name: issue_refund\n    tier: approve\n    effects: [money]\ncases:\n  - id: order-status\n    input: "Where is my order?"\n    expect: { outcome: completed }\n');

const runs = Array.from({ length: RUNS }, () => {
  const t = performance.now();
  const child = spawnSync(process.execPath, [join(REPO, 'scripts/bench-child.js'), 'score', file, '--unlabeled'], { cwd: folder, env: { ...process.env, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  if (child.status !== 0 && child.status !== 1) {
    process.stderr.write(`bench-otlp: score exited ${child.status}\n${child.stderr.slice(-4000)}\n`);
    process.exit(1);
  }
  rmSync(join(folder, '.agentready'), { recursive: true, force: true });
  return { wall: performance.now() - t, ...JSON.parse(child.output[3]) };
});
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`score --unlabeled, ${SPANS} OTLP spans (${(statSync(file).size / 1e6).toFixed(0)} MB, ${process.env.BENCH_OTLP_DOC ? 'one document' : 'a request per line'}), median of ${RUNS}: wall ${(median(runs.map((r) => r.wall)) / 1000).toFixed(1)} s, CPU ${(median(runs.map((r) => r.cpu_us)) / 1e6).toFixed(1)} s, peak RSS ${(median(runs.map((r) => r.max_rss_kb)) / 1024).toFixed(0)} MiB`);
rmSync(folder, { recursive: true, force: true });

