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

  it('says where the workflow of a project below the checkout\'s root went, where it installs, and to move it only when the root\'s name was taken', () => {
    const said = (workflow: Parameters<typeof formatInitDone>[0]['workflow']) => formatInitDone({ adapter: 'module', shown: 'agents/support', files: [], sdkMissing: false, workflow });
    expect(said({ at: 'project' })).not.toMatch(/workflow/i);
    const root = said({ at: 'root', file: '.github/workflows/agentready.yml', besideAnother: false, fromRoot: 'agents/support', installIn: 'agents/support', lockfile: 'agents/support/package-lock.json' });
    expect(root).toContain("\nThe workflow is at .github/workflows/agentready.yml, where GitHub reads it: its steps run in agents/support, its paths named from the repository's root.\n");
    expect(root).not.toMatch(/Note|move|npm ci/);
    const workspaces = said({ at: 'root', file: '.github/workflows/agentready.yml', besideAnother: false, fromRoot: 'agents/support', installIn: '.', lockfile: 'package-lock.json', above: 'workspace root' });
    expect(workspaces).toContain("It installs with npm ci in the repository's root (the root of the npm workspaces the project is one of: npm ci there installs every workspace), and runs the comment script from the node_modules/ there, where npm puts agentready-cli.");
    const unpackaged = said({ at: 'root', file: '.github/workflows/agentready.yml', besideAnother: false, fromRoot: 'agents/support', installIn: 'agents', lockfile: 'agents/package-lock.json', above: 'no package.json' });
    expect(unpackaged).toContain('It installs with npm ci in agents (the project has no package.json of its own: npm installs it in the nearest folder above with one), and runs');
    const taken = said({ at: 'taken', file: '../../.github/workflows/agentready.yml', fromRoot: 'agents/support', installIn: 'agents/support', lockfile: 'agents/support/package-lock.json' });
    expect(taken).toContain("Note: GitHub runs only the workflows in the repository's own .github/workflows/, and ../../.github/workflows/agentready.yml is there already: move agents/support/.github/workflows/agentready.yml there under a name of its own");
    // init run again: the workflow it wrote for this folder is kept, and said to be.
    const kept = said({ at: 'kept', file: '../../.github/workflows/agentready.yml', fromRoot: 'agents/support' });
    expect(kept).toContain('\nThe workflow at ../../.github/workflows/agentready.yml runs this project already (its steps run in agents/support): init left it as it is.\n');
    expect(kept).not.toMatch(/Note|move/);
    expect(said({ at: 'kept', file: '.github/workflows/agentready.yml', fromRoot: '.' })).toContain('\nThe workflow at .github/workflows/agentready.yml runs this project already: init left it as it is.\n');
  });

  it('quotes a folder with a space in the commands to paste, as a shell reads it back', () => {
    const said = formatInitDone({ adapter: 'stdio', shown: 'new dir/ü 日本', files: [], sdkMissing: false });
    expect(said).toContain("Run it: agentready eval --config 'new dir/ü 日本/agentready.config.yaml'\n");
    expect(said).toContain("baseline update --config 'new dir/ü 日本/agentready.config.yaml'\n");
    expect(formatInitDone({ adapter: 'stdio', shown: 'sub', files: [], sdkMissing: false })).toContain('Run it: agentready eval --config sub/agentready.config.yaml\n');
  });
});
