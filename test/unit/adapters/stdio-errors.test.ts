import { describe, expect, it } from 'vitest';
import { UnattributedProblems } from '../../../src/adapters/stdio-errors.js';

const problem = (n: number) => ({ pid: 7, inFlight: 3, problem: { kind: 'not_json' as const, message: 'not a JSON line', excerpt: `line ${n}` } });

describe('UnattributedProblems', () => {
  it('words each problem no case was charged for, the first 20 of them', () => {
    const problems = new UnattributedProblems();
    for (let n = 1; n <= 20; n++) problems.add(problem(n));
    const warnings = problems.list();
    expect(warnings).toHaveLength(20);
    expect(warnings[0]).toBe('the agent (pid 7) wrote an invalid message on stdout while 3 cases were in flight (not a JSON line): "line 1" (stdout carries only the protocol\'s messages: log to stderr)');
    expect(warnings[19]).toContain('"line 20"');
    const one = new UnattributedProblems();
    one.add({ ...problem(1), inFlight: 1 });
    expect(one.list()[0]).toContain('while 1 case was in flight');
  });

  it('words a second answer to a request as that, not as a case in flight: the answered run is counted before it lands', () => {
    const twice = new UnattributedProblems();
    twice.add({ pid: 7, inFlight: 1, problem: { kind: 'answered_id', message: 'a response for request id 2, which was answered already', excerpt: '{"id":2}' } });
    expect(twice.list()).toEqual(['the agent (pid 7) answered a request twice (a response for request id 2, which was answered already): "{"id":2}" (the second answer was ignored: answer each run once)']);
  });

  it('says how many more there were past the 20th, in one last warning', () => {
    const one = new UnattributedProblems();
    for (let n = 1; n <= 21; n++) one.add(problem(n));
    expect(one.list()).toHaveLength(21);
    expect(one.list()[20]).toBe("and 1 more invalid message on stdout, not shown here (those written while cases ran are in their agent_log, in traces.jsonl)");
    const many = new UnattributedProblems();
    for (let n = 1; n <= 20_020; n++) many.add(problem(n));
    expect(many.list().at(-1)).toMatch(/^and 20000 more invalid messages on stdout/);
    expect(many.list().slice(0, 20).every((warning) => !warning.includes('"line 2000'))).toBe(true);
  });

  it('says what was written on stdout before a start that failed, the first line and how many more', () => {
    const none = new UnattributedProblems();
    expect(none.beforeStart()).toBe('');
    const two = new UnattributedProblems();
    two.add(problem(1));
    two.add(problem(2));
    expect(two.beforeStart()).toBe('; it wrote on stdout what is not the protocol (not a JSON line): "line 1" (and 1 more line). stdout carries only the protocol\'s messages: log to stderr');
    const one = new UnattributedProblems();
    one.add(problem(1));
    expect(one.beforeStart()).not.toContain('more');
  });
});
