// stdio agents that break the framing or never get going: each gets one clear message, never a hang.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

/**
 * Far below the 10 s default of `run.start_timeout_ms`, so the agent that never answers is given
 * up on quickly, yet long enough for it to start and say so on stderr on a loaded machine. The
 * agents that end by themselves at start-up keep the default: their own exit must be what stops
 * the run, not a time limit a slow machine reaches first.
 */
const START_TIMEOUT_MS = 2000;
const STARTS_AT_ONCE = new Set(['agent-no-init.js', 'agent-stdout-banner.js']);

function project(agent: string, inputs: string[], target = ''): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand(agent)}${target} }
suites: [s.suite.yaml]
run: { timeout_ms: 5000, concurrency: 4, start_timeout_ms: ${STARTS_AT_ONCE.has(agent) ? START_TIMEOUT_MS : 10000} }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
${inputs.map((input, i) => `  - { id: case-${i + 1}, input: ${JSON.stringify(input)}, expect: { outcome: completed } }\n`).join('')}`,
  });
}

type Row = { case_id: string; status: string; error?: { code: string; message: string } };
const byCase = (dir: string) => Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r]));

/** The `agentready:` lines on stderr: one per problem reported. */
const problems = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('agentready:'));

// The start-up tests wait on agents (two on start_timeout_ms) more than on the CPU: they run at
// once, each with a project of its own. The 10 MB line, timed and heavy, runs after them, alone.
describe('stdio hardening', () => {
  it.concurrent('an agent that never answers initialize is given up on at run.start_timeout_ms: exit 3, one message', async () => {
    const dir = project('agent-no-init.js', ['one']);
    // No clock read here: the message naming start_timeout_ms is the start timeout firing (the
    // agent itself never exits), and were it never to fire, the run would hang into vitest's test timeout.
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    // The message once, with the exit code, then the agent's last stderr lines.
    // Nothing amiss came on stdout: the likeliest cause, an answer never flushed, is said with what to do.
    const message = `agentready: agent did not answer initialize within ${START_TIMEOUT_MS} ms; nothing on stdout answered it: a line written without its newline, or kept in the buffer of a stdout that is a pipe (Python, Ruby and C keep it there until flushed), never reaches agentready. End each message with a newline and flush it (in Python: sys.stdout.flush(), or print(..., flush=True)), or raise run.start_timeout_ms if the agent needs longer to start (exit 3)`;
    expect(problems(stderr)).toEqual([message]);
    expect(stderr.split('\n')[0]).toBe(message);
    expect(stderr).toContain('agent-no-init: waiting forever');
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  });

  it.concurrent('an agent that exits at start-up: exit 3, one message naming its exit code and stderr', async () => {
    const dir = project('agent-exit-at-start.js', ['one']);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(problems(stderr)).toEqual(['agentready: agent exited with code 3 during start-up (exit 3)']);
    expect(stderr).toContain('agent-exit-at-start: missing configuration, giving up');
  });

  it.concurrent('--debug names the cause of an agent that exits at start-up: its exit, not [object Object]', async () => {
    const dir = project('agent-exit-at-start.js', ['one']);
    const { exitCode, stderr } = await runCli(dir, ['--debug', 'eval']);
    expect(exitCode).toBe(3);
    expect(stderr.trimEnd()).toMatch(/\nCaused by:\n\{"failed":true,"exitCode":3\}$/);
    expect(stderr).not.toContain('[object Object]');
  });

  it.concurrent('an agent that never answers initialize but printed on stdout is told so: the lines, escaped, and to log to stderr', async () => {
    const dir = project('agent-stdout-banner.js', ['one']);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const last = stderr.trimEnd().split('\n').at(-1);
    expect(last).toBe(`agentready: agent did not answer initialize within ${START_TIMEOUT_MS} ms; it wrote on stdout what is not the protocol (not a JSON line): "Agent starting on model \\u001b[1mgpt-x\\u001b[0m..." (and 1 more line). stdout carries only the protocol's messages: log to stderr (exit 3)`);
    expect(stderr).not.toContain('\u001b');
  });

  it.concurrent('an agent that dies mid-way through its initialize answer: exit 3, one message quoting the partial line', async () => {
    const dir = project('agent-partial-line.js', ['one'], ', env: { PARTIAL_AT: initialize }');
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const [message, ...rest] = problems(stderr);
    expect(rest).toEqual([]);
    expect(message).toMatch(/^agentready: agent exited with code 1 during start-up, in the middle of writing a line to stdout: "\{"jsonrpc":"2\.0","id":1,"result":\{/);
  });

  it.concurrent('a partial line at exit makes each case in flight an error naming the exit and the line', async () => {
    const dir = project('agent-partial-line.js', ['one', 'two']);
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const rows = byCase(dir);
    expect(Object.keys(rows).sort()).toEqual(['case-1', 'case-2']);
    for (const row of Object.values(rows)) {
      expect(row).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
      expect(row.error!.message).toMatch(/^agent process exited unexpectedly \(code=1, signal=null\), in the middle of writing a line to stdout: "\{"jsonrpc":"2\.0","id":2,"result":\{"outcom"/);
      expect(row.error!.message).toContain('agent-partial-line: crashing mid-write of the run answer');
    }
    expect(stdout).toContain('2 errors');
  });

  it('an answer on a line over 10 MB fails that case at once, even with others in flight; the rest pass', async () => {
    const dir = project('agent-huge-line.js', ['one', 'HUGE', 'three', 'four']);
    const { exitCode } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const rows = byCase(dir);
    // "At once" is the code: a case whose too-long answer was not seen would end at run.timeout_ms as a timeout.
    expect(rows['case-2']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['case-2']!.error!.message).toMatch(/^agent answered run on a line longer than 10485760 bytes \(the limit of one message\), so the answer was dropped: "\{"jsonrpc":"2\.0","id":\d+,"result":\{"outcome":"completed","output":"xxx/);
    expect(rows['case-2']!.error!.message.length).toBeLessThan(400);
    for (const id of ['case-1', 'case-3', 'case-4']) expect(rows[id]!.status).toBe('passed');
  });
});

