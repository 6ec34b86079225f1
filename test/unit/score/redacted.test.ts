/**
 * Scoring a trace written with redaction on (score/redacted.ts): each check read for the case and
 * against it; the same verdict both ways stands, two verdicts make the check not decidable, and a
 * case whose only failures are such checks is an error, not a failure.
 */
import { describe, expect, it } from 'vitest';
import { caseStatus, scorePolicy, scoreTrace, undecidedError } from '../../../src/score/index.js';
import { outputProblems } from '../../../src/score/output.js';
import { trace } from './trace-builder.js';

const RESCORE = 'rescore a run made with `eval --no-redact`';

describe('scoreTrace of a trace written with redaction on', () => {
  it('passes what passed on the written values: arguments and output compared by the expected values\' redacted form', () => {
    const t = trace().call('send_email', { to: '[email]', subject: 'Receipt 4821' }).output('Sent to [email], call [phone] if not').build();
    const kase = {
      expect: {
        tools: [{ name: 'send_email', args: { to: 'jane@example.com', subject: { regex: '4821' } } }],
        output: { contains: ['jane@example.com', '+1 415 555 2671'], not_contains: 'bob' },
      },
    };
    const checks = scoreTrace({ trace: t, kase, budgets: {}, redacted: true });
    expect(checks.map((c) => [c.check, c.pass])).toEqual([['tools', true], ['output', true], ['policy', true], ['budget', true]]);
    // Read as written, the same trace fails: what score did before.
    expect(scoreTrace({ trace: t, kase, budgets: {} }).filter((c) => !c.pass).map((c) => c.check)).toEqual(['tools', 'output']);
  });

  it('fails what the redacted values decide: a different kind of value, another literal', () => {
    const t = trace().call('send_email', { to: '[phone]' }).output('Sent to [email]').build();
    const checks = scoreTrace({ trace: t, kase: { expect: { tools: [{ name: 'send_email', args: { to: 'jane@example.com' } }], output: { equals: 'Sent to jane@example.com!' } } }, budgets: {}, redacted: true });
    const failed = checks.filter((c) => !c.pass);
    expect(failed.map((c) => [c.check, 'undecidable' in c])).toEqual([['tools', false], ['output', false]]);
    expect(caseStatus(t, checks)).toBe('failed');
    expect(undecidedError(checks)).toEqual({});
  });

  it('marks a check the placeholder leaves open as not decidable, and the case an error that says which and why', () => {
    const t = trace().call('update_account', { value: '[email]' }).output('Changed to [email]').build();
    const checks = scoreTrace({
      trace: t,
      kase: { expect: { tools: [{ name: 'update_account', args: { value: { regex: '^jane\\.new@' } } }], output: { regex: 'new@example\\.com' } } },
      budgets: {},
      redacted: true,
    });
    const tools = checks.find((c) => c.check === 'tools')!;
    expect(tools).toMatchObject({ pass: false, undecidable: true });
    expect(tools.pass ? '' : tools.reason).toBe(
      `not decidable from a trace written with redaction on, a value it depends on was redacted (expected call update_account {value: {regex: "^jane\\\\.new@"}} not found; closest: update_account {value: "[email]"}): ${RESCORE}`,
    );
    expect(checks.find((c) => c.check === 'output')).toMatchObject({ pass: false, undecidable: true });
    expect(caseStatus(t, checks)).toBe('error');
    const error = undecidedError(checks).error!;
    expect(error.code).toBe('UNDECIDABLE');
    expect(error.message).toMatch(/^tools: not decidable from a trace written with redaction on/);
    expect(error.message).toMatch(/\(also not decidable: output\)$/);
  });

  it('keeps a decided failure a failure beside a check that is not decidable', () => {
    const t = trace().call('update_account', { value: '[email]' }).outcome('escalated').build();
    const checks = scoreTrace({ trace: t, kase: { expect: { outcome: 'completed', tools: [{ name: 'update_account', args: { value: { regex: '^j' } } }] } }, budgets: {}, redacted: true });
    expect(caseStatus(t, checks)).toBe('failed');
    expect(undecidedError(checks)).toEqual({});
  });

  it('leaves a case open when its expectation fails but an alternative is not decidable, and failed when no alternative could pass', () => {
    const t = trace().call('send_email', { to: '[email]' }).outcome('escalated').build();
    const alternatives = (args: Record<string, unknown>) => ({ expect: { outcome: 'completed' as const, alternatives: [{ outcome: 'escalated' as const, tools: [{ name: 'send_email', args }] }] } });
    const open = scoreTrace({ trace: t, kase: alternatives({ to: { regex: '@example\\.com$' } }), budgets: {}, redacted: true });
    expect(caseStatus(t, open)).toBe('error');
    expect(undecidedError(open).error!.message).toMatch(/^tools: alternative 1: not decidable from a trace written with redaction on/);
    const failed = scoreTrace({ trace: t, kase: alternatives({ to: '+1 415 555 2671' }), budgets: {}, redacted: true });
    expect(caseStatus(t, failed)).toBe('failed');
    expect(failed[0]).toMatchObject({ check: 'outcome', pass: false });
  });

  it('reads a forbidden call the other way round: a forbid the placeholder leaves open is not decidable, one it decides stands', () => {
    const t = trace().call('send_email', { to: '[email]' }).build();
    const forbidding = (args: Record<string, unknown> | undefined) =>
      scoreTrace({ trace: t, kase: { expect: { forbid: [{ name: 'send_email', ...(args ? { args } : {}) }] } }, budgets: {}, redacted: true })[0]!;
    expect(forbidding({ to: { regex: 'gmail\\.com$' } })).toMatchObject({ check: 'tools', pass: false, undecidable: true });
    // [email] may be bob's address or another: a forbidden address is open too, not a violation.
    expect(forbidding({ to: 'bob@gmail.com' })).toMatchObject({ check: 'tools', pass: false, undecidable: true });
    expect(forbidding({ to: '+1 415 555 2671' })).toMatchObject({ check: 'tools', pass: true });
    const hit = forbidding(undefined);
    expect(hit).toMatchObject({ check: 'tools', pass: false });
    expect('undecidable' in hit).toBe(false);
  });
});

