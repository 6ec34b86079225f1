// CI (.ci/run) runs the tests as several npm scripts, each a `vitest run` of a config or of some of
// its projects (`npm test`: all but e2e-slow; `npm run test:slow`: e2e-slow; `npm run
// test:frameworks`: its own config). A test file that none of them picks up would never run in CI,
// and one that two pick up would run twice: every file under test/ must be run by exactly one. The
// files of a project are found as vitest finds them (tinyglobby over its include, its exclude
// ignored; a project with `extends: true` adds its exclude to the root's), and `--project` filters
// the projects as vitest does (a name or wildcard; one starting with `!` leaves those out).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { configDefaults, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';

const REPO = resolve(import.meta.dirname, '../..');

/** The npm scripts `.ci/run` runs, in order (`npm test` is the script `test`). */
function ciScripts(): string[] {
  const lines = readFileSync(resolve(REPO, '.ci/run'), 'utf8').split('\n');
  return lines.flatMap((line) => {
    const match = /^npm (?:test|run (\S+))\s*$/.exec(line.trim());
    if (!match) return [];
    return [match[1] ?? 'test'];
  });
}

interface VitestRun {
  config: string;
  /** The `--project` filters, as given. */
  projects: string[];
}

/** Each `vitest run` of the script: its config (vitest.config.ts when it names none) and project filters. */
function vitestRunsOf(script: string): VitestRun[] {
  const scripts = (JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts[script];
  if (command === undefined) throw new Error(`.ci/run runs npm script "${script}", which package.json does not have`);
  return command.split('&&').flatMap((part) => {
    const [tool, verb, ...args] = part.trim().split(/\s+/).map((word) => word.replace(/^'(.*)'$/, '$1'));
    if (tool !== 'vitest' || verb !== 'run') return [];
    const run: VitestRun = { config: 'vitest.config.ts', projects: [] };
    for (let i = 0; i < args.length; i += 2) {
      if (args[i] === '--config') run.config = args[i + 1]!;
      else if (args[i] === '--project') run.projects.push(args[i + 1]!);
      else throw new Error(`npm script "${script}": vitest run ${args.join(' ')}: this test reads only --config and --project`);
    }
    return [run];
  });
}

/** vitest's wildcard pattern of a project filter (`!` before it: any other name). */
function projectPattern(filter: string): RegExp {
  const negated = filter.startsWith('!');
  const pattern = `${(negated ? filter.slice(1) : filter).split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`;
  return new RegExp(`^${negated ? `(?!${pattern})` : pattern}`, 'i');
}

/** Whether `vitest run --project ...filters` runs the project named `name` (vitest's matchesProjectFilter and isExcludedByProjectFilter). */
function runsProject(filters: string[], name: string): boolean {
  if (filters.length === 0) return true;
  const matched = filters.some((filter) => projectPattern(filter).test(name));
  const excluded = filters.some((filter) => filter.startsWith('!') && projectPattern(filter.slice(1)).test(name));
  return matched && !excluded;
}

interface Selection {
  /** Where it comes from: `<config>` or `<config> project <name>`. */
  name: string;
  include: string[];
  files: string[];
}

/** The test files of each project the run runs (the config's own when it has no projects). */
async function selections(run: VitestRun): Promise<Selection[]> {
  const loaded = ((await import(resolve(REPO, run.config))) as { default: ViteUserConfig }).default;
  const root = loaded.test ?? {};
  const rootExclude = root.exclude ?? configDefaults.exclude;
  const select = (name: string, include: string[], exclude: string[]): Selection => ({
    name,
    include,
    files: globSync(include, { cwd: REPO, dot: true, ignore: exclude, expandDirectories: false }),
  });
  if (root.projects === undefined) return [select(run.config, root.include ?? configDefaults.include, rootExclude)];
  return (root.projects as TestProjectInlineConfiguration[]).flatMap((project) => {
    const own = project.test ?? {};
    const name = typeof own.name === 'string' ? own.name : (own.name?.label ?? '');
    if (!runsProject(run.projects, name)) return [];
    const exclude = project.extends === true ? [...rootExclude, ...(own.exclude ?? [])] : (own.exclude ?? configDefaults.exclude);
    return [select(`${run.config} project ${name}`, own.include ?? root.include ?? configDefaults.include, exclude)];
  });
}

describe('the test scripts CI runs', () => {
  it('run every test file under test/ exactly once, and every include of theirs names a file', async () => {
    const runs = ciScripts().flatMap(vitestRunsOf);
    const all = (await Promise.all(runs.map(selections))).flat();
    expect(all.map((selection) => selection.name)).toContain('vitest.config.ts project e2e-slow');
    const testFiles = globSync('test/**/*.test.ts', { cwd: REPO, ignore: ['**/node_modules/**'] });
    const runBy = (file: string) => all.filter((selection) => selection.files.includes(file)).map((selection) => selection.name);
    const notOnce = testFiles.map((file) => ({ file, runBy: runBy(file) })).filter((entry) => entry.runBy.length !== 1);
    expect(notOnce).toEqual([]);
    // A file listed by name that is gone (renamed, removed) would leave a stale entry behind.
    const stale = all.flatMap((selection) =>
      selection.include.filter((pattern) => globSync(pattern, { cwd: REPO, dot: true, expandDirectories: false }).length === 0).map((pattern) => `${selection.name}: ${pattern}`),
    );
    expect(stale).toEqual([]);
  });

  it('are the commands the README gives for development', () => {
    const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
    const missing = ciScripts().filter((script) => !new RegExp(`^(?:npm ci && )?npm ${script === 'test' ? 'test' : `run ${script}`}(?:\\s|$)`, 'm').test(readme));
    expect(missing).toEqual([]);
  });
});
