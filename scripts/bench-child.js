// Runs the CLI in this process and, at exit, reports this process's own CPU time and peak
// RSS on fd 3 — the harness's cost, apart from the agent's process. On Linux, also its main
// thread's CPU time (scripts/thread-cpu.js; the rest is its other threads', those that ended
// before the exit included, which /proc/self/task no longer lists), and the main thread's and the
// process's at the opening and the closing of the run's results.jsonl (casePhase), and after each
// thousandth case's result line in it (the case phase's curve: V8's compiles of the cases' code and
// that code running unoptimised until then are most of the first thousands' CPU).
import fs, { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { ownThreadTicks } from './thread-cpu.js';

// As bin/agentready.js loads it: the CLI script with its code cache.
const { main } = await createRequire(import.meta.url)('../bin/load-cli.js').loadCli();

const NEWLINE = 10;
/** Cases between two marks of the case phase's curve. */
const MARK_EVERY = 1000;

const phase = casePhase();
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const { maxRSS } = process.resourceUsage();
  // Read after the figures above, which stay what they were.
  const mainTicks = ownThreadTicks();
  writeSync(3, JSON.stringify({ cpu_us: cpu.user + cpu.system, max_rss_kb: maxRSS, ...(mainTicks === undefined ? {} : { main_ticks: mainTicks }), ...(phase.start && phase.end ? { case_phase: phase } : {}) }));
});
await main(process.argv);

/**
 * The CPU time of the main thread (clock ticks) and of the process (µs) as the run opens its
 * results.jsonl (RunFolder.create: its header line, just before the first case starts) and as it
 * closes it (just after the last case's result is written): the case phase, taken from the
 * CLI's own fs calls, so agentready runs as it always does. fs.openSync and fs.closeSync are
 * wrapped until then (the CLI script calls them off the module object) and put back after.
 */
function casePhase() {
  const phase = { start: undefined, end: undefined, marks: [] };
  const { openSync, closeSync, writeSync: writeLines } = fs;
  const now = () => {
    const ticks = ownThreadTicks();
    const cpu = process.cpuUsage();
    return ticks === undefined ? undefined : { main_ticks: ticks, cpu_us: cpu.user + cpu.system };
  };
  let results;
  fs.openSync = function (path, ...rest) {
    const fd = openSync.call(this, path, ...rest);
    if (results === undefined && typeof path === 'string' && path.endsWith(`${sep}results.jsonl`)) {
      results = fd;
      phase.start = now();
    }
    return fd;
  };
  // Newlines written to results.jsonl: its header's, then one a case (RunFolder writes whole lines).
  let lines = 0;
  fs.writeSync = function (fd, buffer, ...rest) {
    const written = writeLines.call(this, fd, buffer, ...rest);
    if (fd === results && typeof buffer !== 'string') {
      const offset = typeof rest[0] === 'number' ? rest[0] : 0;
      for (let at = buffer.indexOf(NEWLINE, offset); at !== -1 && at < offset + written; at = buffer.indexOf(NEWLINE, at + 1)) {
        lines++;
        if (lines > 1 && (lines - 1) % MARK_EVERY === 0) phase.marks.push({ cases: lines - 1, ...now() });
      }
    }
    return written;
  };
  fs.closeSync = function (fd) {
    if (fd === results) {
      phase.end = now();
      fs.openSync = openSync;
      fs.closeSync = closeSync;
      fs.writeSync = writeLines;
    }
    return closeSync.call(this, fd);
  };
  return phase;
}
