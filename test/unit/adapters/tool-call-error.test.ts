import { describe, expect, it } from 'vitest';
import { errorForAgent, toolCallError } from '../../../src/adapters/tool-call-error.js';
import { OWN_ERROR_KINDS } from '../../../src/config/schema/answer-kinds.js';

describe('errorForAgent', () => {
  it('starts the message with the kind and says what to do', () => {
    expect(errorForAgent({ kind: 'rate_limit', status: 429, retry_after_ms: 50, message: 'rate limited: retry after 50 ms' })).toEqual({
      kind: 'rate_limit',
      status: 429,
      retry_after_ms: 50,
      message: 'rate_limit: retry after 50 ms',
    });
    expect(errorForAgent({ kind: 'policy_denied', rule_id: 'cap', message: 'denied by policy rule cap: too much' }).message).toBe(
      'policy_denied: denied by policy rule cap: too much; do not retry this call',
    );
    expect(errorForAgent({ kind: 'timeout', message: 'tool lookup timed out' }).message).toBe('timeout: tool lookup timed out; the call may succeed if tried again');
  });

  it('says what to do for every kind agentready answers with itself (SPEC §12\'s list), not_mocked and replay\'s not_recorded included', () => {
    for (const kind of OWN_ERROR_KINDS) expect(errorForAgent({ kind, message: 'why' }).message, kind).toMatch(new RegExp(`^${kind}: why; \\S`));
    expect(errorForAgent({ kind: 'not_mocked', message: 'no mock answers lookup with these arguments' }).message).toBe(
      'not_mocked: no mock answers lookup with these arguments; do not retry this call with these arguments',
    );
  });

  it("keeps a domain error's own words after its kind, and never says the kind twice", () => {
    expect(errorForAgent({ kind: 'order_not_found', message: 'no order 99' }).message).toBe('order_not_found: no order 99');
    expect(errorForAgent({ kind: 'order_not_found', message: 'order_not_found: no order 99' }).message).toBe('order_not_found: no order 99');
    // A mock's error with no message (its message is its kind) or an empty one: the kind, said once, with nothing after a colon.
    expect(errorForAgent({ kind: 'gone', message: 'gone' }).message).toBe('gone');
    expect(errorForAgent({ kind: 'gone', message: '' }).message).toBe('gone');
    expect(errorForAgent({ kind: 'timeout', message: 'timeout' }).message).toBe('timeout; the call may succeed if tried again');
  });
});

describe('toolCallError', () => {
  it('carries the message in data too, as frameworks that keep only data see it', () => {
    const error = toolCallError({ kind: 'rate_limit', retry_after_ms: 50, message: 'rate_limit: retry after 50 ms' });
    expect(error.message).toBe('rate_limit: retry after 50 ms');
    expect(error.data).toEqual({ kind: 'rate_limit', retry_after_ms: 50, message: 'rate_limit: retry after 50 ms' });
    expect([error.kind, error.retry_after_ms, error.status]).toEqual(['rate_limit', 50, undefined]);
  });
});
