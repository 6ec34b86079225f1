// init refuses to overwrite a file, and also to shadow one: a config under the other name (.yml) would be read no more.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initProject } from '../../../src/config/init-project.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('initProject beside a config of the other name', () => {
  it('refuses a folder holding agentready.config.yml, whose config its agentready.config.yaml would replace, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-yml-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'agentready.config.yml'), 'target: { adapter: module, module: mine.mjs }\n');
    await expect(initProject({ adapter: 'module', dir })).rejects.toMatchObject({
      message: expect.stringContaining('agentready.config.yml is a config already'),
      hint: 'move agentready.config.yml away, or pick another folder with --dir',
    });
    expect(existsSync(path.join(dir, 'agentready.config.yaml'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['agentready.config.yml']);
  });
});
