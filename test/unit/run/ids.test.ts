import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { newRunId, newToken } from '../../../src/run/ids.js';

describe('newRunId', () => {
  it('sorts by its start time to the millisecond', () => {
    const a = newRunId(new Date('2026-12-05T23:40:15.404Z'));
    const b = newRunId(new Date('2026-12-05T23:40:15.405Z'));
    expect(a).toMatch(/^20261205-234015-404-[0-9a-f]{4}$/);
    expect(a < b).toBe(true);
  });

  it('is never an id the redactor changes: every print and file redacts, and 20261205-[card] names no run', () => {
    // 234015-404-6625 is a Luhn-valid 13-digit number grouped 6-3-4: about 1 run in 400 was printed so.
    const suffixes = ['6625', '3a8f'];
    const id = newRunId(new Date('2026-12-05T23:40:15.404Z'), () => suffixes.shift()!);
    expect(id).toBe('20261205-234015-404-3a8f');
    expect(redact(id)).toBe(id);
    expect(redact('20261205-234015-404-6625')).not.toBe('20261205-234015-404-6625');
  });
});

describe('newToken', () => {
  it('is redacted wherever an agent writes it: alone, after Bearer, in the model gateway\'s base URL (it was written as it came)', () => {
    for (let i = 0; i < 200; i++) {
      const token = newToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
      for (const text of [token, `my token is ${token}.`, `Bearer ${token}`, `request to http://127.0.0.1:4000/models/${token}/d323936ad24258e1852f3878fb0c2187/openai/chat/completions failed`]) {
        expect(redact(text)).not.toContain(token.slice(-12));
      }
    }
    expect(newToken()).not.toBe(newToken());
  });
});
