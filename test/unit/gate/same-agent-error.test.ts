// Every case failing with one and the same agent error is the agent not running at all — a missing
// API key (a pull request from a fork gets no secrets) more often than a change: the gate still
// fails (the agent answered with an error), and a note says where to look, quoting nothing the
// agent wrote (its message is untrusted and shown, redacted, at each case).
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';
import { baselineRefusal } from '../../../src/lifecycle/baseline-refusal.js';
import { redact } from '../../../src/common/redact.js';
import { errorShape, sameAgentError } from '../../../src/gate/same-agent-error.js';

const KEY_MISSING = { code: 'AGENT_ERROR', message: 'The OPENAI_API_KEY environment variable is missing or empty' };

function agentError(caseId: string, message = KEY_MISSING.message): CaseResult {
  return result({ case_id: caseId, status: 'failed', outcome: 'agent_error', error: { ...KEY_MISSING, message } });
}

function notesOf(results: CaseResult[]): string[] {
  return decideVerdict({ metrics: computeMetrics(results), gate: DEFAULT_GATE, results, baselinePath: 'agentready.baseline.json', baseline: baselineOf(many(3)) }).notes;
}

const NOTE = /^Every case \(3 attempts\) ended in agent_error with one and the same message: the agent could not run at all/;

describe('the note on one agent error in every case', () => {
  it('says a setup problem is likelier than a regression when every attempt failed with the same agent error', () => {
    const notes = notesOf(['c1', 'c2', 'c3'].map((id) => agentError(id)));
    const note = notes.find((n) => NOTE.test(n));
    expect(note).toBeDefined();
    expect(note).toContain('a pull request from a fork gets no secrets');
    expect(note).not.toContain('OPENAI_API_KEY');
  });

  it('without a baseline, does not send the user to accept the failures with `baseline update`, which refuses such a run', () => {
    const results = ['c1', 'c2', 'c3'].map((id) => agentError(id));
    const [first] = decideVerdict({ metrics: computeMetrics(results), gate: DEFAULT_GATE, results, baselinePath: 'agentready.baseline.json' }).notes;
    expect(first).toMatch(/^No gate thresholds configured and no baseline at agentready\.baseline\.json: .*\. Every case ended in the same agent error \(below\): fix that first, then write the baseline with `agentready baseline update`, which refuses a run whose agent could not run at all\.$/);
    expect(first).not.toContain('To accept the current failures');
  });

  it('says nothing when the messages differ, a case passed, or only one attempt ran', () => {
    expect(notesOf([agentError('c1'), agentError('c2'), agentError('c3', 'tool loop exploded')]).some((n) => NOTE.test(n))).toBe(false);
    expect(notesOf([agentError('c1'), agentError('c2'), result({ case_id: 'c3' })]).some((n) => n.startsWith('Every case'))).toBe(false);
    expect(notesOf([agentError('c1')]).some((n) => n.startsWith('Every case'))).toBe(false);
  });
});

describe('one agent error told apart from its varying parts', () => {
  it('shapes a message of megabytes by its start, without running V8 out of backtracking stack (a RangeError ended the run)', () => {
    const huge = 'x'.repeat(6_000_000);
    const attempt = { case_id: 'a', trace_id: 't1' };
    expect(errorShape(huge, attempt)).toBe('x'.repeat(500_000));
    expect(errorShape(`${huge}y`, attempt)).toBe(errorShape(huge, attempt));
  });

  // One cause, a message per case that names what varies: each case, a request id, a time, a port, a temp folder.
  const varying = (id: string, n: number) =>
    agentError(
      id,
      `case ${id}: request req_${n}Ab9Xk2LmQ7pZ failed at 2026-12-0${n}T10:1${n}:02.${n}12Z: connect ECONNREFUSED 127.0.0.1:4${n}123 (pid 5${n}211, ${n % 2 ? '/tmp' : '/var/folders'}/agent-${n}x9q/run.log, trace 0f3a${n}c9d1e2b)`,
    );
  const results = ['c1', 'refund-7', 'c3'].map((id, i) => varying(id, i + 1));

  it('recognises the same error when only ids, times, ports, pids and temp paths differ: note and baseline refusal', () => {
    expect(sameAgentError(results)).toEqual({ attempts: 3, message: results[0]!.error!.message });
    expect(notesOf(results).some((n) => NOTE.test(n))).toBe(true);
    expect(baselineRefusal(results, { force: false, clean: redact })).toMatch(/^every case \(3 attempts\) ended in agent_error with one and the same message, so the baseline was not written/);
    expect(baselineRefusal(results, { force: true, clean: redact })).toBeUndefined();
  });

  it('still tells different errors apart', () => {
    expect(sameAgentError([...results.slice(0, 2), agentError('c3', 'case c3: request req_3Ab9Xk2LmQ7pZ failed: HTTP 401 invalid key')])).toBeUndefined();
    expect(sameAgentError([agentError('c1', 'HTTP 401 unauthorized'), agentError('c2', 'HTTP 429 too many requests')])).toBeUndefined();
    // A case id inside a word is no case id: a case named `key` leaves "keys" alone.
    expect(errorShape('no apikey or keys for key', { case_id: 'key', trace_id: 'abc123' })).toBe('no apikey or keys for <case>');
  });
});

