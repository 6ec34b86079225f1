// The README and docs/ hold: every runnable snippet is run here (or, for the framework
// recipes, is a copy of a file test:frameworks runs), every quoted output is reproduced, and
// every command line uses commands and flags the CLI has, through `npx --no-install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  ApprovalRequestParamsSchema,
  InitializeParamsSchema,
  InitializeResultSchema,
  RunParamsSchema,
  RunResultSchema,
  ShutdownSchema,
  ToolCallParamsSchema,
  ToolErrorDataSchema,
  UsageParamsSchema,
} from '../../src/adapters/protocol.js';
import { buildProgram } from '../../src/cli/program.js';
import { redact } from '../../src/common/redact.js';
import { redactDeep } from '../../src/common/redact-deep.js';
import { AdversarialPackSchema } from '../../src/config/schema/adversarial-packs.js';
import { CaseSchema, ExpectationSchema, ToolSchema, WrittenSuiteSchema } from '../../src/config/schema/suite.js';
import { newToken } from '../../src/run/ids.js';
import { DOC_FILES, docBlocks, markedBlock, type DocBlock } from './helpers/doc-blocks.js';
import { brokenLink, docLinks, headingAnchors } from './helpers/doc-links.js';
import { REPO, freePort, linkPackage, makeProject, readJsonl, runCli } from './helpers/run-cli.js';
import { reportsNotUploaded, type WorkflowStep } from './helpers/workflow-uploads.js';

const blocks = docBlocks();
const snippet = (name: string) => markedBlock(blocks, 'snippet', name);
const output = (name: string) => markedBlock(blocks, 'output', name);
const where = (block: DocBlock) => `${block.doc}:${block.line}`;

/** Every snippet and output this file runs; a marker the docs gain must be added here. */
const COVERED = [
  'snippet readme/config',
  'snippet readme/policy',
  'snippet readme/suite',
  'snippet readme/scorer',
  'snippet readme/stdio-agent',
  'snippet readme/http-agent',
  'snippet readme/module-agent',
  'snippet readme/exec-agent',
  'snippet suite-format/example',
  'snippet usage/config',
  'output usage/unpriced',
  'output usage/unverified-cap',
  'output usage/run-cap',
  'output failing-case/tools',
  'output failing-case/agent-failed',
  'output failing-case/variants',
  'snippet other-languages/transcript',
  'snippet other-languages/python-agent',
  'snippet other-languages/python-http-agent',
  'snippet other-languages/python-exec-agent',
  'snippet mcp/agent',
  'snippet adversarial/suite',
  'output adversarial/validate',
  'snippet reports/workflow',
  'snippet ci/workflow',
];

/** A project for a user's agent: ES modules, the package linked in, and `files`. */
function userProject(files: Record<string, string>): string {
  const dir = makeProject({ 'package.json': JSON.stringify({ name: 'user-project', private: true, type: 'module' }), ...files });
  linkPackage(dir);
  return dir;
}

/** The one tool of the shop suites below. */
const LOOKUP_TOOL = `tools:
  - name: lookup_order
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
`;
const SHOP_SUITE = `suite: shop
${LOOKUP_TOOL}cases:
  - id: lookup
    input: Where is order 1234?
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }], output: { contains: [shipped] } }
  - id: tool-down
    input: Where is order 1234?
    faults: [{ tool: lookup_order, error: error }]
    expect: { outcome: escalated, output: { contains: ["(error)"] } }
`;
const shopConfig = (target: string) => `target: ${target}\nsuites: [shop.suite.yaml]\npricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }\n`;

// ---------------------------------------------------------------------------------------------
// Command lines: `npx --no-install agentready <command> [flags]`, flags the command has.

/**
 * The help of `agentready <command>` (commander's, from the CLI's own program, built here: not a
 * spawn of the CLI for each of the commands the docs run; `--help` printing it is the e2e tests'
 * of each command).
 */
const PROGRAM = buildProgram(() => {});
function helpOf(command: string[]): string {
  let found = PROGRAM;
  for (const name of command) {
    const sub = found.commands.find((each) => each.name() === name);
    if (sub === undefined) throw new Error(`agentready has no command ${command.join(' ')}`);
    found = sub;
  }
  return found.helpInformation();
}

