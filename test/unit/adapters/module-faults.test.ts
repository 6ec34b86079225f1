// What would end agentready's process, told apart by the async context it was raised in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentExitRequest, claimAgentFault, trapAgentExits } from '../../../src/adapters/module-faults.js';
import { runInAgentScope, type AgentFault } from '../../../src/adapters/module-output.js';

function scope(recording = true): { faults: AgentFault[]; scope: Parameters<typeof runInAgentScope>[0] } {
  const faults: AgentFault[] = [];
  return { faults, scope: { write: () => undefined, fault: (fault) => (faults.push(fault), recording) } };
}

describe('claimAgentFault', () => {
  it("gives an error raised in an agent context, and what that context started, to that context", async () => {
    const { faults, scope: agent } = scope();
    const error = new Error('boom');
    const claimed = await runInAgentScope(agent, () => new Promise<string>((resolve) => setTimeout(() => resolve(claimAgentFault('uncaught', error)), 0)));
    expect(claimed).toBe('recorded');
    expect(faults).toEqual([{ kind: 'uncaught', error }]);
  });

  it('says when the context could no longer record it (the run had ended)', () => {
    const { scope: late } = scope(false);
    expect(runInAgentScope(late, () => claimAgentFault('unhandled', new Error('late')))).toBe('unrecorded');
  });

  it("leaves agentready's own errors (no agent context) to the caller, as bugs", () => {
    expect(claimAgentFault('unhandled', new Error('a bug'))).toBe('own');
  });

  it('takes the unwinding of a process.exit() already reported without reporting it twice', () => {
    const { faults, scope: agent } = scope();
    expect(runInAgentScope(agent, () => claimAgentFault('uncaught', new AgentExitRequest('process.exit(0)')))).toBe('recorded');
    expect(faults).toEqual([]);
  });
});

describe('trapAgentExits', () => {
  const { exit: ownExit, abort: ownAbort, kill: ownKill } = process;
  afterEach(() => {
    process.exit = ownExit;
    process.abort = ownAbort;
    process.kill = ownKill;
  });

  it('turns process.exit() in an agent context into its fault, exits for agentready, and gives process.exit back', () => {
    const exit = vi.fn() as unknown as typeof process.exit;
    process.exit = exit;
    const release = trapAgentExits();
    const { faults, scope: agent } = scope();
    expect(() => runInAgentScope(agent, () => process.exit(5))).toThrow(new AgentExitRequest('process.exit(5)'));
    expect(() => runInAgentScope(agent, () => process.exit())).toThrow('the agent module called process.exit()');
    expect(faults).toEqual([
      { kind: 'exit', call: 'process.exit(5)' },
      { kind: 'exit', call: 'process.exit()' },
    ]);
    expect(exit).not.toHaveBeenCalled();
    process.exit(3);
    expect(exit).toHaveBeenCalledWith(3);
    const second = trapAgentExits();
    release();
    release();
    expect(process.exit).not.toBe(exit);
    second();
    expect(process.exit).toBe(exit);
  });

  it("turns process.abort() and a process.kill() of agentready's own process or group in an agent context into its fault; other kills, harmless signals and agentready's own calls go through", () => {
    const abort = vi.fn() as unknown as typeof process.abort;
    const kill = vi.fn(() => true) as unknown as typeof process.kill;
    process.abort = abort;
    process.kill = kill;
    const release = trapAgentExits();
    const { faults, scope: agent } = scope();
    expect(() => runInAgentScope(agent, () => process.abort())).toThrow('the agent module called process.abort()');
    expect(() => runInAgentScope(agent, () => process.kill(process.pid, 'SIGKILL'))).toThrow('the agent module called process.kill(process.pid, "SIGKILL")');
    expect(() => runInAgentScope(agent, () => process.kill(process.pid))).toThrow('the agent module called process.kill(process.pid)');
    expect(() => runInAgentScope(agent, () => process.kill(0, 9))).toThrow('the agent module called process.kill(0, 9)');
    expect(() => runInAgentScope(agent, () => process.kill(-process.pid, 'SIGTERM'))).toThrow(`the agent module called process.kill(${-process.pid}, "SIGTERM")`);
    expect(faults.map((fault) => fault.kind === 'exit' && fault.call)).toEqual([
      'process.abort()',
      'process.kill(process.pid, "SIGKILL")',
      'process.kill(process.pid)',
      'process.kill(0, 9)',
      `process.kill(${-process.pid}, "SIGTERM")`,
    ]);
    expect(abort).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
    // Another process, an existence check and a harmless signal are the agent's to send; agentready's own calls go through.
    runInAgentScope(agent, () => process.kill(process.pid + 1, 'SIGTERM'));
    runInAgentScope(agent, () => process.kill(process.pid, 0));
    runInAgentScope(agent, () => process.kill(process.pid, 'SIGWINCH'));
    process.kill(process.pid, 'SIGTERM');
    process.abort();
    expect(kill).toHaveBeenCalledTimes(4);
    expect(abort).toHaveBeenCalledTimes(1);
    expect(faults).toHaveLength(5);
    release();
    expect(process.kill).toBe(kill);
    expect(process.abort).toBe(abort);
  });
});
