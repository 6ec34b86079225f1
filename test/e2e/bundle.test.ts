// The CLI runs as one bundle (dist/cli-bundle/, built by scripts/build-cli.js), not as tsc's
// dist/ modules and their dependencies one file at a time: what a command loads, as an ES-module
// load hook in the CLI's own process sees it. (With the compile cache on, the CLI runs as one
// script instead: test/e2e/code-cache.test.ts.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { traceLoads } from './helpers/loaded-modules.js';
import { agentCommand, BIN, makeProject, REPO } from './helpers/run-cli.js';

const PROJECT = {
  'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
  's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
};

/**
 * The command's exit code, the files of this checkout its process loaded as ES modules (relative
 * to it) and the names of Node's own modules it loaded (`child_process`, `internal/dgram`…).
 */
async function loadedBy(args: string[], project: Record<string, string> = PROJECT): Promise<{ exitCode: number | undefined; loaded: string[]; builtins: string[] }> {
  const dir = makeProject(project);
  const trace = traceLoads(dir);
  const result = await execa('node', [...trace.nodeArgs, BIN, ...args], {
    cwd: dir,
    reject: false,
    // The ES-module bundle's chunks, which run with the compile cache off; with it on, the CLI runs
    // as one script instead (bin/load-cli.js, test/e2e/code-cache.test.ts).
    env: { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', NODE_DISABLE_COMPILE_CACHE: '1', ...trace.env },
  });
  return { exitCode: result.exitCode, ...trace.read() };
}

/** The chunk esbuild made of a lazily imported module ('program' for src/cli/program.ts): `<name>-<hash>.js`. */
const chunkOf = (name: string) => new RegExp(`^dist/cli-bundle/${name}-\\w+\\.js$`);

describe('the bundled CLI', () => {
  it('validate loads bin/agentready.js and the bundle only: no dist/config/*.js, no dependency as its own module, no eval chunk', async () => {
    const { exitCode, loaded } = await loadedBy(['validate']);
    expect(exitCode).toBe(0);
    expect(loaded.slice(0, 2)).toEqual(['bin/agentready.js', 'dist/cli-bundle/main.js']);
    expect(loaded.filter((file) => file !== 'bin/agentready.js' && !file.startsWith('dist/cli-bundle/'))).toEqual([]);
    expect(loaded.some((file) => chunkOf('validate').test(file))).toBe(true);
    expect(loaded.filter((file) => chunkOf('eval').test(file))).toEqual([]);
  });

  it('validate of a project without packs, warnings or baseline loads neither the pack reader, the issue formatter nor the baseline reader', async () => {
    const { exitCode, loaded } = await loadedBy(['validate']);
    expect(exitCode).toBe(0);
    const built = readdirSync(join(REPO, 'dist/cli-bundle')).map((name) => `dist/cli-bundle/${name}`);
    for (const lazy of ['load-packs', 'format-issues', 'baseline']) {
      // Each is a chunk of its own, so a static import of it would show here as loaded.
      expect(built.some((file) => chunkOf(lazy).test(file)), lazy).toBe(true);
      expect(loaded.filter((file) => chunkOf(lazy).test(file)), lazy).toEqual([]);
    }
  });

  it('--version loads no bundle (bin/agentready.js answers from package.json), nor node:v8; -V and a later --version answer the same', async () => {
    const { exitCode, loaded, builtins } = await loadedBy(['--version']);
    expect(exitCode).toBe(0);
    expect(loaded).toEqual(['bin/agentready.js']);
    expect(builtins).not.toContain('v8');
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V'], ['--debug', '--version']]) {
      const result = await execa('node', [BIN, ...args], { reject: false });
      expect(result.stdout, args.join(' ')).toBe(version);
      expect(result.exitCode, args.join(' ')).toBe(0);
    }
  });

  it('--help builds no schema: no chunk it loads holds zod (the parser reads its word lists from zod-free modules)', async () => {
    const { exitCode, loaded } = await loadedBy(['--help']);
    expect(exitCode).toBe(0);
    expect(loaded.some((file) => chunkOf('program').test(file))).toBe(true);
    // esbuild heads each bundled module's code with a `// node_modules/…` line.
    const withZod = (file: string) => readFileSync(join(REPO, file), 'utf8').includes('\n// node_modules/zod/');
    expect(loaded.filter(withZod)).toEqual([]);
    const { loaded: loadedByValidate } = await loadedBy(['validate']);
    expect(loadedByValidate.filter(withZod)).toHaveLength(1);
  });

  it('--help loads no node:crypto (--shard\'s parser is on its path; the hash that places a case loads it when a run shards)', async () => {
    const { exitCode, builtins } = await loadedBy(['--help']);
    expect(exitCode).toBe(0);
    expect(builtins).toContain('fs');
    expect(builtins.filter((name) => /^(internal\/)?crypto(\/|$)/.test(name))).toEqual([]);
  });

  it('validate loads none of Node\'s child-process modules (which commander and init would pull in on load)', async () => {
    const { exitCode, builtins } = await loadedBy(['validate']);
    expect(exitCode).toBe(0);
    // The tracer sees what it should: Node loads fs before any user code.
    expect(builtins).toContain('fs');
    expect(builtins.filter((name) => /^(internal\/)?(child_process|dgram)$/.test(name))).toEqual([]);
  });

  it('eval without --otlp runs the case and leaves the OTLP encoder chunk unloaded', async () => {
    const { exitCode, loaded, builtins } = await loadedBy(['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    // Its agent is local (stdio): Node's https and tls stay unloaded.
    expect(builtins).toContain('http');
    expect(builtins.filter((name) => /^(https|tls)$/.test(name))).toEqual([]);
    // No model call streamed: the SSE parser (a TransformStream) and Node's web streams stay unloaded.
    expect(builtins.filter((name) => /^internal\/webstreams\/(readable|writable|transform)stream$/.test(name))).toEqual([]);
    expect(loaded.filter((file) => chunkOf('stream').test(file))).toEqual([]);
    expect(loaded.some((file) => chunkOf('eval').test(file))).toBe(true);
    expect(loaded.filter((file) => chunkOf('encode').test(file))).toEqual([]);
    // It spawns its agent with node:child_process (adapters/child-spawn.ts): execa, a chunk of its own, stays unloaded but on Windows.
    expect(builtins).toContain('child_process');
    expect(loaded.filter((file) => chunkOf('execa').test(file))).toEqual(process.platform === 'win32' ? [expect.anything()] : []);
    // An agent that never connects to the run's MCP endpoint: the MCP SDK and the case tool server stay unloaded.
    expect(readdirSync(join(REPO, 'dist/cli-bundle')).some((name) => chunkOf('tools').test(`dist/cli-bundle/${name}`))).toBe(true);
    expect(loaded.filter((file) => chunkOf('tools').test(file))).toEqual([]);
    // A project without packs builds none of the packs' schemas, though modules it loads import from schema/index.ts.
    const holds = (module: string) => (file: string) => readFileSync(join(REPO, file), 'utf8').includes(`\n// ${module}\n`);
    expect(loaded.some(holds('src/config/schema/config.ts'))).toBe(true);
    expect(loaded.filter(holds('src/config/schema/adversarial-packs.ts'))).toEqual([]);
  });

  it('eval of a module agent (in process) leaves execa unloaded', async () => {
    const { exitCode, loaded } = await loadedBy(['eval', '--no-gate'], {
      ...PROJECT,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
    });
    expect(exitCode).toBe(0);
    expect(readdirSync(join(REPO, 'dist/cli-bundle')).some((name) => chunkOf('execa').test(`dist/cli-bundle/${name}`))).toBe(true);
    expect(loaded.filter((file) => chunkOf('execa').test(file))).toEqual([]);
  });
});

describe("the agent SDK's bundle", () => {
  it("holds of zod what the SDK's schemas read, not its JSON Schema reader nor its schema compiler (which every stdio agent compiled as it started)", () => {
    const text = readFileSync(join(REPO, 'dist/agent-bundle/serve-stdio.js'), 'utf8');
    const zodModules = [...text.matchAll(/^\/\/ .*node_modules\/zod\/(.+)$/gm)].map(([, file]) => file ?? '');
    // What its schemas are made of is in it.
    expect(zodModules).toEqual(expect.arrayContaining(['v4/core/schemas.js', 'v4/classic/schemas.js']));
    expect(zodModules.filter((file) => /from-json-schema|compile/.test(file))).toEqual([]);
    expect(text).not.toContain('fromJSONSchema');
  });
});