/** Problems with one shell line that runs agentready; none for other lines. */
function commandProblems(line: string): string[] {
  const text = line.replace(/\s+#.*$/, '').trim();
  if (!/\bagentready\b/.test(text) || !/^(npx|agentready)\b/.test(text)) return [];
  const tokens = text.split(/\s+/).map((token) => token.replace(/^\[|\]$/g, ''));
  if (tokens[0] !== 'npx' || tokens[1] !== '--no-install' || tokens[2] !== 'agentready') {
    return [`"${text}" must run \`npx --no-install agentready …\` (a bare npx may fetch the other package named agentready)`];
  }
  const args = tokens.slice(3);
  const command = args[0] === 'baseline' ? args.slice(0, 2) : args.slice(0, 1);
  const help = `${helpOf(command)}\n${helpOf([])}`;
  return args
    .filter((token) => token.startsWith('-'))
    .map((flag) => flag.split('=')[0]!)
    .filter((flag) => !new RegExp(`(^|[\\s,])${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|,|$)`, 'm').test(help))
    .map((flag) => `"${text}": agentready ${command.join(' ')} has no ${flag}`);
}

describe('the docs', () => {
  it('mark every block of JavaScript, TypeScript, Python or shell with how it is tested', () => {
    const unmarked = blocks.filter((block) => /^(js|ts|javascript|typescript|python|py|sh|bash)$/.test(block.language) && !block.marker);
    expect(unmarked.map(where)).toEqual([]);
  });

  it('run exactly the snippets and outputs this test knows', () => {
    const marked = blocks.flatMap((block) =>
      block.marker && (block.marker.kind === 'snippet' || block.marker.kind === 'output') ? [`${block.marker.kind} ${block.marker.value}`] : [],
    );
    expect([...marked].sort()).toEqual([...COVERED].sort());
  });

  it('copy their file blocks from the repository files, which npm run test:frameworks runs', () => {
    const files = blocks.filter((block) => block.marker?.kind === 'file');
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const block of files) {
      const path = (block.marker as { value: string }).value;
      expect(block.code, `${where(block)} is a copy of ${path}`).toBe(readFileSync(join(REPO, path), 'utf8'));
    }
  });

  it('run agentready only as `npx --no-install agentready` with flags its commands have', () => {
    const problems = blocks.flatMap((block) => {
      if (block.marker?.kind === 'commands') return block.code.split('\n').flatMap((line) => commandProblems(line).map((p) => `${where(block)}: ${p}`));
      return block.code.includes('npx agentready') ? [`${where(block)}: a bare \`npx agentready\``] : [];
    });
    expect(problems).toEqual([]);
    // The check finds a flag a command lacks, and takes one it has or a global one.
    expect(commandProblems('npx --no-install agentready baseline update --grep x')).toEqual(['"npx --no-install agentready baseline update --grep x": agentready baseline update has no --grep']);
    expect(commandProblems('npx --no-install agentready eval --grep x --config ci.yaml')).toEqual([]);
  });

  it('write each YAML block as one document, as agentready reads every file (no second document after ---, no key twice)', () => {
    const problems = blocks
      .filter((block) => block.language === 'yaml')
      .flatMap((block) => {
        const documents = parseAllDocuments(block.code, { uniqueKeys: true });
        const errors = documents.flatMap((document) => document.errors.map((error) => error.message.split('\n')[0]!));
        return documents.length === 1 && errors.length === 0 ? [] : [`${where(block)}: ${documents.length} documents ${errors.join('; ')}`];
      });
    expect(problems).toEqual([]);
  });

  it('show payload packs a pack file may hold as written', () => {
    const packs = blocks.filter((block) => block.language === 'yaml' && /^pack:/m.test(block.code) && /^category:/m.test(block.code));
    expect(packs.length).toBeGreaterThanOrEqual(5);
    const problems = packs.flatMap((block) => {
      const parsed = AdversarialPackSchema.safeParse(parse(block.code));
      return parsed.success ? [] : [`${where(block)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`];
    });
    expect(problems).toEqual([]);
  });

  it('link only to files of the repository, and to headings those files have', () => {
    const links = docLinks();
    expect(links.length).toBeGreaterThan(100);
    expect(links.flatMap((link) => brokenLink(link) ?? [])).toEqual([]);
    // The check finds a file that is not there and a heading its file lacks, and reads anchors as GitHub makes them.
    expect(brokenLink({ doc: 'docs/ci.md', line: 1, target: 'runbok.md' })).toBe('docs/ci.md:1: runbok.md: no file docs/runbok.md');
    expect(brokenLink({ doc: 'README.md', line: 2, target: 'docs/ci.md#6-an-agent-that-calls-a-modl' })).toBe('README.md:2: docs/ci.md#6-an-agent-that-calls-a-modl: docs/ci.md has no heading #6-an-agent-that-calls-a-modl');
    expect([...headingAnchors('# `agentready score <traces>` — shadow mode\n## Usage\n## Usage\n')]).toEqual(['agentready-score-traces--shadow-mode', 'usage', 'usage-1']);
  });

  it('stand alone: they cite no section of a spec that is not in the repository', () => {
    const citing = DOC_FILES.filter((doc) => /SPEC\s*§/.test(readFileSync(join(REPO, doc), 'utf8')));
    expect(citing).toEqual([]);
  });
});

describe('README', () => {
  it('config, policy and suite load together', async () => {
    const dir = makeProject({
      'agentready.config.yaml': snippet('readme/config'),
      'policy.yaml': snippet('readme/policy'),
      'evals/support.suite.yaml': snippet('readme/suite'),
      'evals/scorers/tone.mjs': snippet('readme/scorer'),
      // npm init writes "type": "commonjs": the scorer must load in such a project too.
      'package.json': '{ "name": "my-agent", "type": "commonjs" }\n',
    });
    const { exitCode, stdout } = await runCli(dir, ['validate']);
    expect(stdout).toContain('Valid: 1 suite, 1 case');
    expect(exitCode).toBe(0);
  });

  // A reader copies the config, the policy, the suite and its scorer, saves the stdio agent as
  // agent.mjs as the README says, and writes the agent the case describes: it must pass, with
  // no warning (the config once ran agent.js, the suite's refund had no mock, so the case could
  // never pass, and the policy and `forbid` named tools the suite does not declare).
  it('config, policy, suite and scorer make a project whose case an agent that does what it asks passes, with no warning', async () => {
    const agent = `import { serveStdio } from 'agentready-cli/agent';

serveStdio(async (task, ctx) => {
  let order;
  for (;;) {
    try { order = await ctx.callTool('lookup_order', { order_id: '1234' }); break; } catch (error) {
      if (error.kind !== 'rate_limit') throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retry_after_ms));
    }
  }
  const args = { order_id: '1234', amount: order.charged[1], reason: 'charged twice' };
  const { approved } = await ctx.requestApproval('issue_refund', args, 'a double charge');
  if (!approved) return { outcome: 'escalated', output: 'A colleague will look at it.' };
  await ctx.callTool('issue_refund', args);
  ctx.recordUsage({ model: 'small-model', input_tokens: 300, output_tokens: 40 });
  return { outcome: 'completed', output: 'You were charged twice: I issued a refund of $20.' };
}, { name: 'my-agent', version: '1.0.0' });
`;
    const dir = userProject({
      'agentready.config.yaml': snippet('readme/config'),
      'policy.yaml': snippet('readme/policy'),
      'evals/support.suite.yaml': snippet('readme/suite'),
      'evals/scorers/tone.mjs': snippet('readme/scorer'),
      'agent.mjs': agent,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toContain('warning');
    expect(stdout).toMatch(/1 case · 1 passed/);
    expect(exitCode, stdout + stderr).toBe(0);
  });

  it('the stdio agent passes, and answers a tool error by escalating', async () => {
    const dir = userProject({ 'agent.mjs': snippet('readme/stdio-agent'), 'shop.suite.yaml': SHOP_SUITE, 'agentready.config.yaml': shopConfig('{ adapter: stdio, command: [node, agent.mjs] }') });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/2 cases · 2 passed/);
    expect(stdout).toContain('my-agent 1.0.0 (stdio), concurrency 2');
    expect(exitCode).toBe(0);
  });

  it('the http agent, started by agentready (target.start), passes and survives a tool error', async () => {
    const port = await freePort();
    const target = `{ adapter: http, url: "http://127.0.0.1:${port}/", start: { command: [node, agent.mjs], env: { PORT: "${port}" } } }`;
    const dir = userProject({ 'agent.mjs': snippet('readme/http-agent'), 'shop.suite.yaml': SHOP_SUITE, 'agentready.config.yaml': shopConfig(target) });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/2 cases · 2 passed/);
    expect(exitCode).toBe(0);
  });

  it('the module agent, typed with the package, passes', async () => {
    const dir = userProject({ 'agent.ts': snippet('readme/module-agent'), 'shop.suite.yaml': SHOP_SUITE, 'agentready.config.yaml': shopConfig('{ adapter: module, module: ./agent.ts }') });
    const { exitCode, stdout } = await runCli(dir, ['eval', '--grep', '^lookup$']);
    expect(stdout).toMatch(/1 case · 1 passed/);
    expect(exitCode).toBe(0);
  });

  it('the exec agent reports its own call and passes', async () => {
    const dir = userProject({ 'agent.mjs': snippet('readme/exec-agent'), 'shop.suite.yaml': SHOP_SUITE, 'agentready.config.yaml': shopConfig('{ adapter: exec, command: [node, agent.mjs] }') });
    const { exitCode, stdout } = await runCli(dir, ['eval', '--grep', '^lookup$']);
    expect(stdout).toMatch(/1 case · 1 passed/);
    expect(exitCode).toBe(0);
    const [trace] = readJsonl<{ tool_calls: Array<{ name: string; answer: string }> }>(dir, 'traces.jsonl');
    expect(trace!.tool_calls).toMatchObject([{ name: 'lookup_order', answer: 'answer' }]);
  });
});

