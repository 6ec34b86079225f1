import { describe, expect, it } from 'vitest';
import { keyForms, ListedKeys } from '../../../src/common/case-keys.js';

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
