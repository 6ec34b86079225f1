import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

const NPX = { npm_config_user_agent: 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false' };
const FLAG = '--config sub/agentready.config.yaml';

describe('hints name the --config the command was given', () => {
  it('a project init wrote in sub/, run from the folder above with --config: every command it suggests runs that project, pasted there', async () => {
    const dir = makeProject({});
    expect((await runCli(dir, ['init', '--adapter', 'module', '--dir', 'sub'], NPX)).exitCode).toBe(0);

    const validate = await runCli(dir, ['validate', '--config', 'sub/agentready.config.yaml'], NPX);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain(`none yet (create one with \`npx --no-install agentready baseline update ${FLAG}\`)`);

    const evaluated = await runCli(dir, ['eval', '--config', 'sub/agentready.config.yaml'], NPX);
    expect(evaluated.exitCode).toBe(0);
    expect(evaluated.stdout).toContain(`write the baseline: \`npx --no-install agentready baseline update ${FLAG}\``);

    // From the project's own folder the config is found: no flag.
    const inside = await runCli(join(dir, 'sub'), ['validate', '--config', 'agentready.config.yaml'], NPX);
    expect(inside.stdout).toContain('none yet (create one with `npx --no-install agentready baseline update`)');

    // A problem in the config: the check it suggests reads that file too.
    writeFileSync(join(dir, 'sub/agentready.config.yaml'), 'target: { adapter: module, module: support.mjs }\nsuites: [evals/**/*.suite.yaml]\nbogus: 1\n');
    const broken = await runCli(dir, ['validate', '--config', 'sub/agentready.config.yaml'], NPX);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain(`run \`npx --no-install agentready validate ${FLAG}\` to check it`);
  });
});
