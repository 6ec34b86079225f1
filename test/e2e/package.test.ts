// The package installs from its tarball into another project, offline, and an agent there
// imports its types and `serveStdio` the way the README says.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_NAME, installedProject, packCheckout, runInstalled, runInstalledWithNpx, type Packed } from './helpers/installed-package.js';
import { REPO } from './helpers/run-cli.js';

const SUITE = `suite: shop
tools:
  - name: lookup_order
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
  - name: issue_refund
    tier: approve
    mock: { result: { refund_id: rf-1 } }
cases:
  - id: where-is-my-order
    input: where is order 1234?
    expect:
      outcome: completed
      tools: [{ name: lookup_order, args: { order_id: "1234" } }]
      output: { contains: [shipped] }
  - id: refund
    input: refund order 1234
    expect:
      outcome: completed
      tools: [{ name: issue_refund, args: { order_id: "1234" }, approved: true }]
      output: { contains: [rf-1] }
`;

// A module agent typed with the package's types only.
const MODULE_AGENT = `import type { AgentContext, AgentResult, AgentTask } from '${PACKAGE_NAME}';

export const name = 'typed-agent';
export default async function agent(task: AgentTask, ctx: AgentContext): Promise<AgentResult> {
  // Every run carries the model gateway's base URLs, typed so: an SDK's baseURL takes them as they are.
  const baseURL: string = ctx.models.openai_base_url;
  const anthropicBaseURL: string = task.models.anthropic_base_url;
  if (!baseURL.startsWith('http://127.0.0.1:') || !anthropicBaseURL.startsWith('http://127.0.0.1:')) return { outcome: 'refused', output: baseURL };
  ctx.recordUsage({ model: 'small-model', input_tokens: 100, output_tokens: 20 });
  if (task.case.input.startsWith('refund')) {
    const args = { order_id: '1234' };
    const { approved } = await ctx.requestApproval('issue_refund', args, 'the customer asked');
    if (!approved) return { outcome: 'escalated', output: 'A colleague will decide.' };
    const refund = await ctx.callTool<{ refund_id: string }>('issue_refund', args);
    return { outcome: 'completed', output: \`Refunded: \${refund.refund_id}\` };
  }
  const order = await ctx.callTool<{ status: string }>('lookup_order', { order_id: '1234' });
  return { outcome: 'completed', output: \`Your order is \${order.status}.\` };
}
`;

// The same agent over stdio, as one function: no JSON-RPC of its own.
const STDIO_AGENT = `import { serveStdio } from '${PACKAGE_NAME}/agent';

serveStdio(async (task, ctx) => {
  ctx.recordUsage({ model: 'small-model', input_tokens: 100, output_tokens: 20 });
  if (task.case.input.startsWith('refund')) {
    const args = { order_id: '1234' };
    const { approved } = await ctx.requestApproval('issue_refund', args, 'the customer asked');
    if (!approved) return { outcome: 'escalated', output: 'A colleague will decide.' };
    const refund = await ctx.callTool('issue_refund', args);
    return { outcome: 'completed', output: \`Refunded: \${refund.refund_id}\` };
  }
  const order = await ctx.callTool('lookup_order', { order_id: '1234' });
  return { outcome: 'completed', output: \`Your order is \${order.status}.\` };
}, { name: 'stdio-agent', version: '1.0.0', concurrency: 2 });
`;

// A custom check typed with the package's types: the trace's fields are known, the verdict is checked.
const SCORER = `import type { CustomCheck } from '${PACKAGE_NAME}';

const polite: CustomCheck = (trace) => {
  const ok = typeof trace.output === 'string' && trace.tool_calls.every((call) => call.name !== 'close_account');
  return { pass: ok, score: ok ? 1 : 0, reason: ok ? 'polite' : 'rude' };
};
export default polite;
`;

/** A check whose verdict breaks the types. */
const WRONG_SCORER = `import type { CustomCheck } from '${PACKAGE_NAME}';
const wrong: CustomCheck = (trace) => ({ pass: 'yes', reason: trace.outcome });
export default wrong;
`;

// A tool handler typed with the package's types: its arguments, the world's state and its case are known.
const HANDLER = `import type { ToolHandler, ToolWorld } from '${PACKAGE_NAME}';

type Orders = { orders: Record<string, { status: string }> };
export const cancelOrder: ToolHandler<{ order_id: string }, Orders> = (args, world: ToolWorld<Orders>) => {
  const order = world.state.orders[args.order_id];
  if (!order) throw { kind: 'not_found', message: \`no order \${args.order_id} for \${world.case.id} (call \${world.call})\` };
  order.status = 'cancelled';
  return { status: order.status };
};
`;

