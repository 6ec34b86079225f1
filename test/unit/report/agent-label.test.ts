import { describe, expect, it } from 'vitest';
import { agentLabel } from '../../../src/report/agent-label.js';

describe('agentLabel', () => {
  it('names an agent by name and version', () => {
    expect(agentLabel({ name: 'support-agent', version: '0.1.0' })).toBe('support-agent 0.1.0');
  });

  it('leaves out a version that is only the transport\'s name, which the outputs print beside it', () => {
    expect(agentLabel({ name: '127.0.0.1:8123', version: 'http' })).toBe('127.0.0.1:8123');
    expect(agentLabel({ name: 'node agent.mjs', version: 'exec' })).toBe('node agent.mjs');
    expect(agentLabel({ name: 'support.mjs', version: 'module' })).toBe('support.mjs');
  });
});
