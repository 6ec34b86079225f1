// Drives the real ExecAdapter: one `node -e` process per case.
import { describe, expect, it } from 'vitest';
import { RunTimeoutError, type ToolHost } from '../../../src/adapters/adapter.js';
import { ExecAdapter } from '../../../src/adapters/exec.js';
import { MAX_REPORTED_TOOL_CALLS } from '../../../src/config/schema/reported-call.js';
import type { RunParams } from '../../../src/adapters/protocol.js';
import { runParams } from '../../helpers/run-params.js';
import { redact } from '../../../src/common/redact.js';
import { redactDeep } from '../../../src/common/redact-deep.js';

/** An adapter whose command runs `source` with the params on stdin (as `task`). */
function exec(source: string) {
  const program = `let s='';process.stdin.on('data',c=>s+=c).on('end',async()=>{const task=JSON.parse(s);${source}});`;
  return new ExecAdapter({ adapter: 'exec', command: [process.execPath, '-e', program] }, { rootDir: '.', concurrency: 4, workers: 1, startTimeoutMs: 1000 });
}

function params(timeoutMs = 5000): RunParams {
  return runParams({ input: 'where is 1234', context: { customer_id: 'c-1' }, trace_id: 'trace-x', timeout_ms: timeoutMs, token: 'tok' });
}

let handedOff = 0;
const noHost: ToolHost = {
  callTool: async () => {
    throw new Error('exec hosts no tools');
  },
  requestApproval: async () => ({ approved: false }),
  recordUsage: () => undefined,
  handedOff: () => void handedOff++,
};
const run = (adapter: ExecAdapter, timeoutMs?: number) => adapter.run(params(timeoutMs), { host: noHost, signal: new AbortController().signal });

