// Node's own compile cache (Node 22 and 24; bin/load-cli.js turns it on beside the CLI script's
// cache) for the package's dependencies loaded on first use (config/package-root.ts packageRequire):
// V8 takes a module's cached code only under the V8 flags it was made with, so they load under
// Node's own flags, whatever the command has set (run/heap.ts). Node 20 has no such cache: there
// the debug output names no module at all.
import nodeModule from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, REPO, runCli, type CliResult } from './helpers/run-cli.js';

/** Whether this Node has a compile cache that a process turns on for itself (22.1+; the CLI runs on the Node the tests run on). */
const NODE_COMPILE_CACHE = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const MIB = 1024 * 1024;
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The modules under node_modules/<name>/ whose cached code Node took (`accepted`) or compiled again (`rejected`) in a run with NODE_DEBUG_NATIVE=COMPILE_CACHE. */
function cacheVerdicts(result: CliResult, name: string): { accepted: number; rejected: string[] } {
  const lines = result.stderr.split('\n').filter((line) => line.includes(`/node_modules/${name}/`));
  return {
    accepted: lines.filter((line) => line.includes('was accepted')).length,
    rejected: lines.filter((line) => line.includes('was rejected')),
  };
}

describe("Node's compile cache of the package's dependencies", () => {
  it('is taken whichever command made it: validate after eval and eval after validate read yaml from it, compiling nothing again', async () => {
    const dir = makeProject({});
    const tmp = mkdtempSync(join(tmpdir(), 'agentready-node-cache-test-'));
    temps.push(tmp);
    // The project `init` writes: its suite is read with the yaml package, by validate and by eval.
    const init = await runCli(dir, ['init', '--adapter', 'module']);
    expect(init.exitCode, init.stderr).toBe(0);
    // The first run of each command makes the script's cache, with Node's off (bin/load-cli.js); the third is eval's first with it on.
    for (const command of ['eval', 'validate', 'eval']) {
      const result = await runCli(dir, [command], { TMPDIR: tmp });
      expect(result.exitCode, `${command}: ${result.stderr}`).toBe(0);
    }
    const debug = { TMPDIR: tmp, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    // Under the command's flags, eval (the young generation growing while its code loads) made yaml's cache under flags validate does not have, and each rejected the other's.
    const validated = await runCli(dir, ['validate'], debug);
    const evaluated = await runCli(dir, ['eval'], debug);
    for (const [command, result] of [['validate', validated], ['eval', evaluated]] as const) {
      expect(result.exitCode, `${command}: ${result.stderr.slice(-2000)}`).toBe(0);
      const yaml = cacheVerdicts(result, 'yaml');
      expect(yaml.rejected, command).toEqual([]);
      expect(yaml.accepted > 0, `${command}: yaml's modules read from Node's compile cache`).toBe(NODE_COMPILE_CACHE);
    }
  });

  it("loads them with the command's young generation held: the synchronous load grows it no more than the command would", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'agentready-node-cache-test-'));
    temps.push(tmp);
    const script = `import nodeModule from 'node:module';
import { getHeapSpaceStatistics } from 'node:v8';
nodeModule.enableCompileCache?.(${JSON.stringify(tmp)});
const heap = await import(${JSON.stringify(join(REPO, 'dist/run/heap.js'))});
const { packageRequire } = await import(${JSON.stringify(join(REPO, 'dist/config/package-root.js'))});
const young = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
heap.tightenHeapGrowth();
const before = young();
packageRequire('yaml');
packageRequire('ajv/dist/2020.js');
console.log(JSON.stringify({ before, after: young() }));`;
    // --no-separate-gc-phases: as test/e2e/heap.test.ts reads the young generation's size (Node 24's V8 lends it pages while a full collection marks).
    const { stdout } = await execa(process.execPath, ['--no-separate-gc-phases', '--input-type=module', '-e', script]);
    const { before, after } = JSON.parse(stdout) as { before: number; after: number };
    // Held at its first size (1 MiB a semi-space, the second one committed at the first collection, as test/e2e/heap.test.ts reads it).
    expect(before).toBeLessThanOrEqual(2 * MIB);
    expect(after).toBeLessThanOrEqual(2 * MIB);
  });
});
