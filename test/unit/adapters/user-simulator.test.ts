// The user simulator client: user/reply over stdio JSON-RPC, a crash failing only its requests.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserSimulator } from '../../../src/adapters/user-simulator.js';
import { HarnessError } from '../../../src/errors.js';
import { redact } from '../../../src/common/redact.js';
import { quoting, type Quote } from '../../../src/common/shorten.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const simulators: UserSimulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.stop()));
});

function simulator(command = ['node', 'fixtures/users/user-sim.js'], quote?: Quote): UserSimulator {
  const sim = new UserSimulator({ command, cwd: ROOT, quote });
  simulators.push(sim);
  return sim;
}

const params = (id: string, agentSaid: string) => ({
  trace_id: `tr-${id}`,
  case: { id, input: 'I want my money back', context: {} },
  messages: [{ role: 'user' as const, content: 'I want my money back' }, { role: 'agent' as const, content: agentSaid }],
});

/** A simulator (`node -e`) that answers every request with `result`. */
const answer = (result: object) =>
  `require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => { const m = JSON.parse(l); process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: ${JSON.stringify(result)} }) + '\\n'); })`;

describe('UserSimulator', () => {
  it('asks user/reply and reads {say} and {stop: true}', async () => {
    const sim = simulator();
    const signal = new AbortController().signal;
    expect(await sim.reply(params('a', 'What is your order number?'), signal)).toEqual({ kind: 'say', text: 'It is order 5678' });
    expect(await sim.reply(params('a', 'Done, refunded.'), signal)).toEqual({ kind: 'stop' });
  });

  it('fails only the request a crash was serving, with the exit and the last stderr line, then starts a new process', async () => {
    const sim = simulator();
    const signal = new AbortController().signal;
    const error = await sim.reply(params('crash-1', 'Which order?'), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('USER_SIMULATOR');
    expect((error as HarnessError).message).toMatch(/^the user simulator exited unexpectedly \(code=3, signal=null\)\nlast stderr lines:\n {2}user-sim: giving up on crash-1/);
    expect(await sim.reply(params('b', 'What is the order id?'), signal)).toEqual({ kind: 'say', text: 'It is order 5678' });
  });

  it('starts one process for requests that arrive together; a crash fails the requests it was serving, never asked again, and the next starts a new one', async () => {
    // Reads what one write brought, then: a crash case among it exits; else each request is answered with the process id.
    const script = "const rl = require('node:readline').createInterface({ input: process.stdin }); let got = []; rl.on('line', (l) => { got.push(JSON.parse(l)); if (got.length === 1) setImmediate(() => { if (got.some((m) => m.params.case.id.startsWith('crash'))) process.exit(3); for (const m of got) process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { say: String(process.pid) } }) + '\\n'); got = []; }); })";
    const sim = simulator(['node', '-e', script]);
    const signal = new AbortController().signal;
    const ask = (id: string) => sim.reply(params(id, 'Which order?'), signal).then((reply) => (reply.kind === 'say' ? reply.text : 'stop'), (error: unknown) => error);
    const first = await Promise.all(['x', 'y', 'z'].map(ask));
    expect(new Set(first).size).toBe(1);
    const [a, b, crash] = await Promise.all(['a', 'b', 'crash-1'].map(ask));
    expect(crash).toBeInstanceOf(HarnessError);
    expect((crash as HarnessError).message).toMatch(/^the user simulator exited unexpectedly \(code=3, signal=null\)/);
    // SPEC §12: the cases it was serving are `error`, never retried.
    expect(a).toBeInstanceOf(HarnessError);
    expect(b).toBeInstanceOf(HarnessError);
    const [after] = await Promise.all(['d'].map(ask));
    expect(typeof after).toBe('string');
    expect(after).not.toBe(first[0]);
  });

  it('turns an error answer and an invalid result into harness errors', async () => {
    const sim = simulator();
    const signal = new AbortController().signal;
    await expect(sim.reply(params('refuse-1', 'Which order?'), signal)).rejects.toThrow('the user simulator answered user/reply with an error (code -32000): no reply for refuse-1');
    const answersGarbage = "require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => { const m = JSON.parse(l); process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { sayy: 'x' } }) + '\\n'); })";
    await expect(simulator(['node', '-e', answersGarbage]).reply(params('a', 'Which order?'), signal))
      .rejects.toThrow('the user simulator answered user/reply with an invalid result (expected {say} or {stop: true}), got {"sayy":"x"}');
  });

  it('turns an answer nested too deep, and one on a line past the message limit, into USER_SIMULATOR errors, not agentready\'s', async () => {
    const signal = new AbortController().signal;
    const deep = "require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => { const m = JSON.parse(l); process.stdout.write('{\"jsonrpc\":\"2.0\",\"id\":' + m.id + ',\"result\":' + '{\"a\":'.repeat(20000) + '1' + '}'.repeat(20000) + '}\\n'); })";
    const tooDeep = await simulator(['node', '-e', deep]).reply(params('a', 'Which order?'), signal).catch((e: unknown) => e);
    expect(tooDeep).toBeInstanceOf(HarnessError);
    expect(tooDeep).toMatchObject({ code: 'USER_SIMULATOR', message: 'the user simulator answered user/reply with a result nested more than 100 levels deep' });
    const huge = "require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => { const m = JSON.parse(l); process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { say: 'x'.repeat(11 * 1024 * 1024) } }) + '\\n'); })";
    const tooLong = await simulator(['node', '-e', huge]).reply(params('a', 'Which order?'), signal).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(HarnessError);
    expect(tooLong).toMatchObject({ code: 'USER_SIMULATOR' });
    expect((tooLong as Error).message).toMatch(/^the user simulator answered user\/reply on a line longer than 10485760 bytes/);
  });

  it("quotes what it wrote by the run's quoting, redacted before escaped: a bell glued to a card number in an answer and on stderr", async () => {
    const signal = new AbortController().signal;
    const glued = 'see\u00074111 1111 1111 1111';
    // As the run redacts the message after.
    const message = async (command: string[]) => redact(((await simulator(command, quoting(redact)).reply(params('a', 'Which order?'), signal).catch((e: unknown) => e)) as Error).message);
    expect(await message(['node', '-e', answer({ sayy: glued })])).toBe('the user simulator answered user/reply with an invalid result (expected {say} or {stop: true}), got {"sayy":"see\\\\u0007[card]"}');
    const crash = `process.stderr.write(${JSON.stringify(`${glued}\n`)}, () => process.exit(3))`;
    expect(await message(['node', '-e', crash])).toMatch(/\nlast stderr lines:\n {2}see\\u0007\[card\]$/);
  });

  it('refuses {say, stop: true}: the simulator asked for both a next message and the end (one would be dropped)', async () => {
    const signal = new AbortController().signal;
    await expect(simulator(['node', '-e', answer({ say: 'It is order 5678.', stop: true })]).reply(params('a', 'Which order?'), signal))
      .rejects.toThrow('the user simulator answered user/reply with an invalid result (expected {say} or {stop: true}), got {"say":"It is order 5678.","stop":true}');
    expect(await simulator(['node', '-e', answer({ say: 'It is order 5678.', stop: false, mood: 'calm' })]).reply(params('b', 'Which order?'), signal)).toEqual({ kind: 'say', text: 'It is order 5678.' });
  });

  it('refuses an empty {say} (or only whitespace): the conversation would run to max_turns with nothing said', async () => {
    const signal = new AbortController().signal;
    for (const say of ['', '   ']) {
      const error = await simulator(['node', '-e', answer({ say })]).reply(params('a', 'Which order?'), signal).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HarnessError);
      expect((error as HarnessError).code).toBe('USER_SIMULATOR');
      expect((error as HarnessError).message).toBe(`the user simulator answered user/reply with an empty message (${JSON.stringify({ say })}); say some text, or answer {stop: true} to end the conversation`);
    }
  });

  it('stops a simulator that writes a line that is not JSON, and says the next case starts a new one', async () => {
    const sim = simulator(['node', '-e', "require('node:readline').createInterface({ input: process.stdin }).once('line', () => process.stdout.write('this is not json\\n'))"]);
    const signal = new AbortController().signal;
    const error = await sim.reply(params('a', 'Which order?'), signal).catch((e: unknown) => e);
    expect((error as HarnessError).message).toMatch(/^the user simulator wrote an invalid message on stdout \(not a JSON line\): "this is not json", so it was stopped; the next case starts a new one($|\n)/);
  });

  it("quotes as its stderr only what the simulator wrote there, not agentready's note of the bad line", async () => {
    const writesBadLines = [
      "require('node:readline').createInterface({ input: process.stdin }).once('line', () => { console.error('sim: about to answer'); process.stdout.write('this is not json\\n'); })",
      "require('node:readline').createInterface({ input: process.stdin }).once('line', () => { console.error('sim: about to answer'); process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 999, result: {} }) + '\\n'); })",
    ];
    for (const code of writesBadLines) {
      const error = await simulator(['node', '-e', code]).reply(params('a', 'Which order?'), new AbortController().signal).catch((e: unknown) => e);
      const [, stderr] = (error as HarnessError).message.split('\nlast stderr lines:\n');
      expect(stderr).toBe('  sim: about to answer');
    }
  });

  it('stops waiting when the signal aborts', async () => {
    const sim = simulator(['node', '-e', 'process.stdin.resume()']);
    const controller = new AbortController();
    const pending = sim.reply(params('a', 'hi'), controller.signal);
    controller.abort(new Error('case timed out'));
    await expect(pending).rejects.toThrow('case timed out');
  });
});
