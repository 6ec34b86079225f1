// `npm run build` when `tsc -b` fails: the build stops before scripts/build-cli.js, and the CLI
// the last build made (dist/cli-script/main.cjs, which bin/load-cli.js runs first, and the
// ES-module bundle) would still run, the code of an older build. The build script, with its tsc
// step failing, leaves neither and still fails.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run build, its tsc step failing', () => {
  it('fails, and leaves no CLI script nor ES-module bundle of the previous build for bin/load-cli.js to run', () => {
    const build = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { build: string } }).scripts.build;
    expect(build.startsWith('tsc -b tsconfig.json ')).toBe(true);
    // A checkout built before, in a folder of its own; only the step that runs after a failed tsc is copied (scripts/build-cli.js must not run).
    const dir = mkdtempSync(join(tmpdir(), 'agentready-build-'));
    temps.push(dir);
    for (const file of ['dist/cli-script/main.cjs', 'dist/cli-bundle/main.js']) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), '// the previous build\n');
    }
    mkdirSync(join(dir, 'scripts'));
    if (existsSync(join(REPO, 'scripts/discard-cli.js'))) copyFileSync(join(REPO, 'scripts/discard-cli.js'), join(dir, 'scripts/discard-cli.js'));
    writeFileSync(join(dir, 'scripts/build-cli.js'), "throw new Error('scripts/build-cli.js ran after tsc failed');\n");
    const run = spawnSync('sh', ['-c', `false${build.slice('tsc -b tsconfig.json'.length)}`], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).not.toBe(0);
    expect(run.stderr).not.toContain('build-cli.js ran');
    expect(existsSync(join(dir, 'dist/cli-script'))).toBe(false);
    expect(existsSync(join(dir, 'dist/cli-bundle'))).toBe(false);
    expect(run.stderr).toContain('build: tsc failed: removed dist/cli-script and dist/cli-bundle, so that no CLI of an older build runs');
  });
});
