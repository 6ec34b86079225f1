import { describe, expect, it } from 'vitest';
import { compareCaseKeys, keyForms, ListedKeys } from '../../../src/common/case-keys.js';

describe('case keys as written and as redacted', () => {
  it('gives a key in both forms only when redaction changes it', () => {
    expect(keyForms('s/4111111111111111')).toEqual(['s/4111111111111111', 's/[card]']);
    expect(keyForms('s/plain')).toEqual(['s/plain']);
  });

  it('finds a key listed as written first, else as redacted, else not at all', () => {
    const listed = new ListedKeys(['s/[card]', 's/123-45-6789', 's/plain']);
    expect(listed.formOf('s/4111111111111111')).toBe('s/[card]');
    expect(listed.formOf('s/123-45-6789')).toBe('s/123-45-6789');
    expect(listed.formOf('s/plain')).toBe('s/plain');
    expect(listed.formOf('s/other')).toBeUndefined();
    expect(listed.formOf('s/987-65-4321')).toBeUndefined();
  });

  it('finds no redacted form among keys written without redaction', () => {
    const listed = new ListedKeys(['s/123-45-6789']);
    expect(listed.formOf('s/4111111111111111')).toBeUndefined();
    expect(listed.formOf('s/123-45-6789')).toBe('s/123-45-6789');
  });
});

describe('the order reports list case keys in', () => {
  it('reads runs of digits as numbers, as vitest and Playwright users number their cases', () => {
    const keys = ['s/c10', 's/c2', 's/c1', 's/c11', 's/b', 's/c1-retry-10', 's/c1-retry-9', 'r/c3'];
    expect(keys.sort(compareCaseKeys)).toEqual(['r/c3', 's/b', 's/c1', 's/c1-retry-9', 's/c1-retry-10', 's/c2', 's/c10', 's/c11']);
  });

  it('compares everything but numbers by code unit, the same in every locale, and never calls two keys equal', () => {
    expect(['s/a', 's/B', 's/é', 's/z'].sort(compareCaseKeys)).toEqual(['s/B', 's/a', 's/z', 's/é']);
    // The same number written with leading zeros: by text, shorter first-equal.
    expect(['s/c01', 's/c1', 's/c001'].sort(compareCaseKeys)).toEqual(['s/c001', 's/c01', 's/c1']);
    expect(compareCaseKeys('s/c1', 's/c1')).toBe(0);
    expect(Math.sign(compareCaseKeys('s/c1', 's/c1x'))).toBe(-1);
    expect(Math.sign(compareCaseKeys('s/c1x', 's/c1'))).toBe(1);
    expect(Math.sign(compareCaseKeys('s/c9', 's/c10'))).toBe(-1);
    expect(Math.sign(compareCaseKeys('s/c12', 's/c10'))).toBe(1);
    // Numbers past 2^53 compare by their digits, not as rounded floats.
    expect(Math.sign(compareCaseKeys('s/9007199254740993', 's/9007199254740992'))).toBe(1);
  });
});