describe('ExecAdapter', () => {
  it('sends the plain run params on stdin and returns the printed result with its own trace', async () => {
    const adapter = exec(`process.stderr.write('log line\\n');
console.log(JSON.stringify({ outcome: 'completed', output: task.case.input + ' ' + task.case.context.customer_id,
  usage: [{ model: 'm', input_tokens: 1, output_tokens: 2 }],
  tool_calls: [{ name: 'lookup_order', arguments: { order_id: '1234' }, result: { status: 'shipped' } },
               { name: 'issue_refund', arguments: {}, error: { kind: 'approval_denied' }, approved: false }] }));`);
    const info = await adapter.start(new AbortController().signal);
    // An exec command reports no version: none is made up.
    expect(info).toMatchObject({ concurrency: 4 });
    expect(info).not.toHaveProperty('version');
    const handedBefore = handedOff;
    await expect(run(adapter)).resolves.toEqual({
      outcome: 'completed',
      output: 'where is 1234 c-1',
      usage: [{ model: 'm', input_tokens: 1, output_tokens: 2 }],
      tool_calls: [
        { name: 'lookup_order', arguments: { order_id: '1234' }, result: { status: 'shipped' } },
        { name: 'issue_refund', arguments: {}, error: { kind: 'approval_denied' }, approved: false },
      ],
    });
    expect(adapter.logFor('trace-x')).toEqual(['log line']);
    // Handed off as the command starts: the case's time counts from there.
    expect(handedOff - handedBefore).toBe(1);
    // usage and tool_calls are a result's own keys: nothing to warn of.
    expect(adapter.warnings()).toEqual([]);
  });

  it("a result's key agentready does not read leaves the case be, and the run's warnings say it once, however many results carried it", async () => {
    const adapter = exec(`console.log(JSON.stringify({ outcome: 'completed', outcme: 'failed', output: 'ok', error: 'no key' }));`);
    await expect(run(adapter)).resolves.toEqual({ outcome: 'completed', output: 'ok' });
    await expect(adapter.run(runParams({ input: 'hi', id: 'second' }), { host: noHost, signal: new AbortController().signal })).resolves.toMatchObject({ outcome: 'completed' });
    const warnings = adapter.warnings();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^the command `.+` printed 2 run results with the key "outcme" \(the first in case c\), which a run result does not have: agentready ignored it: did you mean "outcome"\? \(a run result's keys: outcome, output, usage, tool_calls\)$/);
    expect(warnings[1]).toMatch(/printed 2 run results with the key "error" \(the first in case c\), which a run result does not have: agentready ignored it \(a run result's keys/);
  });

  it('a non-zero exit is AGENT_EXITED quoting stderr, which stays the case log', async () => {
    const adapter = exec(`process.stderr.write('step 1\\nfatal: no API key\\n'); process.exit(3);`);
    await expect(run(adapter)).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringMatching(/exited with code 3; stderr: step 1 \| fatal: no API key$/) });
    expect(adapter.logFor('trace-x')).toEqual(['step 1', 'fatal: no API key']);
  });

  it("quotes and logs no line of a private key whose BEGIN line the cut took: redacted, neither holds the key", async () => {
    const body = 'MIIEowIBAAKCAQEA7bq9QfakeKEYmaterialAAAAB3NzaC1yc2EAAAADAQABAAABAQC';
    const adapter = exec(`process.stderr.write('y'.repeat(5000) + ' -----BEGIN RSA PRIVATE KEY-----\\n${body}\\n-----END RSA PRIVATE KEY-----\\nfatal\\n'); process.exit(3);`);
    const error = (await run(adapter).catch((thrown: unknown) => thrown)) as Error;
    expect(redact(error.message)).toMatch(/; stderr: y+… \| fatal$/);
    const log = redactDeep(adapter.logFor('trace-x'));
    expect(log.join('\n')).not.toContain('MIIEow');
    expect(log).toEqual([expect.stringMatching(/^y+… \[line cut\]$/), 'fatal']);
  });

  it('nothing, text or an invalid object on stdout is AGENT_PROTOCOL', async () => {
    await expect(run(exec(''))).rejects.toMatchObject({ code: 'AGENT_PROTOCOL', message: expect.stringContaining('printed nothing on stdout') });
    await expect(run(exec(`console.log('hello')`))).rejects.toMatchObject({ code: 'AGENT_PROTOCOL', message: expect.stringContaining('not one JSON object on stdout: "hello"') });
    // A result beside a log line, or printed twice: said as such, with where logs go.
    await expect(run(exec(`console.log('starting'); console.log(JSON.stringify({ outcome: 'completed', output: 'x' }))`))).rejects.toMatchObject({
      code: 'AGENT_PROTOCOL',
      message: expect.stringContaining('printed 2 lines on stdout, 1 of them JSON, where one JSON result object was expected (stdout carries only the result: log to stderr)'),
    });
    await expect(run(exec(`console.log(JSON.stringify({ outcome: 'completed', output: '', tool_calls: [{ arguments: {} }] }))`))).rejects.toThrow(/printed an invalid result: tool_calls\.0\.name: missing \(a required key\)$/);
    await expect(run(exec(`console.log(JSON.stringify({ outcome: "great", output: "", tool_calls: "lots" }))`))).rejects.toThrow(/printed an invalid result: outcome: Invalid option: expected one of .*, found "great"; tool_calls: Invalid input: expected array, received string, found "lots"$/);
  });

  it('a result nested deeper than a recorded trace may be is AGENT_PROTOCOL, before anything walks it (its trace\'s writer ran out of stack: agentready crashed)', async () => {
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const printing = (levels: number) => exec(`process.stdout.write('{"outcome":"completed","output":"x","tool_calls":[{"name":"t","arguments":{"a":${deep(levels)}},"result":1}]}')`);
    await expect(run(printing(50_000))).rejects.toMatchObject({ code: 'AGENT_PROTOCOL', message: expect.stringMatching(/printed a result nested more than 100 levels deep \(at character \d+\)$/) });
    await expect(run(printing(90))).resolves.toMatchObject({ outcome: 'completed' });
  });

  it('a result reporting more tool calls than one result may is AGENT_PROTOCOL naming the limit; as many as it may are recorded', async () => {
    const reporting = (calls: number) => exec(`process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'x', tool_calls: Array.from({ length: ${calls} }, () => ({ name: 't', result: 1 })) }))`);
    await expect(run(reporting(MAX_REPORTED_TOOL_CALLS + 1))).rejects.toMatchObject({
      code: 'AGENT_PROTOCOL',
      message: expect.stringMatching(new RegExp(`printed a result reporting ${MAX_REPORTED_TOOL_CALLS + 1} tool calls, more than the ${MAX_REPORTED_TOOL_CALLS} one result may report$`)),
    });
    const reply = (await run(reporting(MAX_REPORTED_TOOL_CALLS))) as { tool_calls?: unknown[] };
    expect(reply.tool_calls).toHaveLength(MAX_REPORTED_TOOL_CALLS);
  });

  it('a command still running at timeout_ms is killed: RunTimeoutError', async () => {
    // The error is thrown once the command has ended, which this one never does by itself: so it
    // was killed. Were it not, the run would hang into vitest's test timeout.
    await expect(run(exec(`setInterval(() => {}, 1000)`), 300)).rejects.toBeInstanceOf(RunTimeoutError);
  });

  it('a process the command started outside its group (detached: a session of its own) does not hold the case by stdout and stderr', async () => {
    // The command answers and exits; what it started detached keeps the pipes open for 20 s, past
    // the case's time limit: a case held by them would end in a RunTimeoutError.
    const adapter = exec(`require('child_process').spawn('sleep', ['20'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }).unref();
process.stderr.write('started a daemon\\n');
process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'answered' }), () => process.exit(0));`);
    await expect(run(adapter, 15_000)).resolves.toMatchObject({ outcome: 'completed', output: 'answered' });
    expect(adapter.logFor('trace-x')).toEqual(['started a daemon', expect.stringMatching(/^\[agentready\] stdout and stderr stayed open after the process exited, held by a process it started outside its process group/)]);
    // Past the time limit too: the case times out when it is killed, not when the pipes close
    // (they were let go, said in its log, not waited on). The limit leaves node time to start and
    // spawn the daemon even on a loaded machine (at 300 ms it was at times killed before, and no
    // pipe was held); its log line says it did.
    const hung = exec(`require('child_process').spawn('sleep', ['20'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }).unref();
process.stderr.write('started a daemon\\n');
setInterval(() => {}, 1000);`);
    await expect(run(hung, 3_000)).rejects.toBeInstanceOf(RunTimeoutError);
    expect(hung.logFor('trace-x')).toEqual(['started a daemon', expect.stringMatching(/^\[agentready\] stdout and stderr stayed open after the process exited/)]);
  });
});
