import { describe, expect, it } from 'vitest';
import { JsonRpcError, OversizedMessageError } from '../../../src/adapters/jsonrpc-errors.js';
import { JsonRpcPeer, LineSplitter, type ProtocolProblem } from '../../../src/adapters/jsonrpc.js';
import { encode } from '../../../src/adapters/jsonrpc-envelope.js';
import { excerpt } from '../../../src/common/shorten.js';

/** A peer wired to arrays: what it wrote, the problems it reported; `writes(n)` waits for n writes. */
function peer(options: Partial<ConstructorParameters<typeof JsonRpcPeer>[0]> = {}) {
  const written: unknown[] = [];
  const problems: ProtocolProblem[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const rpc = new JsonRpcPeer({
    write: (line) => {
      expect(line.endsWith('\n')).toBe(true);
      written.push(JSON.parse(line));
      for (const waiter of waiting.filter(({ count }) => written.length >= count)) waiter.resolve();
    },
    onProblem: (problem) => problems.push(problem),
    excerpt,
    ...options,
  });
  const writes = (count: number) =>
    written.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  return { rpc, written, problems, writes };
}

describe('LineSplitter', () => {
  it('joins a line split into one-byte chunks', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter({ onLine: (line) => lines.push(line), onOversized: () => {} });
    const bytes = Buffer.from('{"a":1}\r\n\n{"b":2}\n{"c"');
    for (const byte of bytes) splitter.push(Buffer.from([byte]));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    splitter.push(Buffer.from(':3}'));
    splitter.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('decodes multi-byte UTF-8 characters split across chunks', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter({ onLine: (line) => lines.push(line), onOversized: () => {} });
    const text = 'héllo € 😀 日本\n';
    const bytes = Buffer.from(text);
    // Split inside the 4-byte emoji and inside the 3-byte euro sign.
    const emoji = bytes.indexOf(Buffer.from('😀'));
    const euro = bytes.indexOf(Buffer.from('€'));
    splitter.push(bytes.subarray(0, euro + 1));
    splitter.push(bytes.subarray(euro + 1, emoji + 2));
    splitter.push(bytes.subarray(emoji + 2));
    expect(lines).toEqual([text.trimEnd()]);
  });

  it('drops an oversized line up to the next newline and carries on, handing its owner the head as written', () => {
    const lines: string[] = [];
    const oversized: string[] = [];
    const splitter = new LineSplitter({ onLine: (line) => lines.push(line), onOversized: (head) => oversized.push(head), maxLineBytes: 1000 });
    for (let index = 0; index < 50; index++) splitter.push('x'.repeat(100));
    splitter.push('still the long line\n{"next":true}\n');
    expect(oversized).toHaveLength(1);
    expect(oversized[0]).toBe('x'.repeat(1100));
    expect(lines).toEqual(['{"next":true}']);
  });
});

describe('LineSplitter at the size limit', () => {
  it('cuts a line by its UTF-8 bytes, whether it came whole in one chunk or in pieces', () => {
    // maxLineBytes 12: 4 characters of 3 bytes are 12 (kept), 5 are 15 (cut), 13 ASCII characters are 13 (cut);
    // 6 characters of 2 bytes are 12 (kept), though 6 × 3 is past the limit; a 4-byte emoji is 2 UTF-16 units.
    const texts = ['€€€€', '€€€€€', 'a'.repeat(12), 'a'.repeat(13), 'éééééé', 'ééééééé', '😀😀😀', '😀😀😀😀', '{"ok":1}', ''];
    const expected = { lines: ['€€€€', 'a'.repeat(12), 'éééééé', '😀😀😀', '{"ok":1}'], oversized: ['€€€€€', 'a'.repeat(13), 'ééééééé', '😀😀😀😀'] };
    const stream = texts.map((text) => `${text}\n`).join('');
    for (const chunks of [[stream], [...stream], stream.split('\n').flatMap((line) => [line, '\n']), [Buffer.from(stream)]]) {
      const lines: string[] = [];
      const oversized: string[] = [];
      const splitter = new LineSplitter({ onLine: (line) => lines.push(line), onOversized: (head) => oversized.push(head), maxLineBytes: 12 });
      for (const chunk of chunks) splitter.push(chunk);
      splitter.end();
      expect({ lines, oversized }).toEqual(expected);
    }
  });
});

describe('excerpt', () => {
  it('keeps 200 characters and escapes control characters', () => {
    expect(excerpt('a\u001b[31mb\nc\\')).toBe('a\\u001b[31mb\\nc\\\\');
    expect(excerpt('y'.repeat(300))).toBe(`${'y'.repeat(200)}…`);
    expect(excerpt('\u009b2J')).toBe('\\u009b2J');
  });
});

describe('JsonRpcPeer', () => {
  it('matches a response to its request by id', async () => {
    const { rpc, written } = peer();
    const { id, response } = rpc.request('initialize', { protocol: 'agentready/1' });
    expect(written).toEqual([{ jsonrpc: '2.0', id, method: 'initialize', params: { protocol: 'agentready/1' } }]);
    rpc.feed(encode({ jsonrpc: '2.0', id, result: { name: 'a' } }));
    await expect(response).resolves.toEqual({ name: 'a' });
    expect(rpc.pendingCount).toBe(0);
  });

  it('reads a line that starts with a byte order mark (.NET and PowerShell write one first) as the message after it, as exec reads a result', async () => {
    const { rpc, problems } = peer();
    const { id, response } = rpc.request('initialize', { protocol: 'agentready/1' });
    rpc.feed(`\ufeff${encode({ jsonrpc: '2.0', id, result: { name: 'dotnet' } })}`);
    await expect(response).resolves.toEqual({ name: 'dotnet' });
    // Ended mid-line too (the stream's last line, with no newline).
    const last = rpc.request('run', {});
    rpc.feed(`\ufeff${encode({ jsonrpc: '2.0', id: last.id, result: { ok: true } }).trimEnd()}`);
    rpc.end();
    await expect(last.response).resolves.toEqual({ ok: true });
    expect(problems).toEqual([]);
  });

  it('rejects a request answered with an error, keeping code and data', async () => {
    const { rpc } = peer();
    const { id, response } = rpc.request('run', {});
    rpc.feed(encode({ jsonrpc: '2.0', id, error: { code: -32000, message: 'nope', data: { kind: 'x' } } }));
    await expect(response).rejects.toMatchObject({ name: 'JsonRpcError', code: -32000, message: 'nope', data: { kind: 'x' } });
  });

  it('reads a response holding both result and error (JSON-RPC 2.0 allows one) as its error: an answer that says it failed is no pass', async () => {
    const { rpc } = peer();
    const { id, response } = rpc.request('run', {});
    rpc.feed(encode({ jsonrpc: '2.0', id, result: { outcome: 'completed', output: 'ok' }, error: { code: -32000, message: 'model overloaded' } }));
    await expect(response).rejects.toMatchObject({ name: 'JsonRpcError', code: -32000, message: 'model overloaded' });
    expect(rpc.pendingCount).toBe(0);
  });

  it('reports a non-JSON line with an escaped excerpt, without throwing', () => {
    const { rpc, problems } = peer();
    expect(() => rpc.feed(`not json \u001b[2J ${'z'.repeat(400)}\n`)).not.toThrow();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'not_json' });
    expect(problems[0]!.excerpt.startsWith('not json \\u001b[2J z')).toBe(true);
    expect(problems[0]!.excerpt).toHaveLength(201 + '\\u001b'.length - 1);
  });

  it('says of a pretty-printed message (its first line a lone "{") that a message is one line, not only that the line is no JSON', () => {
    const { rpc, problems } = peer();
    rpc.feed(`${JSON.stringify({ jsonrpc: '2.0', id: 1, result: { outcome: 'completed', output: 'ok' } }, null, 2)}\n[ log ] starting:\n`);
    expect(problems[0]).toMatchObject({ kind: 'not_json', excerpt: '{' });
    expect(problems[0]!.message).toBe('not a JSON line: the start of a message written over several lines; write each message on one line, as JSON.stringify(message) and json.dumps(message) do without an indent');
    // The lines after it, and a log line that starts with a bracket, are only no JSON.
    expect(problems.slice(1).map((problem) => problem.message)).toEqual(Array(problems.length - 1).fill('not a JSON line'));
  });

  it('reports an invalid envelope and a response to an unknown id', () => {
    const { rpc, problems } = peer();
    rpc.feed('{"hello":"world"}\n[1,2]\n');
    rpc.feed(encode({ jsonrpc: '2.0', id: 99, result: 1 }));
    rpc.feed(encode({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }));
    expect(problems.map((problem) => problem.kind)).toEqual(['invalid_envelope', 'invalid_envelope', 'unknown_id', 'unknown_id']);
    expect(problems[2]!.message).toContain('unknown request id 99');
    expect(problems[2]!.excerpt).toBe('{"jsonrpc":"2.0","id":99,"result":1}');
  });

  it('names a missing or wrong "jsonrpc" member, the one a hand-written agent most often leaves out (SPEC §11 Shapes: every stdio message is JSON-RPC 2.0)', () => {
    const { rpc, problems } = peer();
    const { id } = rpc.request('run', {});
    const line = (message: object) => `${JSON.stringify(message)}\n`;
    rpc.feed(line({ id, result: { outcome: 'completed', output: 'ok' } }));
    rpc.feed(line({ jsonrpc: '1.0', id: 7, method: 'tools/call', params: {} }));
    rpc.feed(line({ jsonrpc: 2, method: 'usage', params: {} }));
    rpc.feed(line({ jsonrpc: '2.0', id: 8, method: 7 }));
    expect(problems.map((problem) => problem.message)).toEqual([
      'invalid JSON-RPC response: no "jsonrpc": "2.0" member (every message carries it)',
      'invalid JSON-RPC request: its "jsonrpc" member is not the string "2.0"',
      'invalid JSON-RPC notification: its "jsonrpc" member is not the string "2.0"',
      'invalid JSON-RPC request',
    ]);
  });

  it('tells a second answer to a request of ours (answered_id) from an answer to an id never sent (unknown_id)', async () => {
    const { rpc, problems } = peer();
    const { id, response } = rpc.request('run', {});
    rpc.feed(encode({ jsonrpc: '2.0', id, result: 'first' }));
    await expect(response).resolves.toBe('first');
    rpc.feed(encode({ jsonrpc: '2.0', id, result: 'again' }));
    rpc.feed(encode({ jsonrpc: '2.0', id: id + 1, result: 'never asked' }));
    rpc.feed(encode({ jsonrpc: '2.0', id: 0, result: 'never asked' }));
    rpc.feed(encode({ jsonrpc: '2.0', id: String(id), result: 'a string id we never send' }));
    expect(problems.map((problem) => problem.kind)).toEqual(['answered_id', 'unknown_id', 'unknown_id', 'unknown_id']);
    expect(problems[0]!.message).toBe(`a response for request id ${id}, which was answered already`);
  });

  it('names what the request answered twice was, when its owner knows (the run of a case)', async () => {
    const { rpc, problems } = peer({ answeredRequest: (id) => (id === 1 ? 'the run of case refund-1' : undefined) });
    const { id, response } = rpc.request('run', {});
    rpc.feed(encode({ jsonrpc: '2.0', id, result: 'first' }));
    await expect(response).resolves.toBe('first');
    rpc.feed(encode({ jsonrpc: '2.0', id, result: 'again' }));
    expect(problems.map((problem) => problem.message)).toEqual([`a response for request id ${id} (the run of case refund-1), which was answered already`]);
  });

  it('answers a request from its handler', async () => {
    const { rpc, written, writes } = peer({ requests: { echo: async (params) => ({ echoed: params }) } });
    rpc.feed(encode({ jsonrpc: '2.0', id: 'a-1', method: 'echo', params: [1] }));
    await writes(1);
    expect(written[0]).toEqual({ jsonrpc: '2.0', id: 'a-1', result: { echoed: [1] } });
  });

  // A framework throws a provider's streamed error event as it came (serveStdio's handler, say).
  it('answers a handler that throws an object by its error\'s message, not "[object Object]"', async () => {
    const { rpc, written, writes } = peer({
      requests: {
        overloaded: () => {
          throw { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
        },
      },
    });
    rpc.feed(encode({ jsonrpc: '2.0', id: 1, method: 'overloaded' }));
    await writes(1);
    expect(written).toContainEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Overloaded' } });
  });

  it('answers a handler that throws a Proxy whose traps throw (its instanceof test threw, and serveStdio\'s process ended)', async () => {
    const trap = () => {
      throw new Error('trap');
    };
    const { rpc, written, writes } = peer({
      requests: {
        unreadable: () => {
          throw new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap });
        },
      },
    });
    rpc.feed(encode({ jsonrpc: '2.0', id: 1, method: 'unreadable' }));
    await writes(1);
    expect(written).toContainEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'a value that cannot be shown' } });
  });

  it('answers a handler error as a JSON-RPC error', async () => {
    const { rpc, written, problems, writes } = peer({
      requests: {
        boom: () => {
          throw new Error('handler broke');
        },
        denied: async () => {
          throw new JsonRpcError({ code: -32000, message: 'policy says no', data: { kind: 'policy_denied', rule_id: 'r1' } });
        },
      },
    });
    rpc.feed(encode({ jsonrpc: '2.0', id: 1, method: 'boom' }));
    rpc.feed(encode({ jsonrpc: '2.0', id: 2, method: 'denied' }));
    rpc.feed(encode({ jsonrpc: '2.0', id: 3, method: 'missing' }));
    await writes(3);
    expect(written).toContainEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'handler broke' } });
    expect(written).toContainEqual({
      jsonrpc: '2.0',
      id: 2,
      error: { code: -32000, message: 'policy says no', data: { kind: 'policy_denied', rule_id: 'r1' } },
    });
    expect(written).toContainEqual({ jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'method not found: missing' } });
    expect(problems).toEqual([]);
  });

  it('dispatches notifications and reports unknown ones', () => {
    const seen: unknown[] = [];
    const { rpc, written, problems } = peer({ notifications: { usage: (params) => seen.push(params) } });
    rpc.feed(encode({ jsonrpc: '2.0', method: 'usage', params: { model: 'm' } }));
    rpc.feed(encode({ jsonrpc: '2.0', method: 'other' }));
    expect(seen).toEqual([{ model: 'm' }]);
    expect(written).toEqual([]);
    expect(problems.map((problem) => problem.kind)).toEqual(['unknown_notification']);
  });

  it('tells a peer that sends a notification as a request (or a request as a notification) which it is', async () => {
    const { rpc, written, problems, writes } = peer({ requests: { 'tools/call': async () => ({}) }, notifications: { usage: () => undefined } });
    rpc.feed(encode({ jsonrpc: '2.0', id: 7, method: 'usage', params: { model: 'm' } }));
    rpc.feed(encode({ jsonrpc: '2.0', method: 'tools/call', params: {} }));
    await writes(1);
    expect(written).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'method not found: usage is a notification: send it without an "id" (it gets no answer)' } },
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      '"tools/call" sent as a notification (no "id"): it is a request, and only a request with an "id" gets its answer',
    ]);
  });

  it('finds a handler by its own method name only: Object.prototype\'s names are methods not found, not code run', async () => {
    const { rpc, written, problems, writes } = peer({ requests: { 'tools/call': async () => ({}) }, notifications: { usage: () => undefined } });
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    names.forEach((method, i) => rpc.feed(encode({ jsonrpc: '2.0', id: i + 1, method, params: {} })));
    for (const method of names) rpc.feed(encode({ jsonrpc: '2.0', method, params: {} }));
    await writes(names.length);
    expect(written).toEqual(names.map((method, i) => ({ jsonrpc: '2.0', id: i + 1, error: { code: -32601, message: `method not found: ${method}` } })));
    expect(problems.map((problem) => problem.message)).toEqual(names.map((method) => `unknown notification "${method}"`));
  });

  it('rejects every pending request when the connection goes', async () => {
    const { rpc } = peer();
    const first = rpc.request('a', {}).response;
    const second = rpc.request('b', {}).response;
    rpc.rejectAll(new Error('gone'));
    await expect(first).rejects.toThrow('gone');
    await expect(second).rejects.toThrow('gone');
  });

  it('fails the request an over-long answer names at once, and answers an over-long request with an error', async () => {
    const { rpc, written, problems } = peer({ maxLineBytes: 64 });
    const first = rpc.request('run', {});
    const second = rpc.request('run', {});
    rpc.feed(`${JSON.stringify({ jsonrpc: '2.0', id: second.id, result: { output: 'x'.repeat(100) } })}\n`);
    await expect(second.response).rejects.toBeInstanceOf(OversizedMessageError);
    await expect(second.response).rejects.toThrow(/longer than 64 bytes/);
    rpc.feed(`${JSON.stringify({ jsonrpc: '2.0', id: 'agent-1', method: 'tools/call', params: { blob: 'x'.repeat(100) } })}\n`);
    expect(written.at(-1)).toMatchObject({ id: 'agent-1', error: { code: -32600 } });
    expect(problems.map((problem) => problem.kind)).toEqual(['oversized_request']);
    rpc.feed(encode({ jsonrpc: '2.0', id: first.id, result: 'ok' }));
    await expect(first.response).resolves.toBe('ok');
  });

  it('takes a last message without newline, and reports a last line cut mid-way as partial', async () => {
    const { rpc, problems } = peer();
    const { response } = rpc.request('a', {});
    rpc.feed(JSON.stringify({ jsonrpc: '2.0', id: 1, result: 'done' }));
    rpc.end();
    await expect(response).resolves.toBe('done');
    const cut = peer();
    cut.rpc.feed('{"jsonrpc":"2.0","id":1,"res');
    cut.rpc.end();
    expect(cut.problems).toMatchObject([{ kind: 'partial_line', excerpt: '{"jsonrpc":"2.0","id":1,"res' }]);
    expect(problems).toEqual([]);
  });
});
