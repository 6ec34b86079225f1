import { describe, expect, it } from 'vitest';
import { agentLabel } from '../../../src/config/agent-label.js';

describe('agentLabel', () => {
  it('names an agent by name and version', () => {
    expect(agentLabel({ name: 'support-agent', version: '0.1.0' })).toBe('support-agent 0.1.0');
  });

  it('names an agent that reports no version by its name alone', () => {
    expect(agentLabel({ name: '127.0.0.1:8123' })).toBe('127.0.0.1:8123');
  });

  it('leaves out the transport\'s name older versions recorded as the version of an agent that reported none', () => {
    expect(agentLabel({ name: '127.0.0.1:8123', version: 'http' })).toBe('127.0.0.1:8123');
    expect(agentLabel({ name: 'node agent.mjs', version: 'exec' })).toBe('node agent.mjs');
    expect(agentLabel({ name: 'support.mjs', version: 'module' })).toBe('support.mjs');
  });
});
