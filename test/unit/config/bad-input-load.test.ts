// The located problems of bad input, as `validate` (checkConfig) and `eval` (loadConfig) find them and
// the CLI prints them (formatConfigIssues): test/e2e/bad-input.test.ts runs the CLI on a few for exit 2
// and no stack trace; the wording, the places and the hostile files are checked here, in-process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig, loadConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { formatConfigIssues } from '../../../src/report/format-issues.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-bad-input-'));
  dirs.push(root);
  for (const [file, text] of Object.entries({ 'agent.js': '', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

type Loaded = { ok: true; printed: string } | { ok: false; printed: string };

/** What the CLI prints of the project's problems (its warnings when it loads), as `validate` or `eval` loads it, from its folder. */
async function loaded(files: Record<string, string>, command: 'validate' | 'eval' = 'validate'): Promise<Loaded> {
  const cwd = project(files);
  const options = { cwd, env: {}, names: namesRedactionChanges };
  try {
    const config = command === 'validate' ? await checkConfig({ ...options, importScorers: true, parseAgentModule: true }) : await loadConfig(options);
    return { ok: true, printed: formatConfigIssues(config.warnings, { color: false, cwd }) };
  } catch (error) {
    // Anything but a ConfigError (a RangeError of a deep stack, a TypeError) is the crash these tests look for.
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, printed: formatConfigIssues(error.issues, { color: false, cwd, hint: error.hint }) };
  }
}

describe('bad input as the loader finds it', () => {
  it("an unclosed single-quoted string whose text holds '' escapes is pointed at its opening quote, with the caret under it", async () => {
    const { ok, printed } = await loaded({
      'agentready.config.yaml': CONFIG,
      'evals/s.suite.yaml': "suite: s\ncases:\n  - id: a\n    input: 'it''s broken\n    expect: { outcome: completed }\n",
    });
    expect(ok).toBe(false);
    expect(printed).toContain("evals/s.suite.yaml:4:12\n  expected  a quoted string closed on the line it opens (or a later one)\n  found     a quote opened here and never closed\n    4 |     input: 'it''s broken\n      |            ^\n");
  });

  it('a tool declared twice and an output regex that does not compile are located errors of validate and eval', async () => {
    const files = {
      'agentready.config.yaml': CONFIG,
      'evals/s.suite.yaml': 'suite: s\ntools:\n  - name: t1\n  - name: t2\n  - name: t1\n    mock: { result: 1 }\ncases:\n  - { id: a, input: hi, expect: { output: { regex: "([" } } }\n',
    };
    for (const command of ['validate', 'eval'] as const) {
      const { ok, printed } = await loaded(files, command);
      expect(ok, command).toBe(false);
      expect(printed).toContain('evals/s.suite.yaml:5:11  tools[2].name');
      expect(printed).toContain('a tool name unique in the suite (tools[0] has "t1")');
      expect(printed).toContain('evals/s.suite.yaml:8:52  cases[0].expect.output.regex');
    }
  });

  it('an unknown key in the config is an error, not silently ignored', async () => {
    const { ok, printed } = await loaded({
      'agentready.config.yaml': `${CONFIG}concurency: 4\n`,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    expect(ok).toBe(false);
    expect(printed).toContain('agentready.config.yaml:3:1');
    expect(printed).toContain('concurency');
  });

  it('a policy rule with an empty condition (deny_if: {}, which never denied) stops validate and eval at its key', async () => {
    const files = {
      'agentready.config.yaml': `${CONFIG}policy: policy.yaml\n`,
      'policy.yaml': 'rules:\n  - { id: no-refunds, tool: issue_refund, deny_if: {} }\n',
      'evals/a.suite.yaml': 'suite: a\ntools: [{ name: issue_refund, tier: approve }]\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    };
    for (const command of ['validate', 'eval'] as const) {
      const { ok, printed } = await loaded(files, command);
      expect(ok, command).toBe(false);
      expect(printed).toContain('policy.yaml:2:52  rules[0].deny_if');
      expect(printed).toMatch(/found\s+\{\}/);
    }
  });

  it('a rate threshold written as a percentage stops validate and eval at its place', async () => {
    const files = { 'agentready.config.yaml': `${CONFIG}gate:\n  success_rate: { min: 95 }\n`, 'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n' };
    for (const command of ['validate', 'eval'] as const) {
      const { ok, printed } = await loaded(files, command);
      expect(ok, command).toBe(false);
      expect(printed).toContain('agentready.config.yaml:4:24  gate.success_rate.min');
      expect(printed).toContain('a fraction in [0, 1]: rates are fractions (0.95, not 95)');
    }
  });

  // The baseline is read by validate's action, not the loader: its hostile file stays in the e2e test.
  it('hostile files (circular aliases, nesting thousands deep, alias bombs, NUL, BOM and CRLF) load or are located problems, never a crash', async () => {
    const SUITE = 'suite: a\ntools: [{ name: lookup_order }]\ncases:\n  - { id: a, input: x, context: { customer_id: c-1 }, expect: { outcome: completed } }\n';
    const deepDashes = `${'- '.repeat(3000)}x\n`;
    const nasty: Array<{ name: string; files: Record<string, string>; command?: 'eval'; ok: boolean; at?: string }> = [
      { name: 'a config whose alias is inside its own anchor', files: { 'agentready.config.yaml': 'target: &a { adapter: stdio, command: [node, *a] }\n' }, ok: false, at: 'agentready.config.yaml:1:46' },
      { name: 'a suite mapping that contains itself', files: { 'evals/a.suite.yaml': SUITE.replace('context: { customer_id: c-1 }', 'context: &c { self: *c }') }, command: 'eval', ok: false, at: 'evals/a.suite.yaml:4:44' },
      { name: 'an alias without its anchor', files: { 'evals/a.suite.yaml': SUITE.replace('input: x', 'input: *nowhere') }, ok: false, at: 'evals/a.suite.yaml:4:21' },
      { name: 'a suite nested 3000 levels deep, twice', files: { 'evals/a.suite.yaml': deepDashes + deepDashes }, command: 'eval', ok: false, at: 'evals/a.suite.yaml:1:201' },
      { name: 'a flow list nested 20000 deep', files: { 'policy.yaml': `rules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` }, ok: false, at: 'policy.yaml:1:107' },
      { name: 'an alias bomb', files: { 'evals/a.suite.yaml': `${Array.from({ length: 12 }, (_, i) => (i === 0 ? 'x0: &a0 [lol, lol]' : `x${i}: &a${i} [*a${i - 1}, *a${i - 1}]`)).join('\n')}\n${SUITE}` }, ok: false, at: 'evals/a.suite.yaml:2:10' },
      { name: 'NUL bytes and a binary tag', files: { 'evals/a.suite.yaml': SUITE.replace('input: x', 'input: "x\u0000y\\0z", description: !!binary aGk=') }, ok: true, at: 'evals/a.suite.yaml:4:44  warning' },
      { name: 'a BOM and CRLF line ends', files: { 'evals/a.suite.yaml': `\uFEFF${SUITE.replace(/\n/g, '\r\n')}` }, ok: true },
      // The column editors show: the BOM is no character of line 1 (it was counted, one column right).
      { name: 'a BOM before a problem on line 1', files: { 'evals/a.suite.yaml': `\uFEFF${SUITE.replace('suite: a', 'suite: [a]')}` }, ok: false, at: 'evals/a.suite.yaml:1:8  suite' },
      { name: 'a BOM before a config problem on line 1', files: { 'agentready.config.yaml': `\uFEFF${CONFIG.replace('stdio', 'stdioo')}` }, ok: false, at: 'agentready.config.yaml:1:20  target.adapter' },
    ];
    for (const { name, files, command, ok, at } of nasty) {
      const result = await loaded({ 'agentready.config.yaml': `${CONFIG}policy: policy.yaml\n`, 'policy.yaml': 'rules: []\n', 'evals/a.suite.yaml': SUITE, ...files }, command);
      expect(result.ok, `${name}: ${result.printed}`).toBe(ok);
      if (at) expect(result.printed, name).toContain(at);
    }
  });
});
