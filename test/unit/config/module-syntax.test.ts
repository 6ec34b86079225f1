// validate parses a module target's agent module, never importing it (that would run the agent's
// code): a syntax error is an error at target.module naming the module's file, line and column.
// (A module whose import threw a SyntaxError is located by the same parse: vitest imports through
// vite, not Node, so test/e2e/bad-input.test.ts checks that.)
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/config/index.js';
import { agentModuleSyntaxError, syntaxErrorIn } from '../../../src/config/module-syntax.js';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-module-syntax-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const SUITE = 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n';
const config = (module: string) => `target: { adapter: module, module: ${module} }\nsuites: [evals/*.suite.yaml]\n`;
const BROKEN = 'export default async function agent(task) {\n  return { outcome: "completed", output: 1 ;\n}\n';

async function checked(cwd: string, parseAgentModule = true) {
  return checkConfig({ names: namesRedactionChanges, cwd, env: {}, parseAgentModule }).then(() => undefined, (error: unknown) => error);
}

describe("validate's parse of the agent module", () => {
  it('is an error at target.module naming where the module does not parse (JS and TS)', async () => {
    const js = await checked(project({ 'agentready.config.yaml': config('./agent.mjs'), 'agent.mjs': BROKEN, 'evals/a.suite.yaml': SUITE }));
    expect(js).toBeInstanceOf(ConfigError);
    expect((js as ConfigError).issues).toEqual([expect.objectContaining({
      file: 'agentready.config.yaml', line: 1, column: 36, path: 'target.module', code: 'module_syntax',
      found: '"./agent.mjs" (agent.mjs:2:44: Expected "}" but found ";")',
    })]);
    const ts = await checked(project({ 'agentready.config.yaml': config('./agent/main.ts'), 'agent/main.ts': 'export default async (task: unknown) => {\n  const = 1;\n};\n', 'evals/a.suite.yaml': SUITE }));
    expect((ts as ConfigError).issues.map((issue) => issue.found)).toEqual([expect.stringMatching(/^"\.\/agent\/main\.ts" \(agent\/main\.ts:2:9: /)]);
  });

  it('runs none of the module: a module that parses is valid, and its top-level code never ran', async () => {
    const marker = path.join(tmpdir(), `agentready-ran-${process.pid}-${Date.now()}`);
    const root = project({
      'agentready.config.yaml': config('./agent.mjs'),
      'agent.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nconst answer = await Promise.resolve(1);\nexport default async () => ({ outcome: 'completed', output: answer });\n`,
      'evals/a.suite.yaml': SUITE,
    });
    expect(await checked(root)).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('is an error at target.module when the module exports no default, naming what it exports; CommonJS passes', async () => {
    const named = await checked(project({ 'agentready.config.yaml': config('./agent.mjs'), 'agent.mjs': 'export const name = "bot";\nexport async function agent() {}\n', 'evals/a.suite.yaml': SUITE }));
    expect((named as ConfigError).issues).toEqual([expect.objectContaining({
      line: 1, column: 36, path: 'target.module', code: 'module_no_default', found: '"./agent.mjs" (no default export; its exports: agent, name)',
    })]);
    for (const [file, text] of [['agent.cjs', 'module.exports = async () => ({ outcome: "completed", output: "" });\n'], ['agent.ts', 'export default async (task: unknown) => ({ outcome: "completed" as const, output: String(task) });\n'], ['agent.mjs', 'export { default } from "./impl.mjs";\n']] as const) {
      expect(await checked(project({ 'agentready.config.yaml': config(`./${file}`), [file]: text, 'evals/a.suite.yaml': SUITE })), file).toBeUndefined();
    }
  });

  it('is an error for a module with no export at all: a stdio agent (serveStdio) told to run as one, a star re-export told it passes on no default', async () => {
    // The agent.mjs `init --adapter stdio` writes, named as a module target: eval would find no default export.
    const stdio = "import { serveStdio } from 'agentready-cli/agent';\nimport support from './support.mjs';\n\nserveStdio(support, { name: 'support-agent' });\n";
    const served = await checked(project({ 'agentready.config.yaml': config('./agent.mjs'), 'agent.mjs': stdio, 'evals/a.suite.yaml': SUITE }));
    expect((served as ConfigError).issues).toEqual([expect.objectContaining({
      path: 'target.module', code: 'module_no_default',
      found: '"./agent.mjs" (no default export; no export of its own): it calls serveStdio, so it is a stdio agent, which runs in a process of its own: target: { adapter: stdio, command: [node, agent.mjs] }, or module: the file whose default export is the agent\'s function',
    })]);
    const star = await checked(project({ 'agentready.config.yaml': config('./agent.mjs'), 'agent.mjs': 'export * from "./impl.mjs";\n', 'evals/a.suite.yaml': SUITE }));
    expect((star as ConfigError).issues.map((issue) => issue.found)).toEqual(['"./agent.mjs" (no default export; no export of its own): export * from passes on no default: export { default } from the module that has it']);
  });

  it('is left to the commands that ask for it (validate), and says nothing of a module that is not there', async () => {
    expect(await checked(project({ 'agentready.config.yaml': config('./agent.mjs'), 'agent.mjs': BROKEN, 'evals/a.suite.yaml': SUITE }), false)).toBeUndefined();
    expect(await checked(project({ 'agentready.config.yaml': config('./missing.mjs'), 'evals/a.suite.yaml': SUITE }))).toBeUndefined();
  });
});

describe('syntaxErrorIn', () => {
  it('says nothing of a module that parses: CommonJS, a hashbang, top-level await, TypeScript', async () => {
    const root = project({
      'a.cjs': 'module.exports = async () => ({ outcome: "completed" });\n',
      'b.mjs': '#!/usr/bin/env node\nawait 0;\nexport default 1;\n',
      'c.ts': 'type T = { a: number };\nexport default (t: T): number => t.a!;\n',
    });
    for (const file of ['a.cjs', 'b.mjs', 'c.ts']) expect(await syntaxErrorIn(path.join(root, file))).toBeUndefined();
  });
});

describe('agentModuleSyntaxError', () => {
  it("is a usage error in validate's words for a syntax error in the module's own file, by its path or, through a symbolic link, its real one", async () => {
    const root = project({ 'real/agent.mjs': BROKEN });
    symlinkSync(path.join(root, 'real'), path.join(root, 'linked'));
    const real = path.join(root, 'real/agent.mjs');
    const error = await syntaxErrorIn(real);
    for (const file of [real, path.join(root, 'linked/agent.mjs')]) {
      const usage = agentModuleSyntaxError(error, { file, shown: 'agent.mjs' });
      expect(usage).toBeInstanceOf(UsageError);
      expect(usage?.message).toBe('the agent module agent.mjs does not parse: agent.mjs:2:44: Expected "}" but found ";"');
      expect(usage?.hint).toBe('Fix agent.mjs, then run `agentready validate` to check it without running the agent.');
    }
  });

  it('is nothing for a syntax error elsewhere (a module it imports) or thrown while it loads: the agent did not start', async () => {
    const root = project({ 'agent.mjs': 'export default 1;\n', 'lib.mjs': BROKEN });
    const file = path.join(root, 'agent.mjs');
    expect(agentModuleSyntaxError(await syntaxErrorIn(path.join(root, 'lib.mjs')), { file, shown: 'agent.mjs' })).toBeUndefined();
    expect(agentModuleSyntaxError(new SyntaxError('Unexpected end of JSON input'), { file, shown: 'agent.mjs' })).toBeUndefined();
    expect(agentModuleSyntaxError(new Error(`${file}:1:1: no`), { file, shown: 'agent.mjs' })).toBeUndefined();
  });
});
