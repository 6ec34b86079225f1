// Loaded with --import into the processes of `npm run bench:latency` (scripts/bench-latency.js):
// the harness (or the bare driver, scripts/bench-floor.js) and the bench agent. It notes when each
// `run` request is written and read and when each answer is written and read (the pipes' own
// write() and 'data', patched on net.Socket), the event loop's delay from the first `run` on
// (monitorEventLoopDelay, 1 ms resolution), every GC (a PerformanceObserver), and in the driver
// each setImmediate callback (its function's name and time: the harness records cases in the
// check phase). At exit (the agent: also at the end of stdin and on SIGTERM, which the floor
// sends) it writes what it noted as JSON to BENCH_LATENCY_DIR/<role>-<pid>.json.
import fs from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const dir = process.env.BENCH_LATENCY_DIR;
const isAgent = process.argv.some((arg) => arg.includes('agent-fixed-latency'));
const role = isAgent ? 'agent' : process.argv.some((arg) => arg.includes('bench-floor')) ? 'floor' : 'harness';
const RUN = '"method":"run"';
const ANSWER = '"result"';

const noted = {
  role,
  /** performance.timeOrigin: the processes' times on one clock. */
  origin: performance.timeOrigin,
  /** Driver: when each run request was written; agent: when each was read. */
  requests: [],
  /** Driver: when each answer was read; agent: when each was written (the first: initialize's). */
  answers: [],
  /** The driver's reads and writes in order: ['read', time, answers] and ['write', time, requests], and ['immediate', time, ms, name]. */
  events: [],
  gcs: [],
  delay: null,
};
const delay = monitorEventLoopDelay({ resolution: 1 });
let casesBegun = false;

/** How often `pattern` occurs in `text`. */
function count(text, pattern) {
  let found = 0;
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) found++;
  return found;
}

const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (data, ...rest) {
  if (typeof data === 'string' && this !== process.stderr) {
    const now = performance.now();
    const found = count(data, isAgent ? ANSWER : RUN);
    for (let i = 0; i < found; i++) (isAgent ? noted.answers : noted.requests).push(now);
    if (found > 0 && !isAgent) {
      noted.events.push(['write', now, found]);
      if (!casesBegun) {
        casesBegun = true;
        delay.enable();
      }
    }
  }
  return write.call(this, data, ...rest);
};
const emit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (event, chunk, ...rest) {
  if (event === 'data' && this !== process.stderr) {
    const now = performance.now();
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const found = count(text, isAgent ? RUN : ANSWER);
    for (let i = 0; i < found; i++) (isAgent ? noted.requests : noted.answers).push(now);
    if (found > 0 && !isAgent) noted.events.push(['read', now, found]);
  }
  return emit.call(this, event, chunk, ...rest);
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) noted.gcs.push([entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });
if (!isAgent) {
  const setImmediate = globalThis.setImmediate;
  globalThis.setImmediate = (callback, ...args) =>
    setImmediate(() => {
      const start = performance.now();
      try {
        callback(...args);
      } finally {
        if (casesBegun) noted.events.push(['immediate', start, performance.now() - start, callback.name || '(anonymous)']);
      }
    });
}

let written = false;
function writeNoted() {
  if (written) return;
  written = true;
  if (casesBegun) noted.delay = { mean: delay.mean / 1e6, p50: delay.percentile(50) / 1e6, p90: delay.percentile(90) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  fs.writeFileSync(join(dir, `${role}-${process.pid}.json`), JSON.stringify(noted));
}
process.on('exit', writeNoted);
if (isAgent) {
  process.stdin.on('end', writeNoted);
  process.on('SIGTERM', () => {
    writeNoted();
    process.exit(0);
  });
}
