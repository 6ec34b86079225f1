// init leaves the run folders, the history and the suite cache out of git, once (and node_modules/ in a .gitignore it creates).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject } from '../../../src/config/init-project.js';
import { tempFolders } from '../../helpers/temp-folders.js';

const folder = tempFolders('agentready-init-');
const ignored = (dir: string) => readFileSync(path.join(dir, '.gitignore'), 'utf8');

describe('initProject and .gitignore', () => {
  it("writes a .gitignore holding node_modules/ (a new Node project's) and .agentready/, and names it among the files written", async () => {
    const dir = folder();
    expect((await initProject({ adapter: 'module', dir })).files).toContain('.gitignore');
    expect(ignored(dir)).toBe('node_modules/\n.agentready/\n');
  });

  it('adds only .agentready/ to a .gitignore that is there, even empty', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, '.gitignore'), '');
    expect((await initProject({ adapter: 'module', dir })).files).toContain('.gitignore');
    expect(ignored(dir)).toBe('.agentready/\n');
  });

  it('adds the line to a .gitignore of the project, on a line of its own', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules');
    await initProject({ adapter: 'module', dir });
    expect(ignored(dir)).toBe('node_modules\n.agentready/\n');
  });

  it('leaves a .gitignore that already ignores the folder as it is', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, '.gitignore'), 'dist\n/.agentready\n');
    expect((await initProject({ adapter: 'module', dir })).files).not.toContain('.gitignore');
    expect(ignored(dir)).toBe('dist\n/.agentready\n');
  });
});
