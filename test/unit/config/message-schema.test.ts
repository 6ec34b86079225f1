// A conversation's messages (`task.messages`, the `user/reply` params, a trace's turns): the user's
// content is always text, the agent's is its output verbatim. The type says so, so an agent
// rebuilding its framework's conversation from `task.messages` needs no cast for the user's text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageSchema, type Message } from '../../../src/config/schema/message.js';

describe('MessageSchema', () => {
  it("takes a user's text and an agent's output of any JSON", () => {
    expect(MessageSchema.parse({ role: 'user', content: 'It is order 5678.' })).toEqual({ role: 'user', content: 'It is order 5678.' });
    expect(MessageSchema.parse({ role: 'agent', content: { answer: 42 } })).toEqual({ role: 'agent', content: { answer: 42 } });
  });

  it("rejects a user message whose content is not text", () => {
    expect(MessageSchema.safeParse({ role: 'user', content: { text: 'hi' } }).success).toBe(false);
    expect(MessageSchema.safeParse({ role: 'system', content: 'hi' }).success).toBe(false);
  });

  it("narrows a user message's content to a string", () => {
    const said = (messages: Message[]): string[] => messages.flatMap((message) => (message.role === 'user' ? [message.content] : []));
    expect(said([{ role: 'user', content: 'a' }, { role: 'agent', content: null }, { role: 'user', content: 'b' }])).toEqual(['a', 'b']);
  });

  it('says so in the published protocol schema', () => {
    const protocol = readFileSync(join(import.meta.dirname, '../../../schemas/protocol.json'), 'utf8');
    expect(protocol).toMatch(/"const": "user"[\s\S]{0,200}?"content": \{\s*"type": "string"/);
  });
});
