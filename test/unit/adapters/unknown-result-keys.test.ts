import { describe, expect, it } from 'vitest';
import { UnknownResultKeys } from '../../../src/adapters/unknown-result-keys.js';

describe('UnknownResultKeys', () => {
  it('says at most 20 keys, counts each over results, and reads only objects', () => {
    const keys = new UnknownResultKeys({ known: ['outcome', 'output'], said: 'x printed' });
    for (const value of [null, [1], 'text', 3]) keys.note(value, 'a');
    expect(keys.warnings()).toEqual([]);
    keys.note(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i])), 'a');
    keys.note({ k0: 1, k24: 1, outcome: 'completed' }, 'b');
    const warnings = keys.warnings();
    expect(warnings).toHaveLength(20);
    expect(warnings[0]).toMatch(/^x printed 2 run results with the key "k0" \(the first in case a\)/);
    expect(warnings[19]).toMatch(/^x printed 1 run result with the key "k19" \(the first in case a\)/);
  });
});
