// The name and version an agent gives itself are its own to choose and every output prints them:
// the run keeps them cut, so a 5 MB name is not a 10 MB first line.
import { describe, expect, it } from 'vitest';
import { AGENT_NAME_CHARS, agentAsKept } from '../../../src/run/session.js';

describe('agentAsKept', () => {
  it('cuts a name and version past AGENT_NAME_CHARS, and keeps the rest as given', () => {
    const kept = agentAsKept({ name: 'n'.repeat(5_000_000), version: 'v'.repeat(5_000_000), concurrency: 3 });
    expect(kept.name).toHaveLength(AGENT_NAME_CHARS);
    expect(kept.version).toHaveLength(AGENT_NAME_CHARS);
    expect(kept.concurrency).toBe(3);
    expect(agentAsKept({ name: 'agent', concurrency: 1 })).toEqual({ name: 'agent', concurrency: 1 });
  });
});