describe('outputProblems read both ways', () => {
  it('leaves a regex, a json_schema the output fails and a not_contains of the redacted text open; decides the rest', () => {
    const output = '{"email":"[email]","n":2}';
    const both = (expect: Parameters<typeof outputProblems>[0]['expect']) => [outputProblems({ output, expect, reading: { unknownAs: true } }).length, outputProblems({ output, expect, reading: { unknownAs: false } }).length];
    expect(both({ regex: '@example' })).toEqual([0, 1]);
    expect(both({ json_schema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } })).toEqual([0, 1]);
    expect(both({ not_contains: 'jane@example.com' })).toEqual([0, 1]);
    expect(both({ not_contains: '"n":2' })).toEqual([1, 1]);
    expect(both({ equals: { email: 'jane@example.com', n: 2 } })).toEqual([0, 0]);
    expect(both({ equals: { email: 'jane@example.com', n: 3 } })).toEqual([1, 1]);
    // No placeholder: as written.
    expect(outputProblems({ output: 'plain', expect: { regex: '^p' }, reading: { unknownAs: false } })).toEqual([]);
  });
});

describe('scorePolicy', () => {
  it('is not decidable when a rule was left open on a call, and fails on a violation whatever else is open', () => {
    const open = trace().call('send_email', { to: '[email]' }, {}).build();
    open.tool_calls[0]!.policy_undecidable = { rule_id: 'email-domains', reason: 'allow_only: arguments.to="[email]" is not allowed' };
    expect(scorePolicy(open)).toMatchObject({ check: 'policy', pass: false, undecidable: true, found: [{ call: 1, name: 'send_email', rule_id: 'email-domains' }] });
    expect(scorePolicy(open).pass ? '' : (scorePolicy(open) as { reason: string }).reason).toContain('policy rule email-domains may deny send_email (call 1)');
    const violated = trace().call('send_email', { to: '[email]' }).call('issue_refund', {}, { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'no', rule_id: 'cap' } }).build();
    violated.tool_calls[0]!.policy_undecidable = { rule_id: 'email-domains', reason: 'open' };
    expect(scorePolicy(violated)).toMatchObject({ pass: false });
    expect('undecidable' in scorePolicy(violated)).toBe(false);
  });
});
