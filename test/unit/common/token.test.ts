import { describe, expect, it } from 'vitest';
import { bearerToken, sameToken } from '../../../src/common/token.js';

describe('sameToken', () => {
  it('accepts only the very token', () => {
    expect(sameToken('abc123', 'abc123')).toBe(true);
    expect(sameToken('abc124', 'abc123')).toBe(false);
    expect(sameToken('abc12', 'abc123')).toBe(false);
    expect(sameToken('', 'abc123')).toBe(false);
  });

  it('compares bytes, not characters: a different string of one length in UTF-16 is refused', () => {
    expect(sameToken('é', 'e\u0301')).toBe(false);
    expect(sameToken('ab', 'é')).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, in any case, with trailing spaces', () => {
    expect(bearerToken('Bearer t0k')).toBe('t0k');
    expect(bearerToken('bearer   t0k  ')).toBe('t0k');
  });

  it('has none for another scheme, a missing header or two words', () => {
    expect(bearerToken('Basic dXNlcg==')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
  });
});
