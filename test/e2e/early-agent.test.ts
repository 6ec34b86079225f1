// `eval` spawns the agent as soon as the config file is read, so the agent boots while the suites
// and the policy load; the run then initializes that same process, and a run that does not start
// (a file with an error) stops it. The policy file is a FIFO: the CLI blocks reading it until the
// test writes it, so what the agent does meanwhile happened while the files were loading.
import { execaSync } from 'execa';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goneWithin } from './helpers/processes.js';
import { AGENTS, latestRunDir, makeProject, runCli, startCli } from './helpers/run-cli.js';

/** A project whose stdio agent writes its pid to `booted` first thing, and whose policy is a FIFO. */
function project(): string {
  const dir = makeProject({
    'agent.js': `import { writeFileSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href)};
writeFileSync('booted', String(process.pid));
serveStdio(async () => ({ outcome: 'completed', output: 'pid ' + process.pid }), { name: 'early', version: '1.0.0' });
`,
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n',
    's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
  });
  execaSync('mkfifo', [join(dir, 'policy.yaml')]);
  return dir;
}

/**
 * The pid the agent wrote once booted; fails after `ms`. The file exists (empty) before its pid
 * is written, and an empty read is pid 0, which `kill(0, 0)` finds "alive" (the process group):
 * only a whole number counts.
 */
