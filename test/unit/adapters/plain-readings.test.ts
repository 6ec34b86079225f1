import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { plainNotification, plainResult } from '../../../src/adapters/jsonrpc-envelope.js';
import { JsonRpcNotificationSchema, JsonRpcResponseSchema, plainRunResult, RunResultSchema } from '../../../src/adapters/protocol.js';
import { OUTCOMES } from '../../../src/config/schema/trace.js';

/**
 * The fast paths that read what an agent sends without zod agree with the schema they stand in
 * for: what a fast path reads, the schema reads alike (the same data, the value it carries the
 * same one, not a copy), and a message the schema takes is declined only when `mayDecline` says
 * the fast path is not meant for it.
 */
function agreesWithSchema<T extends object>(
  raw: unknown,
  { fast, schema, carried, mayDecline }: { fast: T | undefined; schema: z.ZodType; carried: (read: T) => [unknown, unknown]; mayDecline: boolean },
): void {
  const parsed = schema.safeParse(raw);
  if (fast !== undefined) {
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(fast);
    const [read, sent] = carried(fast);
    expect(read).toBe(sent);
  } else if (parsed.success && !mayDecline) expect.fail(`the fast path declined ${JSON.stringify(raw)}`);
}

/** Values as JSON.parse gives them, right or wrong for any key. */
const value = fc.oneof(fc.constantFrom(null, true, 0, -1, 1.5, 1e400, '', '2.0', 'x', 'completed', 'timeout', 'Completed', [], {}), fc.jsonValue({ maxDepth: 2 }));

describe('the JSON-RPC envelope fast path', () => {
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

  it('reads a result as the response schema does, every one without an error key', () => {
    fc.assert(
      fc.property(message, (raw) => {
        agreesWithSchema(raw, { fast: plainResult(raw), schema: JsonRpcResponseSchema, carried: (read) => [read.result, raw.result], mayDecline: 'error' in raw });
      }),
      { numRuns: 2000 },
    );
  });

  it('declines what JSON.parse makes of an id past any double (1e999: Infinity), as the schema does', () => {
    // Random records seldom hold a non-finite id: these are the ones a fast path without its finite check would take.
    for (const line of ['{"jsonrpc":"2.0","id":1e999,"result":1}', '{"jsonrpc":"2.0","id":-1e999,"result":null}']) {
      const raw = JSON.parse(line) as object;
      expect(plainResult(raw), line).toBeUndefined();
      expect(JsonRpcResponseSchema.safeParse(raw).success, line).toBe(false);
    }
  });

  it('reads a notification as its schema does, every one it takes', () => {
    fc.assert(
      fc.property(message, (raw) => {
        const notification = { ...raw };
        delete notification.id;
        agreesWithSchema(notification, { fast: plainNotification(notification), schema: JsonRpcNotificationSchema, carried: (read) => [read.params, notification.params], mayDecline: false });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plainRunResult', () => {
  const usage = fc.oneof(
    fc.record({ model: fc.constantFrom('m', ''), input_tokens: fc.oneof(fc.nat(), value), output_tokens: fc.oneof(fc.nat(), value) }),
    fc.array(fc.record({ model: fc.constant('m'), input_tokens: fc.nat(), output_tokens: fc.nat() }), { maxLength: 2 }),
    value,
  );
  const answer = fc.oneof(fc.record({ outcome: fc.oneof(fc.constantFrom(...OUTCOMES), value), output: value, usage, extra: value }, { requiredKeys: [] }), value);

  it('reads an answer as RunResultSchema does, every one it takes without usage', () => {
    fc.assert(
      fc.property(answer, (raw) => {
        const sent = raw as { output?: unknown; usage?: unknown } | null;
        agreesWithSchema(raw, { fast: plainRunResult(raw), schema: RunResultSchema, carried: (read) => [read.output, sent?.output], mayDecline: sent?.usage !== undefined });
      }),
      { numRuns: 3000 },
    );
  });
});
