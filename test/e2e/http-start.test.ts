// An http target that starts its own server (`target.start`): agentready starts it, waits until
// it accepts connections at `url`, and stops it and everything it started when the run ends,
// fails to start, or is interrupted.
import { execaSync } from 'execa';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { alive, goneWithin } from './helpers/processes.js';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AGENTS, freePort, makeProject, runCli, startCli } from './helpers/run-cli.js';

/** The case results a project's run folders hold (none when no run folder was made). */
function recordedCases(dir: string): number {
  const root = join(dir, '.agentready/runs');
  if (!existsSync(root)) return 0;
  return readdirSync(root).reduce((sum, run) => {
    const file = join(root, run, 'results.jsonl');
    return sum + (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1 : 0);
  }, 0);
}

/** A project whose http target starts fixtures/agents/http-started-server.js with `env`. */
async function project(env: Record<string, string> = {}, extra = ''): Promise<{ dir: string; port: number }> {
  const port = await freePort();
  const envYaml = Object.entries({ PORT: String(port), PIDS_FILE: 'pids', ...env }).map(([key, value]) => `${key}: "${value}"`).join(', ');
  const dir = makeProject({
    'agentready.config.yaml': `target:
  adapter: http
  url: http://127.0.0.1:${port}/run
  start: { command: [node, ${JSON.stringify(join(AGENTS, 'http-started-server.js'))}], env: { ${envYaml} }${extra} }
suites: [s.suite.yaml]
run: { timeout_ms: 30000 }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
  - { id: a, input: first, expect: { outcome: completed, output: { contains: "ok: first" } } }
  - { id: b, input: second, expect: { outcome: completed } }
`,
  });
  return { dir, port };
}


const pidsOf = (dir: string) => readFileSync(join(dir, 'pids'), 'utf8').split(' ').map(Number);

describe('target.start', () => {
  it('starts the server, waits until it accepts connections, and stops it and its child after the run', async () => {
    const { dir } = await project({ LISTEN_AFTER_MS: '700' });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/2 cases · 2 passed/);
    expect(exitCode).toBe(0);
    const [server, child] = pidsOf(dir);
    expect(alive(server!)).toBe(false);
    expect(alive(child!)).toBe(false);
  });

  it('a server that exits at start: exit 3, naming its exit code and quoting its output', async () => {
    const { dir } = await project({ START_MODE: 'exit' });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain('exited with code 4 before it answered at 127.0.0.1:');
    expect(stderr).toContain('http-started-server: missing DATABASE_URL, giving up');
  });

  it('a command that cannot be started: exit 3, saying so (not a made-up exit code=null) with the usual cause', async () => {
    const port = await freePort();
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: http, url: "http://127.0.0.1:${port}/", start: { command: [agentready-no-such-server] } }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: first, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain('the server of target.start (`agentready-no-such-server`) could not be started (spawn agentready-no-such-server ENOENT): no such program on the PATH, or file or folder from ');
    expect(stderr).not.toContain('code=null');
  });

  it('a port already in use: exit 3 before the server is started or any case runs, naming the port and how to find what holds it', async () => {
    const { dir, port } = await project();
    // A server left from an earlier run, say: it would pass every case in the started server's place.
    let requests = 0;
    const leftover = createServer((request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome: 'completed', output: 'ok: first' }));
    });
    await new Promise<void>((resolve) => leftover.listen(port, '127.0.0.1', resolve));
    try {
      const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
      expect(exitCode, stderr).toBe(3);
      expect(stderr).toContain(`port ${port} is already in use: something answers at 127.0.0.1:${port} before the server of target.start (\`node `);
      expect(stderr).toContain(`\`lsof -nP -iTCP:${port} -sTCP:LISTEN\` shows its process`);
      expect(stdout).not.toMatch(/passed/);
      expect(requests).toBe(0);
      expect(existsSync(join(dir, 'pids'))).toBe(false);
      expect(recordedCases(dir)).toBe(0);
    } finally {
      await new Promise((resolve) => leftover.close(resolve));
    }
  });

  it('a server that exits while another process answers at its port: exit 3, not a run against that process', async () => {
    // The server hands over to a successor that keeps its output open and listens once it is gone.
    const { dir, port } = await project({ START_MODE: 'handoff' });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    const [server, successor] = pidsOf(dir);
    try {
      expect(exitCode, stderr).toBe(3);
      expect(stderr).toContain(`exited with code 1 before it answered at 127.0.0.1:${port} (exit 3)\nits last output lines:\n  http-started-server: handing over to another process`);
      expect(stdout).not.toMatch(/passed/);
      expect(recordedCases(dir)).toBe(0);
      // It ran in the server's process group, so it went with it.
      expect(await goneWithin([server!, successor!], 5000)).toEqual([true, true]);
    } finally {
      if (alive(successor!)) process.kill(successor!, 'SIGKILL');
    }
  });

  it('a server that never listens: exit 3 at ready_timeout_ms, and it is stopped', async () => {
    const { dir, port } = await project({ START_MODE: 'never' }, ', ready_timeout_ms: 1500');
    // The message naming 1500 ms is that limit firing (the server never listens nor exits by
    // itself); were it never to fire, the CLI would hang into vitest's test timeout.
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain(`did not answer at 127.0.0.1:${port} within 1500 ms (exit 3)\nits last output lines:\n  http-started-server: starting (never)`);
    const [server, child] = pidsOf(dir);
    expect(alive(server!)).toBe(false);
    expect(alive(child!)).toBe(false);
  });

  it('starts the server while the files load, and stops it when they hold an error (exit 2)', async () => {
    // The policy is a FIFO: the CLI blocks reading it until the test writes it, after the server is up.
    const { dir } = await project({}, '');
    writeFileSync(join(dir, 'agentready.config.yaml'), `${readFileSync(join(dir, 'agentready.config.yaml'), 'utf8')}policy: policy.yaml\n`);
    execaSync('mkfifo', [join(dir, 'policy.yaml')]);
    const cli = startCli(dir, ['eval']);
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(dir, 'pids')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded
    const [server, child] = pidsOf(dir);
    await writeFile(join(dir, 'policy.yaml'), 'rules: [{ id: 1 }]\n');
    const result = await cli;
    expect(result.exitCode).toBe(2);
    expect(await goneWithin([server!, child!], 5000)).toEqual([true, true]);
  });

  it('Ctrl-C during the run stops the server and its child', async () => {
    // The agent never answers: the run is still going when the interrupt comes.
    const { dir } = await project({ HANG: '1' });
    const cli = startCli(dir, ['eval']);
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(dir, 'pids')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded
    cli.kill('SIGINT');
    const result = await cli;
    expect(result.exitCode).toBe(130);
    // The group's SIGTERM/SIGKILL reach the processes asynchronously on a loaded machine; a leaked
    // server would still run after the bounded wait.
    const [server, child] = pidsOf(dir);
    expect(await goneWithin([server!, child!], 5000)).toEqual([true, true]);
  });
});
