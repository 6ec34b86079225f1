// init's YAML files start with the schema line that gives them completion in an editor, to the schemas of the package the project uses.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject } from '../../../src/config/init-project.js';
import { tempFolders } from '../../helpers/temp-folders.js';

const folder = tempFolders('agentready-init-');
const YAML_FILES = { 'agentready.config.yaml': 'config.json', 'evals/support.suite.yaml': 'suite.json', 'policy.yaml': 'policy.json' };
/** The path a file's first line gives its schema at, or undefined without one. */
const schemaPath = (dir: string, file: string) => /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1];

describe('initProject and the YAML files\' schemas', () => {
  it('points each at its schema in the project\'s node_modules/agentready-cli when none is installed yet (where init says to install it)', async () => {
    const dir = folder();
    await initProject({ adapter: 'stdio', dir });
    // Before: no schema line at all.
    expect(Object.keys(YAML_FILES).map((file) => schemaPath(dir, file))).toEqual([
      'node_modules/agentready-cli/schemas/config.json',
      '../node_modules/agentready-cli/schemas/suite.json',
      'node_modules/agentready-cli/schemas/policy.json',
    ]);
  });

  it('points at the agentready-cli the project resolves in a folder above (a workspace\'s hoisted node_modules), and each path reaches its file', async () => {
    const root = folder();
    const installed = path.join(root, 'node_modules/agentready-cli');
    mkdirSync(path.join(installed, 'schemas'), { recursive: true });
    writeFileSync(path.join(installed, 'package.json'), '{"name":"agentready-cli","version":"0.1.0"}');
    for (const schema of Object.values(YAML_FILES)) writeFileSync(path.join(installed, 'schemas', schema), '{}');
    const dir = path.join(root, 'packages/app');
    await initProject({ adapter: 'module', dir });
    for (const [file, schema] of Object.entries(YAML_FILES)) {
      const at = schemaPath(dir, file)!;
      expect(path.resolve(path.dirname(path.join(dir, file)), at), file).toBe(path.join(installed, 'schemas', schema));
      expect(existsSync(path.resolve(path.dirname(path.join(dir, file)), at))).toBe(true);
    }
    expect(schemaPath(dir, 'evals/support.suite.yaml')).toBe('../../../node_modules/agentready-cli/schemas/suite.json');
  });
});
