// What a command's code initializes as it loads, in the CLI script (dist/cli-script/main.cjs, which
// every command runs when it has a code cache: docs/architecture.md, "The build"). esbuild wraps each
// lazily loaded module in an `__esm` init whose body first calls the inits of the modules it imports,
// so a module's static imports, followed from a command's own modules, are what that command builds
// before it runs anything: read here from the script's text, with no process. (The ES-module bundle,
// what test/e2e/bundle.test.ts traces, loads whole chunks past the folders' index files instead.)
// And Node's own modules a command loads through the script, read by a CommonJS preload: the
// ES-module tracer of bundle.test.ts would load Node's ES-module loader, and node:fs/promises with it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, REPO, runCli } from './helpers/run-cli.js';

/** Writes Node's modules the CLI's process (not its agent's) loaded to BUILTINS_LOG at its exit. */
const BUILTINS_PRELOAD = `if (process.argv[1]?.endsWith('agentready.js')) process.on('exit', () => require('node:fs').writeFileSync(process.env.BUILTINS_LOG, process.moduleLoadList.join('\\n')));\n`;

/** Runs the CLI in `dir` with BUILTINS_PRELOAD: its exit code and Node's own modules it loaded (`fs`, `internal/fs/promises`…). */
async function builtinsOf(dir: string, args: string[]): Promise<{ exitCode: number | undefined; builtins: string[] }> {
  const log = join(dir, 'builtins.log');
  writeFileSync(join(dir, 'builtins.cjs'), BUILTINS_PRELOAD);
  const { exitCode } = await runCli(dir, args, { NODE_OPTIONS: `--require ${join(dir, 'builtins.cjs')}`, BUILTINS_LOG: log });
  const builtins = readFileSync(log, 'utf8').split('\n').flatMap((line) => (line.startsWith('NativeModule ') ? [line.slice('NativeModule '.length)] : []));
  return { exitCode, builtins };
}

/** Each wrapped module of the script (`src/run/plan.ts`) and the modules its init initializes first. */
function moduleInits(script: string): Map<string, string[]> {
  const pathOf = new Map<string, string>();
  const bodies = new Map<string, string>();
  // `var init_plan = __esm({\n  "src/run/plan.ts"() {\n    "use strict";\n    init_case_keys();\n … \n  }\n});`
  for (const match of script.matchAll(/^var (init_\w+) = __esm\(\{\n {2}"([^"]+)"\(\) \{\n([\s\S]*?)\n {2}\}\n\}\);$/gm)) {
    pathOf.set(match[1]!, match[2]!);
    bodies.set(match[2]!, match[3]!);
  }
  // The body's own statements (four spaces in): an init called in a function below is a lazy import, made when that function runs.
  return new Map([...bodies].map(([path, body]) => [path, [...body.matchAll(/^ {4}(init_\w+)\(\);$/gm)].map((call) => pathOf.get(call[1]!) ?? call[1]!)]));
}

/** The wrapped module of the script whose init assigns `name` (`TraceSchema = …`), if any. */
function assigningModule(script: string, name: string): string | undefined {
  for (const match of script.matchAll(/^var init_\w+ = __esm\(\{\n {2}"([^"]+)"\(\) \{\n([\s\S]*?)\n {2}\}\n\}\);$/gm)) {
    if (match[2]!.includes(`\n    ${name} = `)) return match[1]!;
  }
  return undefined;
}

/** The modules `roots` initialize as they load, themselves included. */
function initializedBy(inits: Map<string, string[]>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const next = [...roots];
  for (let path = next.pop(); path !== undefined; path = next.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    next.push(...(inits.get(path) ?? []));
  }
  return seen;
}

describe('the CLI script', () => {
  const script = readFileSync(join(REPO, 'dist/cli-script/main.cjs'), 'latin1');
  const inits = moduleInits(script);

  it('eval builds the schemas it reads (the config\'s, the suites\', the agent protocol\'s) and none of the readers of earlier runs (summary.json, results.jsonl, the baseline) nor of traces files', () => {
    // eval.ts loads first, eval-run.ts once the agent is spawned: together, what every eval initializes.
    const evalInits = initializedBy(inits, ['src/cli/actions/eval.ts', 'src/cli/actions/eval-run.ts']);
    // The reading follows what the script holds: the run's judges (lifecycle/judges.ts) and its config schema are there.
    for (const module of ['src/lifecycle/judges.ts', 'src/run/plan.ts', 'src/config/schema/config.ts', 'src/adapters/protocol.ts', 'src/config/schema/reported-call.ts']) {
      expect(evalInits.has(module), module).toBe(true);
    }
    // recorded.ts: the lines of a traces file for `agentready score`, whose one schema an agent's answer holds (its tool_calls) is reported-call.ts.
    for (const module of ['src/run/read-run.ts', 'src/config/schema/summary.ts', 'src/config/schema/results.ts', 'src/config/schema/baseline.ts', 'src/config/schema/recorded.ts']) {
      expect(evalInits.has(module), module).toBe(false);
    }
  });

  // Only the readers of traces files parse whole traces: the ~60 fields of their schemas (with their
  // descriptions) took ~8-10 ms to build as every eval loaded, before its first case.
  it("eval builds none of a whole trace's schemas (the trace, its tool calls, approvals, usage, policy decisions, turns)", () => {
    const evalInits = initializedBy(inits, ['src/cli/actions/eval.ts', 'src/cli/actions/eval-run.ts']);
    for (const name of ['TraceSchema', 'ToolCallRecordSchema', 'ApprovalRecordSchema', 'UsageRecordSchema', 'PolicyDecisionSchema', 'TurnRecordSchema']) {
      const module = assigningModule(script, name);
      expect(module, name).toBeDefined();
      expect(evalInits.has(module!), `${name} (${module})`).toBe(false);
    }
    // What eval's own path reads of a trace is still built: the outcomes an agent answers with.
    expect(evalInits.has(assigningModule(script, 'OutcomeSchema')!)).toBe(true);
  });

  it('a stdio eval loads no node:fs/promises (a report file, a cassette, the baseline load it as they are read or written): --reporter json writes its file', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const plain = await builtinsOf(dir, ['eval', '--no-gate']);
    expect(plain.exitCode).toBe(0);
    // The preload sees what it should: Node loads fs before any user code.
    expect(plain.builtins).toContain('fs');
    expect(plain.builtins.filter((name) => /^(internal\/)?fs\/promises$/.test(name))).toEqual([]);
    const reported = await builtinsOf(dir, ['eval', '--no-gate', '--reporter', 'json:report.json']);
    expect(reported.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ format: 'agentready-report', version: 1 });
    expect(reported.builtins).toContain('fs/promises');
  });
});