describe('a second answer to a run', () => {
  it('is not charged to the case in flight when it arrives: every case passes, and the run warns of it, naming the case', async () => {
    const dir = makeProject({
      // One run at a time; case "twice" is answered again while the next case is in flight.
      'agent.cjs': `const w = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let again;
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') return w({ jsonrpc: '2.0', id: m.id, result: { name: 'twice', version: '1', concurrency: 1 } });
  if (m.method === 'shutdown') { w({ jsonrpc: '2.0', id: m.id, result: {} }); return process.exit(0); }
  if (m.method !== 'run') return;
  if (again) { w(again); again = undefined; }
  const answer = { jsonrpc: '2.0', id: m.id, result: { outcome: 'completed', output: 'ok' } };
  if (m.params.case.id === 'twice') again = answer;
  setImmediate(() => w(answer));
});
`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.cjs] }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n',
      's.suite.yaml': `suite: s
tools: []
cases:
${['first', 'twice', 'after'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(stdout).toContain('3 cases · 3 passed');
    expect(exitCode).toBe(0);
    expect(Object.values(byCase(dir)).map((r) => `${r.case_id} ${r.status}`)).toEqual(['first passed', 'twice passed', 'after passed']);
    // The warning names the case whose run was answered twice, and what to do.
    expect(stderr).toMatch(/a response for request id \d+ \(the run of case twice\), which was answered already\): .* \(the second answer was ignored: answer each run once\)/);
  });
});

/**
 * An agent taking 4 runs at once (run.concurrency gives it 1) that never gives the answer to a cancelled run: case
 * "broken" gets its answer on a line that is no JSON; case "chatty" none, but the process keeps writing (usage) past its
 * time limit. Case "next", handed to the process that had either, is held for ever (on a fresh one, answered).
 */
const UNANSWERED_CANCEL_AGENT = `const w = (line) => process.stdout.write(line + '\\n');
let spoiled = false;
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') return w(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { name: 'no-cancel', version: '1', concurrency: 4 } }));
  if (m.method === 'shutdown') { w(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: {} })); return process.exit(0); }
  if (m.method !== 'run') return;
  const answer = JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { outcome: 'completed', output: 'ok' } });
  const id = m.params.case.id;
  if (id === 'broken') { spoiled = true; return w('{"jsonrpc":"2.0","id":' + answer); }
  const usage = JSON.stringify({ jsonrpc: '2.0', method: 'usage', params: { trace_id: m.params.trace_id, model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 0 } });
  if (id === 'chatty') { spoiled = true; return void setInterval(() => w(usage), 50); }
  if (!spoiled) w(answer);
});
`;

function unansweredCancelProject(first: 'broken' | 'chatty'): string {
  return makeProject({
    'agent.cjs': UNANSWERED_CANCEL_AGENT,
    'agentready.config.yaml': `target: { adapter: stdio, command: [node, agent.cjs] }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1, timeout_ms: ${first === 'chatty' ? 500 : 60000} }\n`,
    's.suite.yaml': `suite: s\ntools: []\ncases:\n${[first, 'next'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
  });
}