const WRONG_HANDLER = `import type { ToolHandler } from '${PACKAGE_NAME}';
export const wrong: ToolHandler<{ order_id: string }, { count: number }> = (args, world) => { world.state.count = args.order_id; };
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'], skipLibCheck: true },
  include: ['*.ts', 'wrong/*.ts'],
});

/** A result that breaks the types: tsc must refuse it (the types are not `any`). */
const WRONG_AGENT = `import type { AgentContext, AgentResult, AgentTask } from '${PACKAGE_NAME}';
export default async function agent(task: AgentTask, ctx: AgentContext): Promise<AgentResult> {
  ctx.recordUsage({ model: 'm', input_tokens: 'many', output_tokens: 1 });
  return { outcome: 'done', output: task.case.nothing };
}
`;

// An older TypeScript project: \`module: commonjs\` resolves packages the node10 way, which reads no
// \`exports\` map (\`tsc --init\`'s skipLibCheck and esModuleInterop, as such projects have).
const NODE10_TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: 'CommonJS', target: 'ES2022', noEmit: true, types: ['node'], skipLibCheck: true, esModuleInterop: true },
  include: ['node10/*.ts'],
});

const NODE10_AGENT = `import { serveStdio } from '${PACKAGE_NAME}/agent';
import type { AgentContext, AgentResult, AgentTask } from '${PACKAGE_NAME}';

async function agent(task: AgentTask, ctx: AgentContext): Promise<AgentResult> {
  const order = await ctx.callTool<{ status: string }>('lookup_order', { order_id: '1234' });
  return { outcome: 'completed', output: \`\${task.case.input}: \${order.status}\` };
}
serveStdio(agent, { name: 'node10-agent' });
`;

// A CommonJS package under module: node16, as the README says: the types imported with resolution-mode.
const CJS_TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: 'Node16', target: 'ES2022', noEmit: true, types: ['node'], skipLibCheck: true },
  include: ['cjs/*.ts'],
});

const CJS_AGENT = `import type { AgentContext, AgentResult, AgentTask } from '${PACKAGE_NAME}' with { 'resolution-mode': 'import' };

export = async function agent(task: AgentTask, ctx: AgentContext): Promise<AgentResult> {
  const order = await ctx.callTool<{ status: string }>('lookup_order', { order_id: '1234' });
  return { outcome: 'completed', output: \`\${task.case.input}: \${order.status}\` };
};
`;

const config = (target: string) => `target: ${target}
suites: [shop.suite.yaml]
run: { concurrency: 2, timeout_ms: 20000 }
`;

/** The project's tsc (node_modules/typescript, linked from this checkout), run without npx: these tests are about the .d.ts. */
const TSC = 'node_modules/typescript/bin/tsc';

/** The three projects the typing tests check: ES modules (NodeNext), CommonJS resolved the node10 way, CommonJS under node16. */
const TS_PROJECTS = ['tsconfig.json', 'tsconfig.node10.json', 'tsconfig.cjs.json'];

/**
 * One `tsc -b` of the three projects, shared by the typing tests: build mode parses a file the
 * projects share (the package's .d.ts, @types/node, the lib files) once, where a `tsc -p` each
 * parsed them three times (~2 s of CPU a run). Its output holds each project's errors, named by
 * file, and --verbose names each project it checked.
 */
let typeChecked: Promise<{ stdout: string; built: string[]; errors: string[] }> | undefined;
function typeCheck(): Promise<{ stdout: string; built: string[]; errors: string[] }> {
  typeChecked ??= execa('node', [TSC, '-b', ...TS_PROJECTS, '--verbose'], { cwd: dir, reject: false }).then(({ stdout }) => {
    const lines = stdout.split(/\r?\n/);
    return {
      stdout,
      // tsc names a project by its absolute path, with forward slashes on every platform.
      built: TS_PROJECTS.filter((project) => lines.some((line) => line.includes('Building project') && line.endsWith(`/${project}'...`))),
      errors: lines.filter((line) => line.includes('error TS')),
    };
  });
  return typeChecked;
}

