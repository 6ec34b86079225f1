// Imports follow the flow a case takes (DEVELOPERS.md): a folder may import only the folders
// listed for it. A backwards arrow means the design is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

const ALLOWED: Record<string, string[]> = {
  errors: [],
  config: ['config', 'errors'],
  common: ['common', 'config', 'errors'],
  adapters: ['adapters', 'config', 'errors', 'common'],
  environment: ['environment', 'adapters', 'config', 'errors', 'common'],
  score: ['score', 'config', 'errors', 'common'],
  run: ['run', 'adapters', 'environment', 'score', 'config', 'errors', 'common'],
  gate: ['gate', 'score', 'config', 'errors', 'common'],
  report: ['report', 'gate', 'score', 'config', 'errors', 'common'],
  // The agent side of the protocol (the package's `exports`): imported by users' agents, never by the harness.
  agent: ['agent', 'adapters', 'config', 'errors', 'common'],
  lifecycle: ['lifecycle', 'report', 'gate', 'run', 'score', 'config', 'errors', 'common'],
  cli: ['cli', 'lifecycle', 'report', 'gate', 'run', 'score', 'environment', 'adapters', 'config', 'errors', 'common'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The top folder of src/ a file belongs to ('errors' for src/errors.ts). */
function roomOf(file: string): string {
  const [first] = relative(SRC, file).split(/[\\/]/);
  return first!.replace(/\.(ts|js)$/, '');
}

/** Packages a file imports at run time (type-only imports are erased), and its relative imports. */
function runtimeImports(file: string): { packages: string[]; relatives: string[] } {
  const text = readFileSync(file, 'utf8');
  const packages: string[] = [];
  const relatives: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (match[1]) continue;
    const target = match[2]!;
    if (target.startsWith('.')) relatives.push(resolve(dirname(file), target.replace(/\.js$/, '.ts')));
    else packages.push(target);
  }
  return { packages, relatives };
}

describe('import flow', () => {
  it("the agent side (the package's exports) loads no more than zod and Node's own modules", () => {
    const seen = new Set<string>();
    const queue = [...sourceFiles(join(SRC, 'agent'))];
    const packages = new Set<string>();
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const { packages: imported, relatives } = runtimeImports(file);
      for (const name of imported) if (name !== 'zod' && !name.startsWith('node:')) packages.add(`${relative(SRC, file)} → ${name}`);
      queue.push(...relatives);
    }
    expect(seen.size).toBeGreaterThan(3);
    expect([...packages]).toEqual([]);
  });

  it("the agent SDK's serveStdio builds only the schemas it reads: agent-messages.ts, not protocol.ts's others nor a trace's (~10 ms of CPU at every agent's start)", () => {
    const seen = new Set<string>();
    const queue = [join(SRC, 'agent/serve-stdio.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...runtimeImports(file).relatives);
    }
    const reached = [...seen].map((file) => relative(SRC, file).replaceAll('\\', '/'));
    expect(reached).toContain('adapters/agent-messages.ts');
    // A zod-free word list there (`run-modes.ts`) builds no schema.
    const buildsSchemas = (file: string) => file.startsWith('config/schema/') && runtimeImports(join(SRC, file)).packages.includes('zod');
    expect(reached.filter((file) => file === 'adapters/protocol.ts' || buildsSchemas(file)).sort()).toEqual(['config/schema/json-object.ts', 'config/schema/message.ts', 'config/schema/reported-cost.ts']);
  });

  it('every import in src/ goes only to a folder its folder may use', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const room = roomOf(file);
      const allowed = ALLOWED[room];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder ${room} is not in the layout`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        const target = roomOf(resolve(dirname(file), match[1]!));
        if (!allowed.includes(target)) violations.push(`${relative(SRC, file)} imports ${match[1]} (${room} → ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
