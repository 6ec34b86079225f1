// A Node that package.json's engines refuses, as npm only warns at install (EBADENGINE): the CLI
// says so and exits 2 before it loads, instead of failing its first command as a bug of agentready
// ("process.getBuiltinModule is not a function", Node 22.0). Such a Node is stood for by this one
// without the API (a preload deletes it): the test runs on the Node that runs the tests.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLE } from './helpers/run-cli.js';

const WITHOUT_API = 'data:text/javascript,delete process.getBuiltinModule';

describe('a Node release outside engines', () => {
  it('is named with the releases that run agentready, exit 2, for any command but --version', async () => {
    const result = await execa('node', ['--import', WITHOUT_API, BIN, 'validate'], { cwd: EXAMPLE, reject: false, env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `agentready: Node.js ${process.version} is not supported: agentready needs Node.js 20.19 or later on 20, or 22.12 or later (package.json "engines")`,
    );
    // --version loads nothing of the CLI: it still answers.
    const version = await execa('node', ['--import', WITHOUT_API, BIN, '--version'], { cwd: EXAMPLE, reject: false });
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
