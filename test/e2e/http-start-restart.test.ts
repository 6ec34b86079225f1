// A server the run started (`target.start`) that exits during the run is started again for the
// cases that follow, as a stdio agent's process is (SPEC §4): the case that crashed it is an
// error, the others pass. One that cannot start again is not tried again: the later cases fail
// with why, and the run ends.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, freePort, makeProject, runCli } from './helpers/run-cli.js';

interface Row {
  case_id: string;
  status: string;
  error?: { code: string; message: string };
}

/** A project whose http target starts fixtures/agents/http-started-server.js with `env`, the run at `concurrency`; four cases, `second` crashing the server. */
async function project({ env, concurrency }: { env: Record<string, string>; concurrency?: number }): Promise<string> {
  const port = await freePort();
  const envYaml = Object.entries({ PORT: String(port), PIDS_FILE: 'pids', STARTS_FILE: 'starts', EXIT_ON_INPUT: 'second', ...env })
    .map(([key, value]) => `${key}: "${value}"`)
    .join(', ');
  return makeProject({
    'agentready.config.yaml': `target:
  adapter: http
  url: http://127.0.0.1:${port}/run
  start: { command: [node, ${JSON.stringify(join(AGENTS, 'http-started-server.js'))}], env: { ${envYaml} } }
suites: [s.suite.yaml]
run: { timeout_ms: 30000${concurrency === undefined ? '' : `, concurrency: ${concurrency}`} }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
${['first', 'second', 'third', 'fourth'].map((input) => `  - { id: ${input}, input: ${input}, expect: { outcome: completed, output: { contains: "ok: ${input}" } } }`).join('\n')}
`,
  });
}

function rows(dir: string): Map<string, Row> {
  const runs = join(dir, '.agentready/runs');
  const lines = readFileSync(join(runs, readdirSync(runs)[0]!, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1);
  return new Map(lines.map((line) => JSON.parse(line) as Row).map((row) => [row.case_id, row]));
}

const starts = (dir: string) => readFileSync(join(dir, 'starts'), 'utf8').split('\n').filter(Boolean).length;

describe('target.start: a server that exits during the run', () => {
  it('is started again: the case that crashed it is an error naming the exit and its last output, the others pass', async () => {
    // All four in flight at once: the crash's cases run again fewer at a time until `second` is alone.
    const dir = await project({ env: {} });
    const { stderr } = await runCli(dir, ['eval', '--no-gate']);
    const results = rows(dir);
    expect(results.get('first')?.status, stderr).toBe('passed');
    expect(results.get('third')?.status).toBe('passed');
    expect(results.get('fourth')?.status).toBe('passed');
    const second = results.get('second')!;
    expect(second).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    expect(second.error!.message).toMatch(/the server of target\.start \(`node \S+http-started-server\.js`\) exited with code 4 during the run; it is started again for the cases that follow\nits last output lines:\n(.*\n)* {2}http-started-server: out of memory, exiting$/);
    // At the run's start and after each crash: twice when `second` was alone in flight, three times when the crash held others too (run again).
    expect(starts(dir)).toBeGreaterThanOrEqual(2);
  });

  it('one case at a time: the cases after the crash pass on the server started again', async () => {
    const dir = await project({ env: {}, concurrency: 1 });
    await runCli(dir, ['eval', '--no-gate']);
    const results = rows(dir);
    expect([...results.values()].map((row) => [row.case_id, row.status])).toEqual([['first', 'passed'], ['second', 'error'], ['third', 'passed'], ['fourth', 'passed']]);
    expect(starts(dir)).toBe(2);
  });

  it('that cannot start again: it is tried once, the later cases fail saying why, and the run ends', async () => {
    // The crash leaves a file behind that makes every later start exit at once.
    const dir = await project({ env: { CRASHED_FILE: 'crashed' }, concurrency: 1 });
    const { stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    const results = rows(dir);
    expect(results.get('first')?.status, stderr).toBe('passed');
    expect(results.get('second')).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    for (const id of ['third', 'fourth']) {
      const row = results.get(id)!;
      expect(row).toMatchObject({ status: 'error', error: { code: 'AGENT_START' } });
      expect(row.error!.message).toMatch(
        /^the server of target\.start exited during the run and could not be started again, so it is not tried again and the cases after it are not run: the server of target\.start \(`node \S+`\) exited with code 5 before it answered at 127\.0\.0\.1:\d+\nits last output lines:\n {2}http-started-server: the database is corrupt after the crash, giving up$/,
      );
    }
    // The start at the run's beginning and the one try after the crash: not one per later case.
    expect(starts(dir)).toBe(2);
    expect(`${stdout}${stderr}`).toContain('the server of target.start exited during the run and could not be started again');
  });
});