async function bootedPid(dir: string, ms: number): Promise<number> {
  const file = join(dir, 'booted');
  const deadline = Date.now() + ms;
  const read = (): number => (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0);
  while (!(read() > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded
  const pid = read();
  expect(pid, 'the agent wrote its pid').toBeGreaterThan(0);
  return pid;
}

/** A stdio agent that appends each method it is sent to `methods` (initialize with the suite it was told) and answers it. */
const METHOD_LOGGING_AGENT = `import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
const reply = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line);
  appendFileSync('methods', method === 'initialize' ? 'initialize ' + params.suite + '\\n' : method + '\\n');
  if (method === 'initialize') reply(id, { name: 'early', version: '1.0.0', concurrency: 1 });
  if (method === 'run') reply(id, { outcome: 'completed', output: 'ok' });
  if (method === 'shutdown') {
    reply(id, {});
    process.exit(0);
  }
});
`;

/** The methods the METHOD_LOGGING_AGENT in `dir` was sent so far. */
function methodsSent(dir: string): string[] {
  const file = join(dir, 'methods');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

describe('the agent boots while the files load', () => {
  it('a stdio agent is sent initialize once the suites are read, before the baseline is; a run that then does not start shuts it down', async () => {
    const dir = makeProject({
      'agent.js': METHOD_LOGGING_AGENT,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\nbaseline: baseline.json\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    // The baseline is a FIFO: the CLI waits reading it (after the suites) until the test writes it.
    execaSync('mkfifo', [join(dir, 'baseline.json')]);
    const cli = startCli(dir, ['eval']);
    const deadline = Date.now() + 20_000;
    while (methodsSent(dir).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded
    expect(methodsSent(dir)).toEqual(['initialize s']);
    await writeFile(join(dir, 'baseline.json'), '{ not json');
    const result = await cli;
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/baseline\.json/);
    expect(methodsSent(dir)).toEqual(['initialize s', 'shutdown']);
  });

  it('the run takes the start begun early: one initialize, then the cases', async () => {
    const dir = makeProject({
      'agent.js': METHOD_LOGGING_AGENT,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n  - { id: b, input: hi, expect: { outcome: completed } }\n',
    });
    const result = await startCli(dir, ['eval', '--no-gate']);
    expect(result.exitCode).toBe(0);
    expect(methodsSent(dir)).toEqual(['initialize s', 'run', 'run', 'shutdown']);
  });

  it('the process spawned before the policy was read is the one that runs the cases', async () => {
    const dir = project();
    const cli = startCli(dir, ['eval', '--no-gate']);
    const pid = await bootedPid(dir, 20_000);
    await writeFile(join(dir, 'policy.yaml'), 'rules: []\n');
    const result = await cli;
    expect(result.exitCode).toBe(0);
    const [, line] = readFileSync(join(latestRunDir(dir), 'results.jsonl'), 'utf8').split('\n');
    expect(JSON.parse(line!)).toMatchObject({ case_id: 'a', status: 'passed' });
    const [trace] = readFileSync(join(latestRunDir(dir), 'traces.jsonl'), 'utf8').split('\n');
    expect(JSON.parse(trace!)).toMatchObject({ case_id: 'a', output: `pid ${pid}` });
  });

  it('Ctrl-C before the first case: exit 130 once the files are read, the agent stopped, no run folder', async () => {
    const dir = project();
    const cli = startCli(dir, ['eval']);
    const pid = await bootedPid(dir, 20_000);
    cli.kill('SIGINT');
    await writeFile(join(dir, 'policy.yaml'), 'rules: []\n');
    const result = await cli;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toContain('interrupted before the first case');
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
    expect(await goneWithin([pid], 5000)).toEqual([true]);
  });

  it('an agent that died while the files loaded: exit 3 naming its exit, and the CLI ends', async () => {
    const dir = project();
    writeFileSync(join(dir, 'agent.js'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('booted', String(process.pid));\nprocess.exit(4);\n");
    const cli = startCli(dir, ['eval']);
    const pid = await bootedPid(dir, 20_000);
    expect(await goneWithin([pid], 10_000)).toEqual([true]);
    // The agent is gone before the run starts: its start fails at once, while the run's
    // endpoints are still opening; they must be closed once open, or the CLI never exits.
    await writeFile(join(dir, 'policy.yaml'), 'rules: []\n');
    const result = await cli;
    expect(result.exitCode).toBe(3);
    expect(String(result.stderr)).toContain('agent exited with code 4 during start-up');
  });

  it('a file with an error: exit 2, and the agent spawned early is stopped', async () => {
    const dir = project();
    const cli = startCli(dir, ['eval']);
    const pid = await bootedPid(dir, 20_000);
    await writeFile(join(dir, 'policy.yaml'), 'rules: [{ id: 1 }]\n');
    const result = await cli;
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/policy\.yaml:1:\d+/);
    expect(await goneWithin([pid], 5000)).toEqual([true]);
  });

  it('a suite with an error: exit 2 at its line and column, the agent spawned early stopped, nothing of it printed', async () => {
    const dir = makeProject({
      'agent.js': `import { writeFileSync } from 'node:fs';
writeFileSync('booted', String(process.pid));
process.stdout.write('AGENT-NOISE on stdout\\n');
process.stderr.write('AGENT-NOISE on stderr\\n');
setInterval(() => undefined, 1000);
`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcom: completed } }\n',
    });
    // The policy is a FIFO: the CLI blocks reading it, after the suite, until the agent has booted.
    execaSync('mkfifo', [join(dir, 'policy.yaml')]);
    const cli = startCli(dir, ['eval']);
    const pid = await bootedPid(dir, 20_000);
    await writeFile(join(dir, 'policy.yaml'), 'rules: []\n');
    const result = await cli;
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/s\.suite\.yaml:4:\d+/);
    expect(`${String(result.stdout)}${String(result.stderr)}`).not.toContain('AGENT-NOISE');
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
    expect(await goneWithin([pid], 5000)).toEqual([true]);
  });

  it('a usage error found once the files are read (in the code that loads after the spawn): exit 2, and the agent is stopped', async () => {
    const dir = project();
    const cli = startCli(dir, ['eval', '--resume', '--suite', 's']);
    const pid = await bootedPid(dir, 20_000);
    await writeFile(join(dir, 'policy.yaml'), 'rules: []\n');
    const result = await cli;
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/--resume runs the cases the interrupted run planned: it cannot take --suite/);
    expect(await goneWithin([pid], 5000)).toEqual([true]);
  });
});

describe("initialize's suite", () => {
  // A stdio agent that writes the suite each initialize names, one line each.
  const AGENT = `import { appendFileSync } from 'node:fs';
import readline from 'node:readline';
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  const answer = (result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }) + '\\n');
  if (m.method === 'initialize') { appendFileSync('initialized', m.params.suite + '\\n'); answer({ name: 'raw', version: '1' }); }
  else if (m.method === 'run') answer({ outcome: 'completed', output: m.params.case.id });
  else if (m.method === 'shutdown') { answer({}); process.exit(0); }
});
`;
  const twoSuites = () => makeProject({
    'agent.js': AGENT,
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [a.suite.yaml, b.suite.yaml]\n',
    'a.suite.yaml': 'suite: first\ntools: []\ncases:\n  - { id: one, input: hi, expect: { outcome: completed } }\n',
    'b.suite.yaml': 'suite: second\ntools: []\ncases:\n  - { id: two, input: hi, expect: { outcome: completed } }\n',
  });
  const initialized = async (args: string[]) => {
    const dir = twoSuites();
    const result = await runCli(dir, ['eval', '--no-gate', ...args]);
    expect(result.exitCode, result.stderr).toBe(0);
    return readFileSync(join(dir, 'initialized'), 'utf8');
  };

  it('is the first suite the run selects, not a suite the filters left out', async () => {
    expect(await initialized([])).toBe('first\n');
    expect(await initialized(['--suite', 'second'])).toBe('second\n');
    expect(await initialized(['--grep', 'two'])).toBe('second\n');
  });
});
