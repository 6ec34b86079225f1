// What a stdio agent writes on the wire against the policy: a key written twice, a number sent as
// a string, a list of addresses, 1e400. The policy judges the value the trace records and the mock
// answers (JSON.parse keeps a key's last value), and denies what it cannot read rather than let it run.
import { describe, expect, it } from 'vitest';
import { makeProject, readJsonl, runCli } from './helpers/run-cli.js';

/** A raw stdio agent: writes its tools/call lines by hand; the case's input is a list of [tool, arguments as JSON text]. */
const AGENT = `import { createInterface } from 'node:readline';
const send = (line) => process.stdout.write(line + '\\n');
const waiting = new Map();
let next = 0;
const call = (traceId, name, rawArguments) => new Promise((resolve) => {
  const id = 'c' + next++;
  waiting.set(id, resolve);
  send('{"jsonrpc":"2.0","id":"' + id + '","method":"tools/call","params":{"trace_id":' + JSON.stringify(traceId) + ',"name":' + JSON.stringify(name) + ',"arguments":' + rawArguments + '}}');
});
createInterface({ input: process.stdin }).on('line', async (line) => {
  const message = JSON.parse(line);
  if (waiting.has(message.id)) {
    waiting.get(message.id)(message.error ? message.error.data.kind : 'ran');
    waiting.delete(message.id);
  } else if (message.method === 'initialize') {
    send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { name: 'raw', version: '1' } }));
  } else if (message.method === 'shutdown') {
    send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }));
    process.exit(0);
  } else if (message.method === 'run') {
    const answers = [];
    for (const [name, args] of JSON.parse(message.params.case.input)) answers.push(await call(message.params.trace_id, name, args));
    send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { outcome: 'completed', output: answers.join(' ') } }));
  }
});
`;

const CALLS = [
  ['refund', '{"amount": 50, "amount": "5000"}'],
  ['refund', '{"amount": "5000", "amount": 50}'],
  ['send', '{"to": "a@evil.io, b@example.com"}'],
  ['send', '{"to": ["a@evil.io"]}'],
  ['refund', '{"amount": 1e400}'],
  ['refund', '{"amount": -0}'],
];

const SUITE = `suite: wire
tools:
  - { name: refund, tier: autonomous, mock: { result: { refunded: true } } }
  - { name: send, tier: autonomous, mock: { result: { sent: true } } }
cases:
  - id: wire
    input: ${JSON.stringify(JSON.stringify(CALLS))}
    expect: {}
`;

const POLICY = `rules:
  - id: cap
    tool: refund
    deny_if: { arguments.amount: { gt: 100 } }
  - id: no-evil
    tool: send
    deny_if: { arguments.to: { domain_in: [evil.io] } }
`;

describe('the policy against what a stdio agent writes on the wire', () => {
  it('judges the value the trace records (a key sent twice: the last), and denies a deny_if value it cannot read instead of letting it run', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [wire.suite.yaml]\npolicy: policy.yaml\n',
      'agent.mjs': AGENT,
      'wire.suite.yaml': SUITE,
      'policy.yaml': POLICY,
    });
    const { exitCode } = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
    expect(exitCode).toBe(0);
    const [trace] = readJsonl<{ output: string; tool_calls: { arguments: Record<string, unknown>; answer: string; error?: { message: string } }[] }>(dir, 'traces.jsonl');
    // Before: "5000" and both address lists ran (a string is not > 100; a list is in no domain).
    expect(trace!.output).toBe('policy_denied ran policy_denied policy_denied policy_denied ran');
    expect(trace!.tool_calls.map((c) => [c.arguments, c.answer, c.error?.message])).toEqual([
      [{ amount: '5000' }, 'policy_denied', 'denied by policy rule cap: deny_if could not be decided: arguments.amount: a string that gt cannot read (it reads a number)'],
      [{ amount: 50 }, 'answer', undefined],
      [{ to: 'a@evil.io, b@example.com' }, 'policy_denied', 'denied by policy rule no-evil: deny_if could not be decided: arguments.to: a string that domain_in cannot read (it reads one email address, URL or host name)'],
      [{ to: ['a@evil.io'] }, 'policy_denied', 'denied by policy rule no-evil: deny_if could not be decided: arguments.to: a list that domain_in cannot read (it reads one email address, URL or host name)'],
      [{ amount: null }, 'policy_denied', expect.stringContaining('arguments.amount=Infinity is no number JSON can hold')],
      [{ amount: 0 }, 'answer', undefined],
    ]);
    const decisions = readJsonl<{ rule_id: string; input_summary: string; outcome: string }>(dir, 'policy-decisions.jsonl');
    expect(decisions.map((d) => [d.rule_id, d.input_summary, d.outcome])).toEqual([
      ['cap', '{"amount":"5000"}', 'deny'],
      ['cap', '{"amount":50}', 'allow'],
      ['no-evil', '{"to":"a@evil.io, b@example.com"}', 'deny'],
      ['no-evil', '{"to":["a@evil.io"]}', 'deny'],
      ['cap', '{"amount":null}', 'deny'],
      ['cap', '{"amount":0}', 'allow'],
    ]);
  });
});
