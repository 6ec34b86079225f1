// A tool handler's or a custom scorer's module runs in agentready's own process: a process.exit()
// it makes from code no trap covers (a timer its module set as it loaded) ended agentready with
// the code it gave: exit 0 in the middle of a run (a passing CI step with no summary.json), or
// exit 0 after a gate that failed. The run did not end as the code says: exit 3 when the command
// had not ended, the command's own code when it had, and no compiled-code cache of a cut run; the
// module named when its code is on the stack, and a run spoken of only once one began.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A module agent's project whose one case `scored` a custom scorer (scorer.mjs) checks. */
function project(files: { agent: string; scorer: string }): string {
  return makeProject({
    'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n',
    's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: scored, input: x, expect: { outcome: completed, custom: [./scorer.mjs] } }\n',
    'agent.mjs': files.agent,
    'scorer.mjs': files.scorer,
  });
}

describe('a process.exit of a user module\'s own timer', () => {
  it('once the run began: exit 3 naming the module and saying the run was cut short, not the exit 0 it asked for, and no code cache of the cut run', async () => {
    const dir = project({
      // The case never answers: only the scorer module's exit can end this run, once its case began.
      agent: "export default () => { globalThis.caseBegan = true; return new Promise((resolve) => setTimeout(() => resolve({ outcome: 'completed', output: 'late' }), 60_000)); };\n",
      scorer: "setInterval(() => { if (globalThis.caseBegan) process.exit(0); }, 1);\nexport default () => ({ pass: true });\n",
    });
    const tmp = mkdtempSync(join(tmpdir(), 'agentready-exits-'));
    temps.push(tmp);
    const run = await runCli(dir, ['eval'], { TMPDIR: tmp });
    expect(run.exitCode, run.stderr).toBe(3);
    const runFolder = relative(dir, latestRunDir(dir));
    expect(run.stderr).toContain(`agentready: the custom scorer module scorer.mjs called process.exit(0) from a timer or callback it left, before the command had ended: the run in ${runFolder} was cut short, with no summary.json; code agentready imports runs in its process, and ends its work by returning or throwing, not the process (exit 3)`);
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(false);
    // bin/load-cli.js's cache holds what a whole command ran: none is made of this one.
    const cache = join(tmp, process.getuid === undefined ? 'agentready-cache' : `agentready-cache-${process.getuid()}`);
    expect(existsSync(cache) ? readdirSync(cache).filter((file) => file.endsWith('-eval.cache')) : []).toEqual([]);
  }, 60_000);

  it('after the command ended: the command\'s own exit code (the gate failed: 1), with a warning, not the exit 0 it asked for', async () => {
    const dir = project({
      agent: "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      // The command sets its exit code as it ends: the exit comes after.
      scorer: "setInterval(() => { if (process.exitCode === 1) process.exit(0); }, 1);\nexport default () => ({ pass: false, reason: 'wrong tone' });\n",
    });
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toContain('agentready: the gate failed');
    expect(run.stderr).toContain("agentready: warning: the custom scorer module scorer.mjs called process.exit(0) from a timer or callback it left after the command had ended; agentready exits with the command's code, 1");
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
  });
});

describe('a custom scorer\'s process.exit', () => {
  /** `eval --no-gate` of a project whose agent answers at once and whose scorer is `scorer`. */
  const scoredBy = async (scorer: string) => {
    const dir = project({ agent: "export default async () => ({ outcome: 'completed', output: 'ok' });\n", scorer });
    return { dir, run: await runCli(dir, ['eval', '--no-gate']) };
  };

  it('in its call fails its check, as a tool handler\'s fails its call: the run goes on to its summary', async () => {
    const { dir, run } = await scoredBy('export default () => { process.exit(0); };\n');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('custom scorer ./scorer.mjs threw: called process.exit(0): a scorer ends by returning its verdict or throwing, not the run');
    const [result] = readJsonl<{ status: string; checks: { check: string; pass: boolean }[] }>(dir, 'results.jsonl').slice(1);
    expect(result).toMatchObject({ status: 'failed', checks: expect.arrayContaining([expect.objectContaining({ check: 'custom', pass: false })]) });
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
  });

  it('from a timer it left, after the command had ended: exit 3 naming the scorer, saying the command had ended with its code, not that the run was cut short', async () => {
    // The command sets its exit code as it ends: the exit comes after, the run whole and its summary written.
    const { dir, run } = await scoredBy('export default () => { setInterval(() => { if (process.exitCode !== undefined) process.exit(0); }, 1); return { pass: true }; };\n');
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the custom scorer ./scorer.mjs of case scored called process.exit after its call had returned (from a timer or callback it left), ending agentready with code 0 after the command had ended with code 0;');
    expect(run.stderr).not.toContain('cut short');
    expect(run.stderr).not.toContain('no summary.json');
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
  });

  it('from a timer it left after its call returned: exit 3 naming the scorer and its case', async () => {
    const { run } = await scoredBy('export default () => { setInterval(() => process.exit(0), 1); return { pass: true }; };\n');
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the custom scorer ./scorer.mjs of case scored called process.exit after its call had returned (from a timer or callback it left), ending agentready with code 0');
  });
});