describe('a cancelled run whose answer never comes', () => {
  it.concurrent('costs only its own case when it was answered on a broken line: the next case goes to a fresh process', async () => {
    const dir = unansweredCancelProject('broken');
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(3);
    const rows = byCase(dir);
    expect(rows['broken']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['next']).toMatchObject({ status: 'passed' });
  });

  it.concurrent('costs only its own case when it timed out while its process kept writing: the next case goes to a fresh process', async () => {
    const dir = unansweredCancelProject('chatty');
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const rows = byCase(dir);
    expect(rows['chatty']).toMatchObject({ status: 'failed' });
    expect(rows['next']).toMatchObject({ status: 'passed' });
  });
});

describe('an agent process that cannot be started again after it crashed', () => {
  it.concurrent('is not tried again: the cases after it fail at once with why, as a target.start server that cannot (http)', async () => {
    const dir = makeProject({
      // Crashes on case "crash"; every process started after that never answers initialize. Each start is logged.
      'agent.cjs': `const fs = require('node:fs');
fs.appendFileSync('started.log', 'start\\n');
const crashed = fs.existsSync('crashed');
const w = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') { if (crashed) return process.stderr.write('agent: the cache is corrupt after the crash\\n'); return w({ jsonrpc: '2.0', id: m.id, result: { name: 'once', version: '1' } }); }
  if (m.method === 'shutdown') { w({ jsonrpc: '2.0', id: m.id, result: {} }); return process.exit(0); }
  if (m.method !== 'run') return;
  if (m.params.case.id === 'crash') { fs.writeFileSync('crashed', ''); process.exit(1); }
  w({ jsonrpc: '2.0', id: m.id, result: { outcome: 'completed', output: 'ok' } });
});
`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.cjs] }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1, start_timeout_ms: 1000 }\n',
      's.suite.yaml': `suite: s
tools: []
cases:
${['first', 'crash', 'c1', 'c2', 'c3', 'c4'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    // The first process, and one start again after the crash: not one a case.
    expect(readFileSync(join(dir, 'started.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    const rows = byCase(dir);
    expect(rows['first']!.status).toBe('passed');
    expect(rows['crash']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      expect(rows[id]).toMatchObject({ status: 'error', error: { code: 'AGENT_START' } });
      expect(rows[id]!.error!.message).toMatch(/^the agent process exited during the run and could not be started again, so it is not tried again and the cases after it are not run: agent did not answer initialize within 1000 ms/);
    }
  });
});

describe('an agent process that exits by itself after each answer (a one-shot script)', () => {
  it.concurrent('costs no case: the run handed to it as it went is sent to a fresh process, and the run warns once', async () => {
    const dir = makeProject({
      // Answers one run, then exits 0 on the next without a word: that run was handed to it as it was going.
      'agent.cjs': `const w = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let runs = 0;
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') return w({ jsonrpc: '2.0', id: m.id, result: { name: 'one-shot', version: '1' } });
  if (m.method === 'shutdown') { w({ jsonrpc: '2.0', id: m.id, result: {} }); return process.exit(0); }
  if (m.method !== 'run') return;
  if (++runs > 1) process.exit(0);
  w({ jsonrpc: '2.0', id: m.id, result: { outcome: 'completed', output: 'ok' } });
});
`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.cjs] }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n',
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${['c1', 'c2', 'c3'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(stdout).toContain('3 cases · 3 passed');
    expect(exitCode).toBe(0);
    expect(problems(stderr)).toEqual([
      'agentready: warning: 2 cases went to an agent process that then exited by itself (it had answered a run before) with no sign of reading them: each was sent again to a fresh process, and charged with an exit only if it ended that one too (its agent_log says so). An agent that exits after each answer costs a start per case: keep it running until `shutdown`',
    ]);
  });
});