describe('README: init', () => {
  it('writes the files the README names, for each transport (agent.mjs but for a module agent)', async () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('`init` writes `agentready.config.yaml`'), readme.indexOf('It refuses to\noverwrite'));
    const named = [...new Set([...paragraph.matchAll(/`([\w./-]+\.(?:yaml|yml|mjs)|\.gitignore)`/g)].map((m) => m[1]!))];
    expect(named).toEqual(['agentready.config.yaml', 'evals/support.suite.yaml', 'policy.yaml', 'support.mjs', 'agent.mjs', '.github/workflows/agentready.yml', '.gitignore']);
    const dir = makeProject({});
    for (const adapter of ['stdio', 'http', 'module', 'exec']) {
      const { exitCode, stdout } = await runCli(dir, ['init', '--adapter', adapter, '--dir', adapter]);
      expect(exitCode).toBe(0);
      const written = stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
      expect(written, adapter).toEqual(named.filter((file) => adapter !== 'module' || file !== 'agent.mjs'));
    }
  });
});

describe('init: the starter agent', () => {
  it('answers a case whose tool call the policy denies (escalated, a policy violation), not an agent error', async () => {
    const dir = makeProject({});
    expect((await runCli(dir, ['init', '--adapter', 'module', '--dir', 'p'])).exitCode).toBe(0);
    // The refund the starter makes is $20: a cap of $10 denies it.
    writeFileSync(join(dir, 'p/policy.yaml'), 'rules:\n  - { id: refund-cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 10 } } }\n');
    const { exitCode } = await runCli(join(dir, 'p'), ['eval', '--grep', '^refund$']);
    expect(exitCode).toBe(1);
    const [, refund] = readJsonl<{ outcome: string; error?: unknown; checks: Array<{ check: string; pass: boolean }> }>(join(dir, 'p'), 'results.jsonl');
    expect(refund!.error).toBeUndefined();
    expect(refund!.outcome).toBe('escalated');
    expect(refund!.checks.find((check) => check.check === 'policy')?.pass).toBe(false);
  });
});

describe("init's stdio agent named as another target", () => {
  /** A project `init --adapter stdio` wrote, with the package linked, its `target:` line made `target`. */
  async function initStdioAs(target: string): Promise<string> {
    const dir = makeProject({});
    expect((await runCli(dir, ['init', '--adapter', 'stdio'])).exitCode).toBe(0);
    linkPackage(dir);
    const config = join(dir, 'agentready.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^target: .*$/m, `target: ${target}`));
    return dir;
  }

  it('as a module target, is bad input, validate and eval alike, told to run it as a stdio target: eval never serves the protocol on its own stdio', async () => {
    const dir = await initStdioAs('{ adapter: module, module: ./agent.mjs }');
    const hint = 'it calls serveStdio, so it is a stdio agent, which runs in a process of its own: target: { adapter: stdio, command: [node, agent.mjs] }';
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain(hint);
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`agentready: agent.mjs must export a default function async (task, ctx) => ({ outcome, output }); found no default export: ${hint}`);
    // serveStdio served nothing in agentready's process: no end of its stdin called process.exit there.
    expect(run.stderr).not.toContain('process.exit');
    expect(run.stdout).toBe('');
  });

  it('as an exec target, fails each case saying why from its stderr: serveStdio was started as an exec command, and the target is to be stdio', async () => {
    const dir = await initStdioAs('{ adapter: exec, command: [node, agent.mjs] }');
    const run = await runCli(dir, ['eval', '--grep', '^order-status$']);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('✗ support/order-status  error AGENT_PROTOCOL: the command `node agent.mjs` printed nothing on stdout; expected one JSON result object; stderr: support-agent: serveStdio speaks the stdio protocol: set target.adapter to stdio (this process was started as an exec target, the case as plain JSON on stdin)\n');
  });
});

