import { describe, expect, it } from 'vitest';
import { formatInitDone } from '../../../src/report/format-init.js';

describe('formatInitDone', () => {
  it('names the adapter with the article it is read with: an http, an exec, a stdio, a module agent', () => {
    const said = (adapter: string): string => formatInitDone({ adapter, shown: '.', files: ['agentready.config.yaml'], sdkMissing: false }).split('\n')[0] ?? '';
    expect(said('http')).toBe('Wrote an agentready project for an http agent in .:');
    expect(said('exec')).toBe('Wrote an agentready project for an exec agent in .:');
    expect(said('stdio')).toBe('Wrote an agentready project for a stdio agent in .:');
    expect(said('module')).toBe('Wrote an agentready project for a module agent in .:');
  });

  it('names where the checkout\'s workflows are only when that is not the current folder', () => {
    const note = (gitRootAbove: string) => formatInitDone({ adapter: 'module', shown: 'agents/support', files: [], sdkMissing: false, gitRootAbove, fromRoot: 'agents/support' });
    expect(note('.')).toContain("Note: GitHub runs only the workflows in the repository's own .github/workflows/: move agents/support/.github/workflows/agentready.yml there");
    expect(note('../..')).toContain("repository's own .github/workflows/ (../../.github/workflows): move");
  });
});