describe('the shape of a long message', () => {
  // An agent's message is untrusted and as long as it likes: its shape is found in time linear in
  // its length. A dotted run ("a.a.a…", as minified code) or drive-letter run ("a:\a:\…") was
  // scanned to its end from each of its positions: ~1 s at 40,000 characters, minutes at 400,000.
  it.each([
    ['a dotted run', 'a.'.repeat(200_000)],
    ['a drive-letter run', 'a:\\'.repeat(140_000)],
  ])('shapes %s of 400,000 characters without backtracking', (_, message) => {
    // No clock read: vitest's test timeout is the bound (it fails a test that returns late, too).
    // The shape is linear (~57 ms for a dotted run of 200,000 characters on a quiet 2-core machine,
    // 114 ms at twice the length); a backtracking one is quadratic, minutes at this length.
    expect(errorShape(message, { case_id: 'c1', trace_id: 'tr' })).toBe(message);
  });

  it('still replaces a port after a long host name and a temp folder under a Windows drive', () => {
    expect(errorShape(`connect to ${'a.'.repeat(200)}example.com:8443 failed`, { case_id: 'c1', trace_id: 'tr' })).toBe(`connect to ${'a.'.repeat(200)}example.com:<port> failed`);
    expect(errorShape('cannot read C:\\Users\\me\\AppData\\Local\\Temp\\agent-1x\\run.log', { case_id: 'c1', trace_id: 'tr' })).toBe('cannot read <tmp>');
  });
});

describe('names are no ids', () => {
  // A tool's or a model's name with a digit in it is what differs between two errors, not an id
  // that varies between attempts of one: each case calling its own missing tool is no one setup problem.
  it('tells two tool names apart, and two model names', () => {
    expect(sameAgentError([agentError('c1', 'unknown tool lookup_order_v2'), agentError('c2', 'unknown tool search_catalog_v2')])).toBeUndefined();
    expect(sameAgentError([agentError('c1', 'model gpt-4o-mini-2024-07-18 not found'), agentError('c2', 'model claude-3-5-haiku-20241022 not found')])).toBeUndefined();
  });

  it('still takes a request or completion id for one', () => {
    const shape = (message: string) => errorShape(message, { case_id: 'c1', trace_id: 'tr' });
    expect(shape('request req_8fA2LmQ7pZ failed')).toBe('request <id> failed');
    expect(shape('completion chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT failed')).toBe('completion <id> failed');
    expect(shape('message msg_01XFDUDYJgAACzvnptvVoYEL failed')).toBe('message <id> failed');
  });
});

describe('a port after an IPv6 host', () => {
  it('is replaced as after any other host', () => {
    expect(errorShape('fetch http://[::1]:4123/v1 failed', { case_id: 'c1', trace_id: 'tr' })).toBe('fetch http://[::1]:<port>/v1 failed');
    expect(sameAgentError([agentError('c1', 'connect to [::1]:4123 refused'), agentError('c2', 'connect to [::1]:4188 refused')])).toMatchObject({ attempts: 2 });
  });
});

describe('code locations and counts are no ids', () => {
  // A file name then a line number is no host and port, and a count of tokens is no pid: two
  // different places in the code, or two different limits, are two different errors.
  const shape = (message: string) => errorShape(message, { case_id: 'c1', trace_id: 'tr' });

  it('leaves the line number after a source file alone', () => {
    expect(shape('TypeError at file.mjs:12')).toBe('TypeError at file.mjs:12');
    expect(sameAgentError([agentError('c1', 'TypeError at tools/lookup.mjs:12:5'), agentError('c2', 'TypeError at tools/lookup.mjs:47:5')])).toBeUndefined();
    expect(sameAgentError([agentError('c1', 'crash in agent.py:120'), agentError('c2', 'crash in agent.py:300')])).toBeUndefined();
  });

  it('leaves a count alone, and still replaces a pid, a port and an epoch time', () => {
    expect(sameAgentError([agentError('c1', 'context exceeded 100000 tokens'), agentError('c2', 'context exceeded 200000 tokens')])).toBeUndefined();
    expect(shape('worker pid 4242 died at 1733380000123 on port 8080')).toBe('worker pid <n> died at <n> on port <port>');
    expect(shape('killed (pid=51211)')).toBe('killed (pid=<n>)');
  });
});
