import { describe, expect, it } from 'vitest';
import { describeTool, toCallToolResult } from '../../../src/environment/mcp/tools.js';
import { tool } from './fixtures.js';

describe('describeTool', () => {
  it('lists name, description and the parameters as inputSchema', () => {
    const parameters = { type: 'object', required: ['order_id'], properties: { order_id: { type: 'string' } } };
    expect(describeTool(tool('lookup_order', { description: 'Find an order', parameters }))).toEqual({
      name: 'lookup_order',
      description: 'Find an order',
      inputSchema: parameters,
    });
  });

  it('leaves out an empty description and always says the input is an object', () => {
    expect(describeTool(tool('ping', { parameters: {} }))).toEqual({ name: 'ping', inputSchema: { type: 'object' } });
  });
});

describe('toCallToolResult', () => {
  it('gives an object result as structured content and as JSON text', () => {
    expect(toCallToolResult({ ok: true, result: { status: 'shipped' } })).toEqual({
      content: [{ type: 'text', text: '{"status":"shipped"}' }],
      structuredContent: { status: 'shipped' },
    });
  });

  it('gives any other result as JSON text only, so a truncated-JSON string reads back unchanged', () => {
    expect(toCallToolResult({ ok: true, result: '{"status":"sh' })).toEqual({ content: [{ type: 'text', text: '"{\\"status\\":\\"sh"' }] });
    expect(toCallToolResult({ ok: true, result: [1, 2] })).toEqual({ content: [{ type: 'text', text: '[1,2]' }] });
    expect(toCallToolResult({ ok: true, result: null })).toEqual({ content: [{ type: 'text', text: 'null' }] });
  });

  it('gives an error answer as isError: the message as its text, kind, status and retry_after_ms as structuredContent', () => {
    const payload = { kind: 'rate_limit', status: 429, retry_after_ms: 50, message: 'rate_limit: retry after 50 ms' };
    const result = toCallToolResult({ ok: false, error: payload });
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'rate_limit: retry after 50 ms' }], structuredContent: payload });
  });
});
