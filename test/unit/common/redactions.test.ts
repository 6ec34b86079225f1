// The one choice a run makes between redaction and --no-redact, errors included.
import { describe, expect, it } from 'vitest';
import { redactions } from '../../../src/common/redact-deep.js';
import { HarnessError } from '../../../src/errors.js';

const LINE = 'OPENAI_API_KEY=sk-proj-abcdef0123456789abcdef7890 for admin@corp.com';

describe('redactions', () => {
  it('cleans an error in place, its message, stack and Error causes, keeping its class and code', () => {
    const cause = new Error(`agent said: ${LINE}`);
    const error = new HarnessError('AGENT_START', `agent exited\nlast stderr lines:\n  ${LINE}`, { cause });
    expect(redactions(true).error(error)).toBe(error);
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.code).toBe('AGENT_START');
    expect(error.message).toBe('agent exited\nlast stderr lines:\n  OPENAI_API_KEY=[secret] for [email]');
    expect(error.stack).not.toContain('admin@corp.com');
    expect(cause.message).toBe('agent said: OPENAI_API_KEY=[secret] for [email]');
    expect(cause.stack).not.toContain('sk-proj-');
  });

  it('leaves everything as it is under --no-redact', () => {
    const error = new Error(LINE);
    const off = redactions(false);
    expect(off.error(error)).toBe(error);
    expect(error.message).toBe(LINE);
    expect(off.text(LINE)).toBe(LINE);
    expect(off.deep({ name: LINE })).toEqual({ name: LINE });
  });

  it("keeps a run record's own top-level trace id and fingerprint, which deep redaction could spoil, and redacts the rest as deep does", () => {
    // 16 decimal digits passing Luhn's check: deep redaction takes the fingerprint for a card.
    const result = { suite: 'bench', case_id: 'card 4111111111111111', trace_id: '0123456789abcdef0123456789abcdef', fingerprint: '4111111111111111', output: 'bob@x.com' };
    expect(redactions(true).deep(result).fingerprint).toBe('[card]');
    expect(redactions(true).runRecord(result)).toEqual({ ...redactions(true).deep(result), fingerprint: '4111111111111111' });
    expect(Object.keys(redactions(true).runRecord(result))).toEqual(Object.keys(result));
    // Below the top level, the same keys are the agent's text.
    const trace = { trace_id: 'ab', tool_calls: [{ arguments: { trace_id: 'bob@x.com', fingerprint: '4111111111111111' } }] };
    expect(redactions(true).runRecord(trace)).toEqual({ trace_id: 'ab', tool_calls: [{ arguments: { trace_id: '[email]', fingerprint: '[card]' } }] });
    expect(redactions(true).runRecord([{ trace_id: 'bob@x.com' }])).toEqual([{ trace_id: '[email]' }]);
    expect(redactions(false).runRecord(result)).toBe(result);
  });

  it('passes what is not an Error through', () => {
    expect(redactions(true).error('plain')).toBe('plain');
    expect(redactions(true).deep({ name: 'bob@x.com', concurrency: 2 })).toEqual({ name: '[email]', concurrency: 2 });
  });
});
