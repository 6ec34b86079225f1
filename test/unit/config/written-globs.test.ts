// The globs an invalid config still holds at `suites:` or `adversarial_packs:`, which the loaders
// go on to read so that a schema problem does not hide a glob's own: pure.
import { describe, expect, it } from 'vitest';
import { writtenGlobs } from '../../../src/config/project-globs.js';

describe('writtenGlobs', () => {
  it("keeps a list's non-empty strings, and reads anything else as no glob", () => {
    expect(writtenGlobs(['evals/*.suite.yaml', '', 3, null, { glob: 'x' }, 'packs/*.yaml'])).toEqual(['evals/*.suite.yaml', 'packs/*.yaml']);
    expect(writtenGlobs('evals/*.suite.yaml')).toEqual([]);
    expect(writtenGlobs(undefined)).toEqual([]);
  });
});
