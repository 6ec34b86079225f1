import { describe, expect, it } from 'vitest';
import { grepRegExp, ignoringCase } from '../../../src/config/grep.js';

describe('grepRegExp', () => {
  it('reads a plain pattern as a regular expression, as typed', () => {
    expect(grepRegExp('^refund-').test('refund-1')).toBe(true);
    expect(grepRegExp('REFUND').test('refund')).toBe(false);
    expect(grepRegExp('a/b').test('a/b')).toBe(true);
  });

  it('reads /pattern/flags with its flags, dropping g and y (a stateful test would skip ids)', () => {
    const caseless = grepRegExp('/REFUND/gi');
    expect(caseless.flags).toBe('i');
    expect([caseless.test('refund'), caseless.test('refund')]).toEqual([true, true]);
    expect(grepRegExp('/shop/refund/').source).toBe('shop\\/refund');
  });

  it('refuses an unknown flag, a repeated one and a bad expression', () => {
    expect(() => grepRegExp('/refund/x')).toThrow('unknown flag "x" in /refund/x (flags: d, g, i, m, s, u, v, y)');
    expect(() => grepRegExp('/refund/ii')).toThrow(SyntaxError);
    expect(() => grepRegExp('/(/i')).toThrow(SyntaxError);
  });

  it('suggests the caseless form of a pattern', () => {
    expect(ignoringCase('REFUND')).toBe('/REFUND/i');
    expect(ignoringCase('/REFUND/m')).toBe('/REFUND/mi');
    expect(ignoringCase('/REFUND/i')).toBe('/REFUND/i');
  });
});
