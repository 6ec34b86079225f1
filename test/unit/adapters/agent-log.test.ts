// An agent process's log: its stderr lines by trace, agentready's protocol notes beside them, and the tail quoted in errors.
import { describe, expect, it } from 'vitest';
import { AgentLog } from '../../../src/adapters/agent-log.js';

describe('AgentLog', () => {
  it("files agentready's notes in the traces' logs but quotes only the process's own lines in withTail", () => {
    const log = new AgentLog();
    log.started('tr-1');
    const stderr = log.stderrSplitter();
    stderr.push('agent: looking up the order\n');
    log.note('not a JSON line: "oops"');
    stderr.push('agent: giving up\n');
    expect(log.linesFor('tr-1')).toEqual(['agent: looking up the order', '[agentready] protocol: not a JSON line: "oops"', 'agent: giving up']);
    expect(log.withTail('the agent exited')).toBe('the agent exited\nlast stderr lines:\n  agent: looking up the order\n  agent: giving up');
  });

  it('adds no tail when the process wrote nothing, even after a note', () => {
    const log = new AgentLog();
    log.note('a response for unknown request id 9: "{}"');
    expect(log.withTail('the agent exited')).toBe('the agent exited');
  });
});
