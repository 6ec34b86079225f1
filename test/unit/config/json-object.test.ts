// JsonObjectSchema: free-form objects (context, state, arguments) parse to themselves, every own key kept.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RunParamsSchema, ToolCallParamsSchema } from '../../../src/adapters/protocol.js';
import { JsonObjectSchema } from '../../../src/config/schema/json-object.js';
import { ReportedToolCallSchema } from '../../../src/config/schema/reported-call.js';

const withProto = () => JSON.parse('{"__proto__":{"admin":true},"user":"ann"}') as Record<string, unknown>;

describe('JsonObjectSchema', () => {
  it('gives back the object itself, an own __proto__ key kept and no prototype set', () => {
    const value = withProto();
    const parsed = JsonObjectSchema.parse(value);
    expect(parsed).toBe(value);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'user']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('refuses what is not a plain object as zod refuses a record, at its path', () => {
    for (const value of [[1], 'x', null, 3, new Date(0)]) {
      const issues = z.object({ context: JsonObjectSchema }).safeParse({ context: value }).error?.issues;
      expect(issues).toEqual([expect.objectContaining({ code: 'invalid_type', expected: 'record', path: ['context'] })]);
    }
  });

  it('keeps the key in what the agent is sent and in what it sends back', () => {
    const run = RunParamsSchema.shape.case.parse({ id: 'a', input: 'hi', context: withProto() });
    expect(Object.hasOwn(run.context, '__proto__')).toBe(true);
    const call = ToolCallParamsSchema.parse(JSON.parse('{"trace_id":"t","name":"lookup","arguments":{"__proto__":{"id":1}}}'));
    expect(Object.getOwnPropertyDescriptor(call.arguments, '__proto__')?.value).toEqual({ id: 1 });
    const reported = ReportedToolCallSchema.parse(JSON.parse('{"name":"lookup","arguments":{"__proto__":{"id":1}}}'));
    expect(Object.keys(reported.arguments!)).toEqual(['__proto__']);
  });
});
