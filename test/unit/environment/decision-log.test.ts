import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { DecisionLog } from '../../../src/environment/decision-log.js';
import type { PolicyDecision } from '../../../src/config/schema/index.js';

function logged(redactText: (text: string) => string, tool: string, args: unknown): PolicyDecision {
  const streamed: PolicyDecision[] = [];
  const log = new DecisionLog({ traceId: 't', timestamp: () => '2026-12-05T00:00:00.000Z', redactText, onDecision: (decision) => streamed.push(decision) });
  log.record({ tool, args, ruleId: 'authority:undeclared', outcome: 'deny' });
  expect(log.decisions).toEqual(streamed);
  return streamed[0]!;
}

describe('DecisionLog', () => {
  it("redacts the tool's name as well as its arguments: an exec agent reports undeclared tools by any name", () => {
    const decision = logged(redact, 'undeclared leak.mail@example.org', { 'leak.mail@example.org': 'sk-proj-LEAKabcdef0123456789XYZ' });
    expect(decision.tool).toBe('undeclared [email]');
    expect(decision.input_summary).toBe('{"[email]":"[secret]"}');
  });

  it('takes out a secret wrapped in an object or list in the arguments\' summary (it kept hunter2 after a lone `[secret]`)', () => {
    const decision = logged(redact, 'lookup_order', { order_id: '1234', credentials: { password: { value: 'hunter2' }, api_key: ['k-1'] } });
    expect(decision.input_summary).toBe('{"order_id":"1234","credentials":{"password":{"value":"[secret]"},"api_key":["[secret]"]}}');
  });

  it('redacts a value or key with a control character glued to it before JSON escapes the character (`\\u0007` glued its letters to a card number)', () => {
    const decision = logged(redact, 'lookup_customer', { query: 'card see\u00074111 1111 1111 1111', by: { 'key \u0000AKIAIOSFODNN7EXAMPLE': true }, note: 'iban\fGB82 WEST 1234 5698 7654 32', password: 'hunter2\u0000' });
    expect(decision.input_summary).toBe('{"query":"card see\\u0007[card]","by":{"key \\u0000[secret]":true},"note":"iban\\f[iban]","password":"[secret]"}');
    // Under --no-redact, as sent.
    expect(logged((text) => text, 'lookup_customer', { query: 'card see\u00074111 1111 1111 1111' }).input_summary).toBe('{"query":"card see\\u00074111 1111 1111 1111"}');
  });

  it('keeps an ordinary tool name, and everything under --no-redact', () => {
    expect(logged(redact, 'lookup_order_2024', { order_id: '1234' }).tool).toBe('lookup_order_2024');
    expect(logged((text) => text, 'undeclared leak.mail@example.org', {}).tool).toBe('undeclared leak.mail@example.org');
  });
});
