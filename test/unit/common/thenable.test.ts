import { describe, expect, it } from 'vitest';
import { isThenable } from '../../../src/common/thenable.js';

describe('isThenable', () => {
  it('is true of a promise and of any object with a then method, false of plain values', () => {
    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable({ then: () => undefined })).toBe(true);
    expect([undefined, null, 0, 'then', [], { then: 1 }, { other: () => undefined }].map(isThenable)).toEqual([false, false, false, false, false, false, false]);
  });
});