let packed: Packed;
/** One install for every test: `npm ci` takes a while on a busy machine. */
let dir: string;
beforeAll(async () => {
  packed = await packCheckout();
  dir = await installedProject(
    packed,
    {
      'shop.suite.yaml': SUITE,
      'agent.ts': MODULE_AGENT,
      'stdio-agent.js': STDIO_AGENT,
      'tsconfig.json': TSCONFIG,
      'tsconfig.node10.json': NODE10_TSCONFIG,
      'node10/agent.ts': NODE10_AGENT,
      'tsconfig.cjs.json': CJS_TSCONFIG,
      'cjs/package.json': '{ "type": "commonjs" }\n',
      'cjs/agent.ts': CJS_AGENT,
      'module.config.yaml': config('{ adapter: module, module: ./agent.ts }'),
      'agentready.config.yaml': config('{ adapter: stdio, command: [node, stdio-agent.js] }'),
      'wrong/agent.ts': WRONG_AGENT,
      'scorer.ts': SCORER,
      'wrong/scorer.ts': WRONG_SCORER,
      'handler.ts': HANDLER,
      'wrong/handler.ts': WRONG_HANDLER,
    },
    ['typescript', '@types/node'],
  );
}, 300_000);

// The tests share the installed project but not what they write in it: tsc checks the top-level
// *.ts and wrong/*.ts, eval writes .agentready/ there, init writes its own folders (stdio/, http/,
// module/, exec/, taken/). tsc takes the CPU while the evals wait on their agents: they run at once.
describe.concurrent('the packed package', () => {
  it("ships the CLI, the built code with its .d.ts, the schemas and the payload packs, and no tests, test agents or the build's state", () => {
    const shipped = ['bin/agentready.js', 'bin/load-cli.js', 'dist/cli-script/main.cjs', 'dist/agent/index.d.ts', 'dist/agent/serve-stdio.d.ts', 'dist/agent-bundle/serve-stdio.js', 'dist/cli-bundle/main.js', 'schemas/suite.json', 'fixtures/adversarial/prompt-injection.yaml'];
    expect(packed.files).toEqual(expect.arrayContaining(shipped));
    expect(packed.files.filter((file) => /^(test|src|fixtures\/(agents|example|frameworks))\//.test(file))).toEqual([]);
    // What the build keeps to skip work it did already stays home: tsc -b's state, each bundle's inputs (kept in dist/, so that they go when it goes).
    expect(existsSync(join(REPO, 'dist/tsconfig.tsbuildinfo'))).toBe(true);
    expect(existsSync(join(REPO, 'dist/cli-bundle/.built-from.json'))).toBe(true);
    expect(packed.files.filter((file) => /\.tsbuildinfo$|\/\.built-from\.json$/.test(file))).toEqual([]);
    // The docs the README links to and the files init writes name ship with it.
    const linked = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/\]\((docs\/[\w-]+\.md)/g)].map((m) => m[1]!);
    const named = readdirSync(join(REPO, 'templates/init'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.ya?ml$/.test(file))
      .flatMap((file) => [...readFileSync(join(REPO, 'templates/init', file), 'utf8').matchAll(/node_modules\/agentready-cli\/(docs\/[\w-]+\.md)/g)].map((m) => m[1]!));
    expect(named).toEqual(expect.arrayContaining(['docs/suite-format.md', 'docs/authority.md']));
    expect(linked.length).toBeGreaterThan(3);
    expect(packed.files).toEqual(expect.arrayContaining([...linked, ...named]));
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ agentready: 'bin/agentready.js' });
    // The bin is CommonJS (a start without the ES-module loader) by the package.json beside it.
    expect(packed.files).toContain('bin/package.json');
  });

  it("ships of dist/ only what an entry point loads: the bundles, the exports' files and the .d.ts their types import; source maps only where Node can read them", () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const exported = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target))).map((file) => file.replace(/^\.\//, '')).filter((file) => file.startsWith('dist/'));
    // The .d.ts the exports' types import, to the last: one left out reads as `any` in a project with skipLibCheck, silently.
    const types = new Set<string>();
    const pending = exported.filter((file) => file.endsWith('.d.ts'));
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (types.has(file)) continue;
      types.add(file);
      for (const m of readFileSync(join(REPO, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) pending.push(posix.join(posix.dirname(file), m[1]!).replace(/\.js$/, '.d.ts'));
    }
    const dist = packed.files.filter((file) => file.startsWith('dist/'));
    expect(dist.filter((file) => file.endsWith('.d.ts')).sort()).toEqual([...types].sort());
    // The CLI runs from its bundles (bin/load-cli.js); tsc's unbundled modules and their maps are not loaded by anything installed.
    const bundles = /^dist\/(cli-bundle\/[\w-]+\.js|cli-script\/main\.cjs|agent-bundle\/serve-stdio\.js)$/;
    expect(dist.filter((file) => !file.endsWith('.d.ts') && !file.endsWith('.map') && !bundles.test(file) && !exported.includes(file))).toEqual([]);
    expect(dist).toEqual(expect.arrayContaining(exported));
    // Maps of the ES-module bundles, which `NODE_OPTIONS=--enable-source-maps` runs and maps stack traces with; the script's would never be read (a vm script gets none).
    expect(dist.filter((file) => file.endsWith('.map') && !/^dist\/(cli-bundle|agent-bundle)\/[\w-]+\.js\.map$/.test(file))).toEqual([]);
    expect(dist).toContain('dist/cli-bundle/main.js.map');
  });

  it('answers --version from the installed bin, run the way the docs say (npx --no-install)', async () => {
    const version = await runInstalledWithNpx(dir, ['--version']);
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(installed.version);
    expect(version.exitCode).toBe(0);
  });

  it("types a module agent, a custom check and a tool handler from the package's .d.ts, and refuse a wrong result, wrong usage, an unknown task field, a wrong verdict and a wrong state", { timeout: 120_000 }, async () => {
    const tsc = await typeCheck();
    expect(tsc.built).toContain('tsconfig.json');
    const errors = tsc.errors.filter((line) => !/^(node10|cjs)\//.test(line));
    expect(errors.filter((line) => !line.startsWith('wrong/'))).toEqual([]);
    expect(errors).toHaveLength(5);
    expect(tsc.stdout).toMatch(/wrong\/agent\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(tsc.stdout).toMatch(/wrong\/agent\.ts\(4,\d+\): error TS2322: Type '"done"' is not assignable/);
    expect(tsc.stdout).toMatch(/wrong\/agent\.ts\(4,\d+\): error TS2339: Property 'nothing' does not exist/);
    expect(tsc.stdout).toMatch(/wrong\/scorer\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'boolean'/);
    expect(tsc.stdout).toMatch(/wrong\/handler\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });

  it("types an agent in a CommonJS TypeScript project from the package's .d.ts: node10 resolution (no exports map), and node16 with the README's resolution-mode", { timeout: 120_000 }, async () => {
    const tsc = await typeCheck();
    // Each project checked (the build does not stop at the first project's errors in wrong/), with no error in its files.
    expect(tsc.built).toEqual(expect.arrayContaining(['tsconfig.node10.json', 'tsconfig.cjs.json']));
    expect(tsc.errors.filter((line) => /^(node10|cjs)\//.test(line))).toEqual([]);
    // module: node16 in a CommonJS package (cjs/): the README's import with resolution-mode. Any other error is the first project's wrong/ files'.
    expect(tsc.errors.filter((line) => !line.startsWith('wrong/'))).toEqual([]);
  });

  it('runs eval offline in the fresh project: a serveStdio agent and the typed module agent pass', { timeout: 240_000 }, async () => {
    expect(existsSync(join(dir, 'node_modules', PACKAGE_NAME, 'dist/agent/index.d.ts'))).toBe(true);
    // Independent commands (each eval its own run folder), run at once: each waits mostly on its agent.
    const [stdio, module, validate] = await Promise.all([
      runInstalled(dir, ['eval']),
      runInstalled(dir, ['eval', '--config', 'module.config.yaml']),
      // validate parses the module agent with the esbuild the installed tsx depends on.
      runInstalled(dir, ['validate', '--config', 'module.config.yaml']),
    ]);
    expect(stdio.stdout).toMatch(/2 cases · 2 passed/);
    expect(stdio.stdout).toContain('stdio-agent 1.0.0');
    expect(stdio.exitCode).toBe(0);

    expect(module.stdout).toMatch(/2 cases · 2 passed/);
    expect(module.exitCode).toBe(0);
    expect(validate.stdout, validate.stderr).toContain('Valid: 1 suite, 2 cases.');
    expect(validate.exitCode).toBe(0);
  });

  it('init writes a working project for each transport: the first eval passes with no edit, and its workflow\'s shards merge into one passing run', { timeout: 300_000 }, async () => {
    // The four projects are independent: made and run at once (each waits mostly on its agent).
    await Promise.all(['stdio', 'http', 'module', 'exec'].map(async (adapter) => {
      const init = await runInstalled(dir, ['init', '--adapter', adapter, '--dir', adapter]);
      expect(init.exitCode, init.stderr).toBe(0);
      expect(init.stdout).toContain(`Wrote an agentready project for ${adapter === 'http' || adapter === 'exec' ? 'an' : 'a'} ${adapter} agent in ${adapter}:`);
      // Installed here: the stdio agent's import of agentready-cli/agent resolves, so no install hint.
      expect(init.stdout).not.toContain('npm i -D agentready-cli');
      // The suite's first line gives editors its schema: the installed package's, from the suite's folder.
      const line = /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(join(dir, adapter, 'evals/support.suite.yaml'), 'utf8'));
      expect(line?.[1]).toBe('../../node_modules/agentready-cli/schemas/suite.json');
      expect(existsSync(join(dir, adapter, 'evals', line![1]!))).toBe(true);
      const evaluation = await runInstalled(dir, ['eval'], adapter);
      expect(evaluation.stdout, `${adapter}: ${evaluation.stderr}`).toMatch(/3 cases · 3 passed/);
      expect(evaluation.exitCode).toBe(0);
    }));
    // The workflow's own commands, as its jobs run them: each shard of the matrix, then merge.
    type Step = { run?: string; uses?: string; with?: { path?: string; pattern?: string } };
    const workflow = parse(readFileSync(join(dir, 'stdio/.github/workflows/agentready.yml'), 'utf8')) as {
      on: { pull_request: null; push: { branches: string[] } };
      jobs: { eval: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; gate: { needs: string; steps: Step[] } };
    };
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.jobs.gate.needs).toBe('eval');
    // A step's agentready command: its `run`, or the line of its script that runs agentready.
    const command = (step: Step) => step.run?.split('\n').map((line) => line.trim()).find((line) => line.startsWith('npx --no-install agentready '));
    const agentready = (step: Step) => command(step) !== undefined;
    const [shardStep] = workflow.jobs.eval.steps.filter(agentready);
    const [mergeStep] = workflow.jobs.gate.steps.filter(agentready);
    const runnerTemp = join(dir, 'runner-temp');
    const args = (step: Step, shard = 0) =>
      command(step)!.replace('npx --no-install agentready ', '').replace('${{ matrix.shard }}', String(shard)).replaceAll('$RUNNER_TEMP', runnerTemp).replaceAll('"', '').split(' ').filter((arg) => arg !== '$@');
    // The gate job downloads only the shards' run folders: the first eval's is left out here.
    const before = new Set(readdirSync(join(dir, 'stdio/.agentready/runs')));
    // The matrix's jobs run at once, as on GitHub.
    for (const run of await Promise.all(workflow.jobs.eval.strategy.matrix.shard.map((shard) => runInstalled(dir, args(shardStep!, shard), 'stdio')))) {
      expect(run.exitCode, run.stderr).toBe(0);
    }
    const runs = readdirSync(join(dir, 'stdio/.agentready/runs'))
      .filter((run) => !before.has(run))
      .map((run) => `.agentready/runs/${run}`);
    const merge = await runInstalled(dir, args(mergeStep!).flatMap((arg) => (arg === '.agentready/runs/*' ? runs : [arg])), 'stdio');
    expect(merge.stdout, merge.stderr).toMatch(/3 cases · 3 passed/);
    expect(merge.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'stdio/agentready-junit.xml'), 'utf8')).toContain('needs-order-number');
    // The summary the pull request's comment is made of.
    expect(readFileSync(join(runnerTemp, 'agentready-summary.md'), 'utf8')).toMatch(/^## ✅ agentready: gate passed/);
    expect(workflow.jobs.eval.steps.at(-1)!.with!.path).toContain('.agentready/runs/');
    expect(workflow.jobs.gate.steps.find((step) => step.uses === 'actions/download-artifact@v8')!.with!.pattern).toBe('agentready-shard-*');
  });

  it('init refuses to overwrite: exit 2, naming the files, and writes nothing', async () => {
    mkdirSync(join(dir, 'taken'), { recursive: true });
    writeFileSync(join(dir, 'taken/policy.yaml'), 'rules: []\n');
    const init = await runInstalled(dir, ['init', '--dir', 'taken']);
    expect(init.exitCode).toBe(2);
    expect(init.stderr).toContain('init would overwrite policy.yaml in');
    expect(readdirSync(join(dir, 'taken'))).toEqual(['policy.yaml']);
    expect(readFileSync(join(dir, 'taken/policy.yaml'), 'utf8')).toBe('rules: []\n');
  });
});

