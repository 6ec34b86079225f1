// A tool's `parameters` and a suite's `context_schema` describe objects (config/json-schema-rules.ts).
import { describe, expect, it } from 'vitest';
import { validateSuiteSource } from '../../../src/config/index.js';

const CASES = 'cases:\n  - id: a\n    input: hi\n    expect: { outcome: completed }\n';

function issuesOf(head: string) {
  const result = validateSuiteSource(`suite: s\n${head}${CASES}`, 's.suite.yaml');
  return result.ok ? [] : result.issues;
}

describe('a schema of what is always an object', () => {
  it('refuses parameters whose type admits no object, at the type: every call would be answered invalid_arguments', () => {
    // Before: valid, and every call of `lookup` was refused (arguments are an object on every transport; MCP lists it as type object).
    const issues = issuesOf('tools:\n  - name: lookup\n    parameters: { type: string }\n');
    expect(issues.map((i) => [i.code, i.path, i.line, i.column, i.severity ?? 'error'])).toEqual([['schema_not_object', 'tools[0].parameters.type', 4, 25, 'error']]);
    expect(issues[0]!.message).toBe('the arguments of a lookup call are always an object, so type "string" refuses every one');
    expect(issues[0]!.expected).toBe('type: object (the arguments of a lookup call are always an object of named values: describe each under `properties`)');
    expect(issuesOf('tools:\n  - { name: t, parameters: { type: [array, "null"] } }\n').map((i) => i.code)).toEqual(['schema_not_object']);
  });

  it('refuses a context_schema whose type admits no object', () => {
    // Each case's context is warned of too (code context_schema): it is true, and says which.
    expect(issuesOf('context_schema: { type: array }\ntools: []\n').filter((i) => i.severity !== 'warning').map((i) => [i.path, i.message])).toEqual([
      ['context_schema.type', 'a case\'s context is always an object, so type "array" refuses every one'],
    ]);
  });

  it('accepts type object, a list holding it, or no type; an unknown type name is the schema\'s own error only', () => {
    expect(issuesOf('tools:\n  - { name: a, parameters: { type: object } }\n  - { name: b, parameters: { type: [object, "null"] } }\n  - { name: c, parameters: { properties: { x: { type: string } } } }\n')).toEqual([]);
    expect(issuesOf('tools:\n  - { name: t, parameters: { type: strin } }\n').map((i) => i.code)).toEqual(['invalid_json_schema']);
  });
});
