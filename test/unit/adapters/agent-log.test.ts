// An agent process's log: its stderr lines by trace, agentready's protocol notes beside them, and the tail quoted in errors.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentLog } from '../../../src/adapters/agent-log.js';
import { redact } from '../../../src/common/redact.js';

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

  it("leaves out a private key's lines when the quote's cut took its BEGIN line's marker, so redaction of the quote misses none of it", () => {
    const log = new AgentLog();
    log.started('tr-1');
    const stderr = log.stderrSplitter();
    const body = 'MIIEowIBAAKCAQEA7bq9QfakeKEYmaterialAAAAB3NzaC1yc2EAAAADAQABAAABAQC';
    stderr.push(`config ${'x'.repeat(600)} -----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nagent: giving up\n`);
    const quoted = redact(log.withTail('the agent exited'));
    expect(quoted).not.toContain('MIIEow');
    expect(quoted).toMatch(/^the agent exited\nlast stderr lines:\n {2}config x+…\n {2}agent: giving up$/);
  });

  it("keeps a short key block's lines in the quote, where redaction takes the block out whole", () => {
    const log = new AgentLog();
    log.started('tr-1');
    log.stderrSplitter().push('key: -----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9Qfake\n-----END PRIVATE KEY-----\n');
    expect(redact(log.withTail('the agent exited'))).toBe('the agent exited\nlast stderr lines:\n  key: [secret]');
  });

  it('adds no tail when the process wrote nothing, even after a note', () => {
    const log = new AgentLog();
    log.note('a response for unknown request id 9: "{}"');
    expect(log.withTail('the agent exited')).toBe('the agent exited');
  });

  describe('a trace that ended', () => {
    afterEach(() => vi.useRealTimers());

    it('still gets the lines that arrive within 100 ms of its end, beside the traces in flight, and none after', () => {
      vi.useFakeTimers({ toFake: ['performance'] });
      const log = new AgentLog();
      const stderr = log.stderrSplitter();
      log.started('tr-1');
      log.started('tr-2');
      log.ended('tr-1');
      vi.advanceTimersByTime(60);
      stderr.push('late line of either\n');
      log.ended('tr-2');
      vi.advanceTimersByTime(50);
      // tr-1's linger ran out at 100 ms, tr-2's runs until 160.
      stderr.push('later line\n');
      vi.advanceTimersByTime(60);
      stderr.push('line of no trace\n');
      expect(log.linesFor('tr-1')).toEqual(['late line of either']);
      expect(log.linesFor('tr-2')).toEqual(['late line of either', 'later line']);
    });

    it('lingers as long however many traces ended before it', () => {
      vi.useFakeTimers({ toFake: ['performance'] });
      const log = new AgentLog();
      const stderr = log.stderrSplitter();
      // Enough ended traces that the queue of them is cut down several times.
      for (let i = 0; i < 5000; i++) {
        log.started(`old-${i}`);
        log.ended(`old-${i}`);
        vi.advanceTimersByTime(1);
      }
      log.started('tr-last');
      log.ended('tr-last');
      vi.advanceTimersByTime(98);
      stderr.push('its line\n');
      vi.advanceTimersByTime(3);
      stderr.push('no one\'s\n');
      expect(log.linesFor('tr-last')).toEqual(['its line']);
      // The trace that ended less than 100 ms before the line got it too; the one before it did not.
      expect(log.linesFor('old-4999')).toEqual(['its line']);
      expect(log.linesFor('old-4998')).toEqual([]);
    });
  });
});
