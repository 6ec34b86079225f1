// init refuses to overwrite a file, and also to shadow one: a config under the other name (.yml) would be read no more.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initProject } from '../../../src/config/init-project.js';
import { shownPath } from '../../../src/config/shown-path.js';

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

describe('initProject in a project whose own files are in the way', () => {
  function projectWithAgent(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-own-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'agent.mjs'), 'console.log("my agent");\n');
    return dir;
  }

  it('refuses to overwrite the agent (agent.mjs) and gives a command that writes the project into a folder of its own, with the adapter asked for', async () => {
    const dir = projectWithAgent();
    const sub = path.join(dir, 'agentready');
    await expect(initProject({ adapter: 'exec', dir })).rejects.toMatchObject({
      message: `init would overwrite agent.mjs in ${dir}: nothing was written`,
      hint: `move it away, or write the project into a folder of its own: \`agentready init --dir ${shownPath(sub)} --adapter exec\``,
    });
    expect(readdirSync(dir)).toEqual(['agent.mjs']);
  });

  it('says "them" for several files, and names no folder of its own when agentready/ is taken already', async () => {
    const dir = projectWithAgent();
    writeFileSync(path.join(dir, 'policy.yaml'), 'rules: []\n');
    mkdirSync(path.join(dir, 'agentready'));
    await expect(initProject({ adapter: 'stdio', dir })).rejects.toMatchObject({
      message: `init would overwrite policy.yaml, agent.mjs in ${dir}: nothing was written`,
      hint: 'move them away, or pick another folder with --dir',
    });
  });
});
