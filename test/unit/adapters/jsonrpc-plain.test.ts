import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainNotification, plainResult } from '../../../src/adapters/jsonrpc.js';
import { JsonRpcNotificationSchema, JsonRpcResponseSchema } from '../../../src/adapters/protocol.js';

/** Messages as JSON.parse gives them: the envelope's keys present or not, right or wrong, beside others. */
const value = fc.oneof(fc.constantFrom(null, true, 0, -1, 1.5, 1e400, '', '2.0', 'x', [], {}), fc.jsonValue({ maxDepth: 2 }));
const message = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), value),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.double(), value),
    result: value,
    error: fc.oneof(fc.record({ code: fc.oneof(fc.integer(), value), message: fc.oneof(fc.string(), value), data: value }, { requiredKeys: ['code', 'message'] }), value),
    method: fc.oneof(fc.constantFrom('usage', 'run', 'tools/call'), value),
    params: value,
    extra: value,
  },
  { requiredKeys: [] },
);

describe('the JSON-RPC envelope fast path', () => {
  it('reads a result only as the response schema does, and every result without an error key', () => {
    fc.assert(
      fc.property(message, (raw) => {
        const fast = plainResult(raw);
        const parsed = JsonRpcResponseSchema.safeParse(raw);
        if (fast !== undefined) {
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(fast);
          expect(fast.result).toBe(raw.result);
        } else if (parsed.success && !('error' in raw)) expect.fail(`the fast path declined ${JSON.stringify(raw)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a notification as its schema does, and every one the schema takes', () => {
    fc.assert(
      fc.property(message, (raw) => {
        const notification = { ...raw };
        delete notification.id;
        const parsed = JsonRpcNotificationSchema.safeParse(notification);
        const fast = plainNotification(notification);
        expect(fast === undefined).toBe(!parsed.success);
        if (fast !== undefined) {
          expect(parsed.data).toEqual(fast);
          expect(fast.params).toBe(notification.params);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