// A tool handler's or custom scorer's module is imported by `validate` too, and by `eval` as it
// checks its inputs, before any run: an exit its top-level code makes cuts no run short.
describe('a process.exit of a user module as it is imported', () => {
  /** A project whose one tool's handler module is `file`, its text `text`. */
  const withHandlers = ({ file, text }: { file: string; text: string }) =>
    makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': `suite: s\ntools:\n  - { name: look, handler: ./${file}#look }\ncases:\n  - { id: c, input: x, expect: { outcome: completed } }\n`,
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      [file]: text,
    });

  // A TypeScript module runs through tsx, which names its code otherwise on the stack (its own path, or a data: URL of the CommonJS it compiled).
  it.each([
    ['validate', 'tools.mjs'],
    ['eval', 'tools.mjs'],
    ['validate', 'tools.ts'],
  ])('under %s, of %s: exit 3 naming the tool handler module, with no run to speak of', async (command, file) => {
    const dir = withHandlers({ file, text: 'process.exit(0);\nexport function look() { return {}; }\n' });
    const run = await runCli(dir, [command]);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain(`agentready: the tool handler module ${file} called process.exit(0) as it was imported, before the command had ended; code agentready imports runs in its process, and ends its work by returning or throwing, not the process (exit 3)`);
    expect(run.stderr).not.toMatch(/the run|cut short|summary\.json/);
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  });

  it('whose module made reading a stack throw: still exit 3 naming it, not its import failing on agentready\'s exit listener', async () => {
    const dir = withHandlers({ file: 'tools.mjs', text: "Error.prepareStackTrace = () => { throw new Error('no stacks here'); };\nprocess.exit(0);\nexport function look() { return {}; }\n" });
    const run = await runCli(dir, ['validate']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the tool handler module tools.mjs called process.exit(0) as it was imported, before the command had ended;');
    expect(run.stderr).not.toContain('no stacks here');
  });

  it('of a custom scorer module under eval, before the run began: exit 3 naming it, no run cut short', async () => {
    const dir = project({ agent: "export default async () => ({ outcome: 'completed', output: 'ok' });\n", scorer: 'process.exit(0);\nexport default () => ({ pass: true });\n' });
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the custom scorer module scorer.mjs called process.exit(0) as it was imported, before the command had ended;');
    expect(run.stderr).not.toMatch(/the run|cut short|summary\.json/);
  });
});

// What names no module on its stack (a timer's callback that is process.exit itself, or one a
// dependency of a module set) may be any user code agentready runs in its process, a module
// agent's too: its timers outlive the traps of its calls.
describe('a process.exit no user module is on the stack of', () => {
  it('is told as any user code\'s, a module agent\'s among them', async () => {
    const dir = project({ agent: "export default async () => ({ outcome: 'completed', output: 'ok' });\n", scorer: 'setImmediate(process.exit, 0);\nexport default () => ({ pass: true });\n' });
    const run = await runCli(dir, ['validate']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain("agentready: code running in agentready's process (an agent module, a tool handler's or custom scorer's module, or a timer or callback one of them left) called process.exit(0), before the command had ended; code agentready imports runs in its process, and ends its work by returning or throwing, not the process (exit 3)");
  });

  it('a module agent\'s timer, after the command ended, is named as the agent module\'s', async () => {
    const dir = project({
      agent: "setInterval(() => { if (process.exitCode !== undefined) process.exit(5); }, 1);\nexport default async () => ({ outcome: 'completed', output: 'ok' });\n",
      scorer: 'export default () => ({ pass: true });\n',
    });
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain("agentready: warning: the agent module agent.mjs called process.exit(5) from a timer or callback it left after the command had ended; agentready exits with the command's code, 0");
  });
});
