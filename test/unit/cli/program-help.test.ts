import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

describe('baseline update --help', () => {
  it('says --force also records a run whose every case ended in one and the same agent error, as the refusal tells the user to', () => {
    const update = buildProgram(() => {}).commands.find((c) => c.name() === 'baseline')!.commands.find((c) => c.name() === 'update')!;
    const force = update.options.find((o) => o.long === '--force')!;
    expect(force.description).toContain('harness errors');
    expect(force.description).toContain('same agent error');
    expect(force.description).toContain('did not finish');
  });
});

describe('eval --grep given twice', () => {
  it('keeps both patterns, as --tag and --suite keep theirs, and refuses a bad one', () => {
    const run = () => buildProgram(() => {}).commands.find((c) => c.name() === 'eval')!;
    const given = run();
    given.parseOptions(['--grep', '^refund-', '--grep', 'status', '--tag', 'a', '--tag', 'b']);
    expect(given.opts()).toMatchObject({ grep: ['^refund-', 'status'], tag: ['a', 'b'] });
    const bad = run();
    bad.configureOutput({ writeErr: () => {}, outputError: () => {} });
    expect(() => bad.parseOptions(['--grep', 'ok', '--grep', '('])).toThrow(/not a valid regular expression/);
    expect(() => run().configureOutput({ writeErr: () => {}, outputError: () => {} }).parseOptions(['--grep', '/refund/q'])).toThrow(/not a valid regular expression: unknown flag "q"/);
  });
});

describe('eval --shard and --resume', () => {
  const evalCommand = () => {
    const command = buildProgram(() => {}).commands.find((c) => c.name() === 'eval')!;
    command.configureOutput({ writeErr: () => {}, outputError: () => {} });
    return command;
  };

  it('takes i/n within 1 ≤ i ≤ n ≤ 1000, once; a billion shards (merge checks each one) or 1e23 (a header no command reads back) is refused', () => {
    const given = evalCommand();
    given.parseOptions(['--shard', '2/4']);
    expect(given.opts().shard).toEqual({ index: 2, total: 4 });
    for (const bad of ['0/2', '1/1000000000', '1/99999999999999999999999', '3/2', 'half']) {
      expect(() => evalCommand().parseOptions(['--shard', bad]), bad).toThrow(`expected i/n with 1 ≤ i ≤ n ≤ 1000 (as 2/4), got ${JSON.stringify(bad)}`);
    }
    expect(() => evalCommand().parseOptions(['--shard', '1/2', '--shard', '2/2'])).toThrow('one shard per run: 1/2 is already given');
  });

  it('--resume takes one run, named or the newest: a second --resume, bare or not, is refused instead of replacing the first', () => {
    const named = evalCommand();
    named.parseOptions(['--resume', 'r1']);
    expect(named.opts().resume).toBe('r1');
    const bare = evalCommand();
    bare.parseOptions(['--resume']);
    expect(bare.opts().resume).toBe(true);
    expect(() => evalCommand().parseOptions(['--resume', 'r1', '--resume', 'r2'])).toThrow('one run per eval: r1 is already given');
    expect(() => evalCommand().parseOptions(['--resume', '--resume', 'r2'])).toThrow('one run per eval: the newest run (a bare --resume) is already given');
    expect(() => evalCommand().parseOptions(['--resume', 'r1', '--resume'])).toThrow('one run per eval: r1 is already given');
  });
});

describe('--config', () => {
  it('refuses an empty path (--config=$CONFIG with CONFIG unset), which read the current folder as the config: "a folder, not a file"', () => {
    const program = () => buildProgram(() => {}).configureOutput({ writeErr: () => {}, outputError: () => {} });
    for (const empty of ['', ' ']) expect(() => program().parseOptions(['--config', empty])).toThrow('expected the path of a config file, got');
    const given = program();
    given.parseOptions(['--config=ci/agentready.config.yaml']);
    expect(given.opts().config).toBe('ci/agentready.config.yaml');
  });
});

// What `agentready <command> --help` prints is the command's helpInformation(); that the CLI prints
// it, exit 0, is code-cache.test.ts's `validate --help` (e2e).
describe('a command\'s help', () => {
  const command = (...path: string[]) => path.reduce((parent, name) => parent.commands.find((c) => c.name() === name)!, buildProgram(() => {}));

  it('of baseline update lists --from and no --suite, --grep or --tag (it records every case); eval\'s lists all three', () => {
    const update = command('baseline', 'update').helpInformation();
    expect(update).toContain('--from <run>');
    expect(update).not.toMatch(/--suite|--grep|--tag/);
    expect(command('eval').helpInformation()).toMatch(/--suite[\s\S]*--grep[\s\S]*--tag/);
  });

  it('of validate names what it checks, as the README does (payload packs, handlers, scorers, the agent module and the baseline too)', () => {
    expect(command('validate').helpInformation().replace(/\s+/g, ' ')).toContain("check the config, suites, policy, payload packs, tool handlers, scorer files, the agent module's syntax and default export, and baseline without starting the agent");
  });
});