describe('docs/suite-format.md', () => {
  it('names every key of a suite, a tool, a case and its expect, as the README says it does', () => {
    const doc = readFileSync(join(REPO, 'docs/suite-format.md'), 'utf8');
    const shapes = { suite: WrittenSuiteSchema.shape, tool: ToolSchema.shape, case: CaseSchema.shape, expect: ExpectationSchema.shape };
    const unnamed = Object.entries(shapes).flatMap(([where, shape]) =>
      Object.keys(shape)
        .filter((key) => key !== '$schema' && !doc.includes(`\`${key}\``) && !doc.includes(`\`${key}:`))
        .map((key) => `${where}.${key}`),
    );
    expect(unnamed).toEqual([]);
  });

  it('its example suite loads, and an agent doing what it expects passes every check', async () => {
    const agent = `import { setTimeout as sleep } from 'node:timers/promises';
import { serveStdio } from 'agentready-cli/agent';
serveStdio(async (task, ctx) => {
  let order;
  try {
    order = await ctx.callTool('lookup_order', { order_id: '1234' });
  } catch (error) {
    await sleep(error.retry_after_ms);
    order = await ctx.callTool('lookup_order', { order_id: '1234' });
  }
  const args = { order_id: '1234', amount: order.charged[1] };
  const { approved } = await ctx.requestApproval('issue_refund', args, 'charged twice');
  if (!approved) return { outcome: 'escalated', output: 'A colleague will decide.' };
  const refund = await ctx.callTool('issue_refund', args);
  return { outcome: 'completed', output: 'I issued a refund of $20: ' + refund.refund_id };
}, { name: 'suite-format-agent', version: '1.0.0' });
`;
    const dir = userProject({
      'agent.mjs': agent,
      'shop.suite.yaml': snippet('suite-format/example'),
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [shop.suite.yaml]\n',
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.stdout).toContain('shop: 1 case, 2 tools');
    expect(validate.exitCode).toBe(0);
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/1 case · 1 passed/);
    expect(exitCode).toBe(0);
    const [, result] = readJsonl<{ checks: Array<{ check: string; pass: boolean }> }>(dir, 'results.jsonl');
    expect(result!.checks.map((check) => `${check.check} ${check.pass}`)).toEqual(['outcome true', 'tools true', 'output true', 'retry true', 'policy true', 'budget true']);
  });
});

describe('docs/failing-case.md', () => {
  it('its table of error codes names every code a case\'s error can carry', () => {
    const table = readFileSync(join(REPO, 'docs/failing-case.md'), 'utf8')
      .split('\n')
      .filter((line) => /^\| `[A-Z_]+`/.test(line))
      .join('\n');
    const sources = readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const codes = new Set(sources.flatMap((file) => [...readFileSync(join(REPO, 'src', file), 'utf8').matchAll(/(?:\bcode: |HarnessError\()'([A-Z][A-Z_]{3,})'/g)].map((match) => match[1]!)));
    // RUN_INCOMPLETE ends the whole run (exit 3, its message on stderr), no case; ERROR is the reports' stand-in for a result with no error.
    const unnamed = [...codes].filter((code) => code !== 'RUN_INCOMPLETE' && code !== 'ERROR' && !table.includes(`\`${code}\``));
    expect(codes.size).toBeGreaterThanOrEqual(15);
    expect(unnamed.sort()).toEqual([]);
  });
});

describe('docs/adversarial.md', () => {
  it('its suite expands to the variants it quotes', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n',
      'evals/support.suite.yaml': snippet('adversarial/suite'),
    });
    const { exitCode, stdout } = await runCli(dir, ['validate']);
    expect(stdout).toContain(output('adversarial/validate').trim());
    expect(exitCode).toBe(0);
  });

  it('names the number of (payload, placement) pairs the shipped prompt_injection pack has', async () => {
    // The suite's refund case expects a tool that answers a result, so every placement applies to it.
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\nadversarial: { variants_per_case: { prompt_injection: 1000 } }\n',
      'evals/support.suite.yaml': snippet('adversarial/suite'),
    });
    const { exitCode, stdout } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(0);
    const pairs = /prompt_injection (\d+)/.exec(stdout)?.[1];
    const doc = readFileSync(join(REPO, 'docs/adversarial.md'), 'utf8').replace(/\s+/g, ' ');
    expect(/prompt_injection, has (\d+) pairs/.exec(doc)?.[1]).toBe(pairs);
  });
});

