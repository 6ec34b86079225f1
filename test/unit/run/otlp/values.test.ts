import { describe, expect, it } from 'vitest';
import { camelKeys } from '../../../../src/run/otlp/values.js';

describe('camelKeys', () => {
  it('renames snake_case field names at any depth and leaves attribute keys (values) alone', () => {
    const raw = { resource_spans: [{ scope_spans: [{ spans: [{ trace_id: 'a', attributes: [{ key: 'gen_ai.tool.name', value: { string_value: 'x' } }] }] }] }] };
    expect(camelKeys(raw)).toEqual({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a', attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: 'x' } }] }] }] }] });
  });

  it('returns what no renaming changes as it is, not a copy, and copies only the path to a renamed field', () => {
    const kept = { name: 'chat', attributes: [{ key: 'a_b', value: { stringValue: 'v' } }] };
    const raw = { resourceSpans: [{ scopeSpans: [{ spans: [kept, { span_id: 's' }] }] }] };
    expect(camelKeys(kept)).toBe(kept);
    const renamed = camelKeys(raw) as typeof raw;
    expect(renamed).not.toBe(raw);
    expect(renamed.resourceSpans[0]!.scopeSpans[0]!.spans[0]).toBe(kept);
    expect(renamed.resourceSpans[0]!.scopeSpans[0]!.spans[1]).toEqual({ spanId: 's' });
  });
});
