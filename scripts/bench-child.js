// Runs the CLI in this process and, at exit, reports this process's own CPU time and peak
// RSS on fd 3 — the harness's cost, apart from the agent's process.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';

// As bin/agentready.js loads it: the CLI script with its code cache.
const { main } = await createRequire(import.meta.url)('../bin/load-cli.js').loadCli();

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const { maxRSS } = process.resourceUsage();
  writeSync(3, JSON.stringify({ cpu_us: cpu.user + cpu.system, max_rss_kb: maxRSS }));
});
await main(process.argv);