describe('docs/usage-and-cost.md', () => {
  it('prices reported usage (a dated model id by its undated key), warns about an unpriced model, fails the cost cap it could not verify and stops at max_run_cost_usd with exit 3, as quoted', async () => {
    const agent = `import { serveStdio } from 'agentready-cli/agent';
serveStdio(async (task, ctx) => {
  ctx.recordUsage({ model: 'gpt-4.1-mini-2025-04-14', input_tokens: 2000, output_tokens: 150 });
  ctx.recordUsage({ model: 'small-router', input_tokens: 800, output_tokens: 90 });
  return { outcome: 'completed', output: 'ok' };
}, { name: 'cost-agent', version: '1.0.0' });
`;
    const suite = `suite: costs
tools: []
cases:
${['one', 'two', 'three'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }`).join('\n')}
`;
    const dir = userProject({ 'agent.mjs': agent, 'costs.suite.yaml': suite, 'agentready.config.yaml': snippet('usage/config') });
    // Run as the docs tell users to (npx), so the hint in the quoted output names the command that way.
    const { exitCode, stderr } = await runCli(dir, ['eval'], { npm_config_user_agent: 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false' });
    expect(exitCode).toBe(3);
    expect(stderr).toContain(output('usage/unpriced').trim());
    expect(stderr).toContain(output('usage/run-cap').trim());
    // The cost cap could not be verified (small-router has no price): the budget check fails, naming it.
    const [, first] = readJsonl<{ checks: Array<{ check: string; pass: boolean; reason?: string }> }>(dir, 'results.jsonl');
    expect(first!.checks.find((check) => check.check === 'budget')).toMatchObject({ pass: false, reason: output('usage/unverified-cap').trim() });
    const usage = readJsonl<{ usage: Array<{ model: string; cost_usd: number; priced: boolean }> }>(dir, 'traces.jsonl')[0]!.usage;
    expect(usage).toEqual([
      { model: 'gpt-4.1-mini-2025-04-14', input_tokens: 2000, output_tokens: 150, cost_usd: 0.00104, priced: true },
      { model: 'small-router', input_tokens: 800, output_tokens: 90, cost_usd: 0, priced: false },
    ]);
  });
});

describe('docs/failing-case.md', () => {
  it('its failing cases read as quoted', async () => {
    const agent = `import { serveStdio } from 'agentready-cli/agent';
serveStdio(async (task, ctx) => {
  if (task.case.id === 'crash') throw new Error('the model provider answered 401');
  if (task.case.id === 'slow') await new Promise((resolve) => setTimeout(resolve, 5000));
  const order = await ctx.callTool('lookup_order', { order_id: '12345' });
  return { outcome: 'completed', output: \`Your order is \${order.status}.\` };
}, { name: 'shop-agent', version: '1.0.0', concurrency: 4 });
`;
    const suite = `suite: shop
${LOOKUP_TOOL}cases:
  - id: where-is-1234
    input: Where is order 1234?
    expect:
      outcome: completed
      tools: [{ name: lookup_order, args: { order_id: "1234" } }]
      output: { contains: [shipped, "1234"] }
  - { id: crash, input: Where is order 1234?, expect: { outcome: completed } }
  - { id: slow, input: Where is order 1234?, expect: { outcome: completed } }
  - id: no-lookup
    input: Hello
    adversarial: [prompt_injection]
    expect: { outcome: completed, forbid: [lookup_order] }
`;
    const config = 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [shop.suite.yaml]\nrun: { timeout_ms: 1000 }\nadversarial: { variants_per_case: { prompt_injection: 3 } }\n';
    const dir = userProject({ 'agent.mjs': agent, 'shop.suite.yaml': suite, 'agentready.config.yaml': config });
    const { stdout } = await runCli(dir, ['eval']);
    /** Trace ids and measured times differ from run to run. */
    const normalize = (text: string) => text.replace(/trace [0-9a-f]{32}/g, 'trace <id>').replace(/after \d+ ms/g, 'after <n> ms');
    for (const name of ['failing-case/tools', 'failing-case/agent-failed', 'failing-case/variants']) {
      for (const line of output(name).trimEnd().split('\n')) expect(normalize(stdout)).toContain(normalize(line));
    }
  });
});

describe('docs/failing-case.md and docs/reports.md: harness errors', () => {
  it('a pass within run.max_error_rate names the errors as quoted, and only the exit-3 line past it names eval --resume', async () => {
    const agent = "export default async (task) => task.case.id === 'bad' ? { nope: 1 } : { outcome: 'completed', output: 'ok' };\n";
    const suite = `suite: s\ntools: []\ncases:\n${['a', 'b', 'c', 'd', 'e', 'bad'].map((id) => `  - { id: ${id}, input: hi, expect: { outcome: completed } }\n`).join('')}`;
    const config = (rate: number) => `target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { max_error_rate: ${rate} }\n`;
    const docs = ['docs/failing-case.md', 'docs/reports.md'].map((doc) => readFileSync(join(REPO, doc), 'utf8').replace(/\s+/g, ' '));
    const within = userProject({ 'agent.mjs': agent, 's.suite.yaml': suite, 'agentready.config.yaml': config(0.2) });
    const passed = await runCli(within, ['eval', '--reporter', 'terminal', '--reporter', 'markdown:r.md', '--reporter', 'json:r.json']);
    expect(passed.exitCode).toBe(0);
    // reports.md: the files written are named on stdout's last line, in the order given.
    expect(passed.stdout.trimEnd().split('\n').at(-1)).toBe('Wrote r.md, r.json');
    expect(docs[1]).toContain("The files written are named on stdout's last line, after the run folder, in the order given: `Wrote summary.md, report.html, junit.xml` for the command above.");
    // reports.md: errors of counted attempts, max_error_rate, and undecidable only when there are any.
    expect(JSON.parse(readFileSync(join(within, 'r.json'), 'utf8')).tolerated_errors).toEqual({ errors: 1, counted: 6, max_error_rate: 0.2 });
    expect(docs[1]).toContain('`max_error_rate`, and `undecidable`, when there are any');
    const headline = 'Gate passed; 1 of 6 attempts ended in harness errors (17%), within run.max_error_rate 0.2';
    expect(passed.stdout).toContain(headline);
    expect(passed.stdout + passed.stderr).not.toContain('--resume');
    expect(docs[0]).toContain(headline);
    const markdownHeadline = readFileSync(join(within, 'r.md'), 'utf8').split('\n')[0]!.replace(/^## /, '').replaceAll('\\', '');
    expect(docs[1]).toContain(`\`${markdownHeadline}\``);
    const past = userProject({ 'agent.mjs': agent, 's.suite.yaml': suite, 'agentready.config.yaml': config(0) });
    const incomplete = await runCli(past, ['eval']);
    expect(incomplete.exitCode).toBe(3);
    expect(incomplete.stderr.trimEnd().split('\n').at(-1)).toMatch(/eval --resume` runs them again \(exit 3\)$/);
  });
});

describe('docs/reports.md: redaction', () => {
  it('a key ending in pass is a secret\'s after _ or -, not glued or camel-cased, and a page cursor\'s is none, as the table says', () => {
    const table = readFileSync(join(REPO, 'docs/reports.md'), 'utf8');
    expect(table).toContain("(`pass` ending a longer name after `_` or `-`, `db_pass`, `smtp-pass`; glued or camel-cased, `userpass`, `dbPass`, `numPass: 12`, it stays, as a bare `pass: true`, a test's result, does)");
    for (const key of ['DB_PASS', 'db_pass', 'smtp-pass']) expect(redact(`${key}: hunter22`), key).toBe(`${key}: [secret]`);
    for (const text of ['userpass: hunter22', 'dbPass: hunter22', 'numPass: 12', 'pass: true']) expect(redact(text)).toBe(text);
    // A page cursor's key is no secret's (7ba384ee).
    expect(table).toContain("(`dbPassword`, `sessionToken`; not a page or sync cursor's, `nextPageToken`, `next_page_token`, `NextToken`, `syncToken`, `deltaToken`, nor a tokenizer's special token's, `eos_token`, `padToken`, unless in capitals, `PAGE_TOKEN=…` a setting's secret, or after a longer word, `userSyncToken`, `github_sync_token`)");
    expect(redact('sessionToken: abcDEF123456')).toBe('sessionToken: [secret]');
    for (const text of ['nextPageToken: abcDEF123456', 'next_page_token: abcDEF123456', 'NextToken: abcDEF123456', 'syncToken: abcDEF123456', 'deltaToken: abcDEF123456', 'eos_token: abcDEF123456', 'padToken: abcDEF123456']) expect(redact(text)).toBe(text);
    expect(redact('PAGE_TOKEN=abcDEF123456')).toBe('PAGE_TOKEN=[secret]');
    for (const key of ['userSyncToken', 'github_sync_token']) expect(redact(`${key}: abcDEF123456`), key).toBe(`${key}: [secret]`);
    expect(redactDeep({ mapPin: '1234', location_pin: '1234', gpioPin: '1234', card_pin: '1234', card_geo_pin: '1234' })).toEqual({ mapPin: '1234', location_pin: '1234', gpioPin: '1234', card_pin: '[secret]', card_geo_pin: '[secret]' });
    expect(redact('bank account 2024 2025 2026, acct 2019-2023')).toBe('bank account 2024 2025 2026, acct 2019-2023');
    expect(table).toContain('given as the number\'s value, after a colon, `=`, `#`, `is` or a quote, they are one: `account number: 2019-2023`)');
    expect(redact('account number: 2019-2023')).toBe('account number: [account]');
  });
});

describe('docs/authority.md', () => {
  it('a misspelt condition is an error naming the key meant, as quoted, and no no-condition warning', async () => {
    const dir = userProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      's.suite.yaml': 'suite: s\ntools: [{ name: issue_refund, tier: approve, parameters: { type: object, properties: { amount: { type: number } } } }]\ncases: [{ id: a, input: hi, expect: { outcome: completed } }]\n',
      'policy.yaml': 'rules:\n  - { id: refund-cap, tool: issue_refund, deny_when: { arguments.amount: { gt: 100 } } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(2);
    const quote = 'no key "deny_when" here: did you mean "deny_if"?';
    expect(stderr).toContain(quote);
    expect(stderr).toContain('policy.yaml has 1 problem\n');
    expect(readFileSync(join(REPO, 'docs/authority.md'), 'utf8').replace(/\s+/g, ' ')).toContain(`(\`${quote}\`), and no no-condition warning beside it`);
  });
  // The tiers' example declares its tools with no mock: an approved issue_refund is answered not_mocked and runs nothing.
  it('approved: true on a tool copied from the tiers example fails the case, and validate warns, until the tool has a mock', async () => {
    const doc = readFileSync(join(REPO, 'docs/authority.md'), 'utf8');
    const tiers = /## Authority tiers\n\n```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    expect(tiers).toContain('{ name: issue_refund, tier: approve, effects: [money] }');
    expect(doc.replace(/\s+/g, ' ')).toContain('`approved: true` passes only when the call was made on a granted approval and went to the tool');
    const suite = (tools: string) => `suite: s\n${tools}cases:\n  - id: refund\n    input: refund 1234\n    expect: { outcome: completed, tools: [{ name: issue_refund, approved: true }] }\n`;
    const files = {
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\npolicy: false\n',
      'agent.mjs': "export default async (input, ctx) => {\n  const args = { order_id: '1234', amount: 20 };\n  await ctx.requestApproval('issue_refund', args, 'refund');\n  await ctx.callTool('issue_refund', args).catch(() => undefined);\n  return { outcome: 'completed', output: 'done' };\n};\n",
    };
    const dir = userProject({ ...files, 's.suite.yaml': suite(tiers) });
    const validated = await runCli(dir, ['validate']);
    expect(validated.exitCode).toBe(0);
    expect(validated.stderr.replace(/\s+/g, ' ')).toContain('issue_refund has no `mock`, no `handler` and no mock in this case: its calls are answered not_mocked and run nothing');
    const failed = await runCli(dir, ['eval']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain('(approved: true) (approved, but it did not run: answered not_mocked)');
    const mocked = userProject({ ...files, 's.suite.yaml': suite(tiers.replace('effects: [money] }', 'effects: [money], mock: { result: { refunded: true } } }')) });
    const passed = await runCli(mocked, ['eval']);
    expect(passed.stdout).toMatch(/1 case · 1 passed/);
    expect(passed.exitCode).toBe(0);
  });

  it('a misspelt tool in require_prior is hinted as the tool meant, with no word of globs', async () => {
    const dir = userProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      's.suite.yaml': 'suite: s\ntools: [{ name: lookup_order }, { name: issue_refund, tier: approve }]\ncases: [{ id: a, input: hi, expect: { outcome: completed } }]\n',
      'policy.yaml': 'rules:\n  - { id: verify-first, tool: issue_refund, require_prior: [lookup_ordr] }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(0);
    expect(stderr).toContain('expected  a tool declared in a suite: did you mean "lookup_order"? (issue_refund, lookup_order)');
    expect(stderr).not.toContain('glob');
  });
});

describe('docs/other-languages.md', () => {
  it('its transcript is made of valid agentready/1 messages', () => {
    const lines = snippet('other-languages/transcript').trim().split('\n');
    const requests = new Map<string | number, string>();
    for (const line of lines) {
      const message = JSON.parse(line.slice(2)) as { id?: string | number; method?: string; params?: unknown; result?: unknown; error?: { data?: unknown } };
      const problem = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) => expect(schema.safeParse(value).success, line).toBe(true);
      if (message.method) {
        if (message.id !== undefined) requests.set(message.id, message.method);
        const schema = { initialize: InitializeParamsSchema, run: RunParamsSchema, shutdown: ShutdownSchema, 'tools/call': ToolCallParamsSchema, 'approval/request': ApprovalRequestParamsSchema, usage: UsageParamsSchema }[message.method];
        expect(schema, `a known method: ${line}`).toBeDefined();
        problem(schema!, message.params);
      } else if (message.error) {
        expect(requests.get(message.id!)).toBe('tools/call');
        problem(ToolErrorDataSchema, message.error.data);
      } else {
        const method = requests.get(message.id!);
        if (method === 'initialize') problem(InitializeResultSchema, message.result);
        if (method === 'run') problem(RunResultSchema, message.result);
        if (method === 'shutdown') problem(ShutdownSchema, message.result);
      }
    }
    expect([...new Set(requests.values())].sort()).toEqual(['initialize', 'run', 'shutdown', 'tools/call']);
    // The run token has the shape the run makes (newToken), and the model base URLs carry it.
    const run = lines.map((line) => JSON.parse(line.slice(2)) as { method?: string; params?: { token?: string; models?: Record<string, string> } }).find((message) => message.method === 'run')!;
    const shape = (token: string) => token.replace(/[A-Za-z0-9_-]/g, 'x');
    expect(shape(run.params!.token!)).toBe(shape(newToken()));
    expect(run.params!.token!.startsWith('sk-agentready-')).toBe(true);
    for (const url of Object.values(run.params!.models!)) expect(url).toContain(`/models/${run.params!.token!}/`);
  });

  // Runs the Python agent where python3 is on the PATH (this CI's machines have only Node: there
  // the test checks the snippet for the protocol's methods and error handling instead).
  it('its Python agent passes a suite with a rate limit and a failing tool (with python3 on the PATH)', async () => {
    const agent = snippet('other-languages/python-agent');
    const python = spawnSync('python3', ['--version']);
    if (python.error) {
      for (const method of ['initialize', 'run', 'cancel', 'shutdown', 'tools/call', 'usage']) expect(agent).toContain(`"${method}"`);
      expect(agent).toContain('retry_after_ms');
      return;
    }
    const suite = `${SHOP_SUITE}  - id: rate-limited
    input: Where is order 1234?
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 200 }]
    expect: { outcome: completed, respect_retry_after: true, output: { contains: [shipped] } }
`;
    const dir = makeProject({ 'agent.py': agent, 'shop.suite.yaml': suite, 'agentready.config.yaml': shopConfig('{ adapter: stdio, command: [python3, agent.py] }') });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/3 cases · 3 passed/);
    expect(stdout).toContain('python-agent 1.0.0 (stdio), concurrency 3');
    expect(exitCode).toBe(0);
  });
  // A conversation's turns share their trace_id: the next turn's `run` may arrive while the thread
  // that answered the turn before has yet to clean up after it. That cleanup is held up here (50 ms
  // in `cancelled.pop`, a pause a busy machine may give a thread there; turn 2's run comes within a
  // few ms of turn 1's answer): it must not take away the event the next turn put in place, which
  // its rate-limit wait and its `cancel` need. The dict notes in stolen.txt any pop of another's event.
  it('its Python agent serves a conversation whose second turn is rate-limited (with python3 on the PATH)', async () => {
    const agent = snippet('other-languages/python-agent');
    expect(agent).toContain('cancelled = {}');
    if (spawnSync('python3', ['--version']).error) return;
    const watched = agent.replace('cancelled = {}', `class Watched(dict):
    def __setitem__(self, key, value):
        value.owner = threading.get_ident()
        super().__setitem__(key, value)

    def pop(self, key, *default):
        import time
        time.sleep(0.05)
        if key in self and self[key].owner != threading.get_ident():
            open("stolen.txt", "a").write(key + "\\n")
        return super().pop(key, *default)


cancelled = Watched()`);
    const suite = `suite: shop
${LOOKUP_TOOL}cases:
  - id: two-turns
    turns:
      - user: Where is order 1234?
      - user: And now?
    faults: [{ tool: lookup_order, call: 2, error: rate_limit, retry_after_ms: 50 }]
    expect: { outcome: completed, output: { contains: [shipped] } }
`;
    const dir = makeProject({ 'agent.py': watched, 'shop.suite.yaml': suite, 'agentready.config.yaml': shopConfig('{ adapter: stdio, command: [python3, agent.py] }') });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(existsSync(join(dir, 'stolen.txt')), 'a turn took away the next turn\'s cancel event').toBe(false);
    expect(stdout).toMatch(/1 case · 1 passed/);
    expect(exitCode).toBe(0);
  });
});

describe('docs/other-languages.md: http and exec', () => {
  it('its Python http agent, started by target.start, passes a rate limit and escalates on a failing tool (with python3 on the PATH)', async () => {
    const agent = snippet('other-languages/python-http-agent');
    if (spawnSync('python3', ['--version']).error) {
      for (const method of ['tools/call', 'usage', 'tools_url', 'authorization']) expect(agent).toContain(method);
      return;
    }
    const port = await freePort();
    const suite = `${SHOP_SUITE}  - id: rate-limited
    input: Where is order 1234?
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 100 }]
    expect: { outcome: completed, respect_retry_after: true, output: { contains: [shipped] } }
`;
    const target = `{ adapter: http, url: "http://127.0.0.1:${port}/", start: { command: [python3, agent.py], env: { PORT: "${port}" } } }`;
    const dir = makeProject({ 'agent.py': agent, 'shop.suite.yaml': suite, 'agentready.config.yaml': shopConfig(target) });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/3 cases · 3 passed/);
    expect(stdout).toMatch(/small-model\s+3 \(100%\)/);
    expect(exitCode).toBe(0);
  });

  it('its Python exec agent reports the calls it made, which are scored and judged by the policy (with python3 on the PATH)', async () => {
    const agent = snippet('other-languages/python-exec-agent');
    if (spawnSync('python3', ['--version']).error) {
      expect(agent).toContain('"tool_calls": tool_calls');
      return;
    }
    const suite = `suite: shop
${LOOKUP_TOOL}cases:
  - id: lookup
    input: Where is order 1234?
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }], output: { contains: [shipped] } }
`;
    const policy = 'rules:\n  - { id: no-1234, tool: lookup_order, deny_if: { arguments.order_id: { eq: "1234" } } }\n';
    const config = `${shopConfig('{ adapter: exec, command: [python3, agent.py] }')}policy: policy.yaml\n`;
    const dir = makeProject({ 'agent.py': agent, 'shop.suite.yaml': suite, 'policy.yaml': 'rules: []\n', 'agentready.config.yaml': config });
    const passing = await runCli(dir, ['eval']);
    expect(passing.stdout).toMatch(/1 case · 1 passed/);
    expect(passing.exitCode).toBe(0);
    writeFileSync(join(dir, 'policy.yaml'), policy);
    const denied = await runCli(dir, ['eval', '--no-gate']);
    expect(denied.stdout).toMatch(/✗ shop\/lookup  policy: /);
  });
});

describe('docs/frameworks.md', () => {
  it('installs each framework package at the line the recipes are tested with (package.json devDependencies)', () => {
    const { devDependencies } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const installs = blocks
      .filter((block) => block.doc === 'docs/frameworks.md' && block.marker?.kind === 'commands')
      .flatMap((block) => [...block.code.replace(/#.*$/gm, '').matchAll(/(?:^|\s)((?:@[\w.-]+\/)?[\w.-]+)@(\d[\w.]*)/g)].map(([, name, line]) => ({ name: name!, line: line! })));
    expect(installs.map((install) => install.name)).toEqual(expect.arrayContaining(['ai', '@ai-sdk/openai', '@openai/agents', '@langchain/langgraph', '@mastra/core']));
    const tested = installs.filter((install) => Object.hasOwn(devDependencies, install.name));
    expect(tested.length).toBeGreaterThanOrEqual(8);
    // `ai@6` names the line of `^6.0.326`; `@langchain/langgraph@1.7` that of `^1.7.3`.
    const off = tested.filter(({ name, line }) => !`${devDependencies[name]!.replace(/^[\^~]/, '')}.`.startsWith(`${line}.`));
    expect(off.map(({ name, line }) => `${name}@${line}, tested at ${devDependencies[name]}`)).toEqual([]);
  });
});

describe('docs/mcp.md', () => {
  it('its minimal MCP agent passes, and escalates on a tool error', async () => {
    const dir = userProject({ 'agent.mjs': snippet('mcp/agent'), 'shop.suite.yaml': SHOP_SUITE.replace('["(error)"]', '[human]'), 'agentready.config.yaml': shopConfig('{ adapter: stdio, command: [node, agent.mjs] }') });
    symlinkSync(join(REPO, 'node_modules/@modelcontextprotocol'), join(dir, 'node_modules/@modelcontextprotocol'));
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/2 cases · 2 passed/);
    expect(exitCode).toBe(0);
  });
});

describe('workflows in the docs', () => {
  const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  for (const name of ['reports/workflow', 'ci/workflow']) {
    it(`${name} runs agentready through npx --no-install or the action, with inputs it has`, () => {
      const workflow = parse(snippet(name)) as { on: unknown; jobs: Record<string, { steps: WorkflowStep[] }> };
      expect(workflow.on).toBe('pull_request');
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      const runsAgentready = steps.filter((step) => step.run?.includes('agentready') || step.uses?.includes('/agentready@'));
      expect(runsAgentready.length).toBe(1);
      for (const step of steps) {
        if (step.run) expect(commandProblems(step.run)).toEqual([]);
        if (step.uses?.includes('/agentready@')) expect(Object.keys(step.with ?? {}).filter((input) => !(input in action.inputs))).toEqual([]);
      }
      expect(steps.findIndex((step) => step.run === 'npm ci')).toBeLessThan(steps.indexOf(runsAgentready[0]!));
      // A re-run job uploads under its earlier attempt's name, which upload-artifact (v4 and later) may refuse (409) without overwrite, as init's workflow says.
      const uploads = steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@'));
      expect(uploads.length).toBeGreaterThan(0);
      for (const upload of uploads) expect(upload.with?.overwrite).toBe(true);
      // Every report a step writes is kept: a file written and never uploaded is lost with the runner.
      const { written, lost } = reportsNotUploaded(steps);
      expect(written.length).toBeGreaterThan(0);
      expect(lost).toEqual([]);
    });
  }

  it('a report counts as uploaded by its file, its folder or a glob, from the folder its step runs in', () => {
    const upload = (path: string): WorkflowStep => ({ uses: 'actions/upload-artifact@v7', with: { path } });
    const run = (command: string, folder?: string): WorkflowStep => ({ run: command, ...(folder ? { 'working-directory': folder } : {}) });
    expect(reportsNotUploaded([run('x --reporter=junit:j.xml --reporter "html:r.html"'), upload('j.xml')]).lost).toEqual(['r.html']);
    expect(reportsNotUploaded([run('x --reporter junit:out/j.xml --reporter json:a/b/c.json'), upload('out/\n**/*.json')]).lost).toEqual([]);
    expect(reportsNotUploaded([run('x --reporter junit:j.xml', 'evals'), upload('j.xml')]).lost).toEqual(['evals/j.xml']);
    expect(reportsNotUploaded([{ uses: 'OWNER/agentready@main', with: { args: '--reporter junit:j.xml', 'working-directory': 'evals' } }, upload('evals/*.xml')]).lost).toEqual([]);
    expect(reportsNotUploaded([run('x --reporter junit:j.xml'), upload('*.xml\n!j.xml')]).lost).toEqual(['j.xml']);
    expect(reportsNotUploaded([run('x --reporter junit:j.xml'), upload('j.xm')]).lost).toEqual(['j.xml']);
  });
});

describe('docs/reports.md', () => {
  it('a reporter whose folder cannot be created is a usage error before the first case, as it says', async () => {
    const dir = userProject({ 'agent.mjs': snippet('readme/stdio-agent'), 'shop.suite.yaml': SHOP_SUITE, 'agentready.config.yaml': shopConfig('{ adapter: stdio, command: [node, agent.mjs] }') });
    writeFileSync(join(dir, 'not-a-folder'), '');
    const { exitCode, stderr } = await runCli(dir, ['eval', '--reporter', 'html:not-a-folder/report.html']);
    expect(stderr).toContain('agentready: reporter html cannot write not-a-folder/report.html: not-a-folder is a file, so no folder can be made there');
    expect(exitCode).toBe(2);
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  });
});
