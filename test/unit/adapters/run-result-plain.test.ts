import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainRunResult, RunResultSchema } from '../../../src/adapters/protocol.js';
import { OUTCOMES } from '../../../src/config/schema/trace.js';

/** Answers as JSON.parse gives them: an outcome right or wrong, an output or none, usage or none, other keys. */
const value = fc.oneof(fc.constantFrom(null, true, 0, 1.5, '', 'completed', 'timeout', 'Completed', [], {}), fc.jsonValue({ maxDepth: 2 }));
const usage = fc.oneof(
  fc.record({ model: fc.constantFrom('m', ''), input_tokens: fc.oneof(fc.nat(), value), output_tokens: fc.oneof(fc.nat(), value) }),
  fc.array(fc.record({ model: fc.constant('m'), input_tokens: fc.nat(), output_tokens: fc.nat() }), { maxLength: 2 }),
  value,
);
const answer = fc.oneof(
  fc.record({ outcome: fc.oneof(fc.constantFrom(...OUTCOMES), value), output: value, usage, extra: value }, { requiredKeys: [] }),
  value,
);

describe('plainRunResult', () => {
  it('reads an answer only as RunResultSchema does, and every one it takes without usage', () => {
    fc.assert(
      fc.property(answer, (raw) => {
        const fast = plainRunResult(raw);
        const parsed = RunResultSchema.safeParse(raw);
        if (fast !== undefined) {
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(fast);
          expect(fast.output).toBe((raw as { output: unknown }).output);
        } else if (parsed.success && (raw as { usage?: unknown }).usage === undefined) expect.fail(`the fast path declined ${JSON.stringify(raw)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
