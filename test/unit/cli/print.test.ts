import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorOn, usageErrorLine, writeReason } from '../../../src/cli/print.js';
import { createScreen } from '../../../src/report/screen.js';
import { howExited } from '../../../src/adapters/stdio-errors.js';

describe('writeReason', () => {
  afterEach(() => vi.restoreAllMocks());
  const written = (reason: { lines: readonly string[]; code: number }) => {
    let text = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
    writeReason(reason);
    vi.restoreAllMocks();
    return text;
  };

  it('says why once: a reason has the exit code on its one agentready: line, of one line too, and what it quotes below', () => {
    expect(written({ lines: ['agent exited with code 7 during start-up', 'last stderr lines:', '  no key\x1b[2J'], code: 3 })).toBe(
      'agentready: agent exited with code 7 during start-up (exit 3)\nlast stderr lines:\n  no key\\x1b[2J\n',
    );
    expect(written({ lines: ['the gate failed (exit 1)', '  more'], code: 1 })).toBe('agentready: the gate failed (exit 1)\n  more\n');
    // A start-up error of one line said its exit code as one over several does (was "…(spawn nodee ENOENT)" with none).
    expect(written({ lines: ['the agent (nodee) could not be started (spawn nodee ENOENT)'], code: 3 })).toBe('agentready: the agent (nodee) could not be started (spawn nodee ENOENT) (exit 3)\n');
    expect(written({ lines: ['run incomplete (exit 3)'], code: 3 })).toBe('agentready: run incomplete (exit 3)\n');
  });
});

describe('howExited', () => {
  it('words an exit by its code or its signal', () => {
    expect(howExited({ exitCode: 7 })).toBe('exited with code 7');
    expect(howExited({ signal: 'SIGTERM' })).toBe('was killed by SIGTERM');
    expect(howExited({})).toBe('exited');
  });
});

describe('usageErrorLine', () => {
  it('answers an init --adapter naming a language, a runtime or a framework with the transport that reaches it', () => {
    const adapter = (value: string) => usageErrorLine(`error: option '--adapter <adapter>' argument '${value}' is invalid. Allowed choices are stdio, http, module, exec.\n`);
    expect(adapter('Python')).toBe(
      'agentready: unknown --adapter value "Python"\n  choices: stdio, http, module, exec\n  in agentready: --adapter names how agentready reaches the agent, not its language: an agent in another language is a command it starts (stdio, or exec) or a server it calls (http). `agentready init --adapter stdio` writes the project; then point target.command at yours (command: [python3, agent.py], say). docs/other-languages.md has a complete Python agent\n',
    );
    expect(adapter('typescript')).toContain('\n  in agentready: --adapter names how agentready reaches the agent: a JavaScript or TypeScript one is a module run in process (--adapter module)');
    expect(adapter('langgraph')).toContain('\n  in agentready: a JavaScript or TypeScript agent built on a framework runs in process: --adapter module; docs/frameworks.md');
    // Python's LangGraph, LangChain and OpenAI Agents SDK are no module agents: a command.
    expect(adapter('langchain')).toContain('A Python one (LangGraph, LangChain, the OpenAI Agents SDK) is a command: `agentready init --adapter stdio`, then docs/other-languages.md\n');
    // A typo of a transport is told the one meant, and no more.
    expect(adapter('stdo')).toBe('agentready: unknown --adapter value "stdo" (did you mean stdio?)\n  choices: stdio, http, module, exec\n');
    // Another option's value is no adapter.
    expect(usageErrorLine("error: option '--format <format>' argument 'python' is invalid. Allowed choices are text, markdown, json.\n")).toBe('agentready: unknown --format value "python"\n  choices: text, markdown, json\n');
  });

  it("tells commander's invalid choice as the CLI's other unknown names: the value, the one meant, the choices", () => {
    expect(usageErrorLine("error: option '--models <mode>' argument 'repaly' is invalid. Allowed choices are live, record, replay.\n")).toBe(
      'agentready: unknown --models value "repaly" (did you mean replay?)\n  choices: live, record, replay\n',
    );
    expect(usageErrorLine("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, json.\n")).toBe('agentready: unknown --format value "xml"\n  choices: text, markdown, json\n');
  });

  it("words a value its option's parser refused by the parser's reason, without commander's preamble", () => {
    expect(usageErrorLine(`error: option '--repeat <k>' argument 'abc' is invalid. expected a whole number ≥ 1, got "abc"\n`)).toBe('agentready: invalid --repeat: expected a whole number ≥ 1, got "abc"\n');
  });

  it('names an option with a short form by its long one (it said "invalid -c,")', () => {
    expect(usageErrorLine(`error: option '-c, --config <file>' argument '' is invalid. expected the path of a config file, got ""\n`)).toBe('agentready: invalid --config: expected the path of a config file, got ""\n');
  });

  it('answers a file given to validate (as to tsc or eslint) with what checks or runs one', () => {
    expect(usageErrorLine("error: too many arguments for 'validate'. Expected 0 arguments but got 1.\n")).toBe(
      "agentready: too many arguments for 'validate'. Expected 0 arguments but got 1.\n  validate checks the whole project its config names; `agentready eval <suite file>` runs one suite, --config <file> names another config\n",
    );
    // Another command's extra argument: commander's words alone.
    expect(usageErrorLine("error: too many arguments for 'card'. Expected 0 arguments but got 1.\n")).toBe("agentready: too many arguments for 'card'. Expected 0 arguments but got 1.\n");
  });

  it("answers another runner's flag with agentready's way, instead of commander's nearest spelling", () => {
    expect(usageErrorLine("error: unknown option '--bail'\n")).toBe(
      "agentready: unknown option '--bail'\n  in agentready: every selected case runs, as the gate judges them together; run fewer with --grep, --tag, --suite or --last-failed\n",
    );
    expect(usageErrorLine("error: unknown option '--workers=4'\n(Did you mean --workers?)\n")).toBe(
      "agentready: unknown option '--workers=4'\n  in agentready: --concurrency <n>: how many cases are in flight at once\n",
    );
    expect(usageErrorLine("error: unknown option '--bails'\n")).toBe("agentready: unknown option '--bails'\n");
  });

  it("answers another runner's flags for running again what failed, splitting and joining (pytest --lf, promptfoo --retry-errors and --filter-range, vitest --merge-reports and --changed)", () => {
    expect(usageErrorLine("error: unknown option '--lf'\n")).toBe("agentready: unknown option '--lf'\n  in agentready: --last-failed runs the cases that failed or errored in the newest finished run\n");
    expect(usageErrorLine("error: unknown option '--filter-failing=out.json'\n")).toContain('in agentready: --last-failed runs');
    expect(usageErrorLine("error: unknown option '--retry-errors'\n")).toContain("in agentready: `agentready eval --resume <run>` runs again, in that run's folder, the attempts that ended in a harness error");
    expect(usageErrorLine("error: unknown option '--filter-range'\n")).toContain('in agentready: --shard i/n runs one part of the cases');
    // promptfoo's own: -o's long form, its .env flag; a dry run is validate.
    expect(usageErrorLine("error: unknown option '--output'\n", { offers: (option) => option === '--reporter' })).toContain('in agentready: --reporter <name>:<file> writes a report');
    expect(usageErrorLine("error: unknown option '--env-file=.env'\n")).toContain('in agentready: no .env loading: load it into the shell that starts agentready (`set -a; . ./.env; set +a`: the agent inherits its environment)');
    expect(usageErrorLine("error: unknown option '--dry-run'\n")).toContain('in agentready: `agentready validate` lists the suites');
    expect(usageErrorLine("error: unknown option '--merge-reports'\n")).toContain('in agentready: `agentready merge <run>...` joins the run folders of `eval --shard i/n`');
    expect(usageErrorLine("error: unknown option '--changed'\n")).toContain('in agentready: no tracking of changed files: name the suites to run (`agentready eval <suite file or folder>`)');
    expect(usageErrorLine("error: unknown command 'merge-reports'\n")).toContain('in agentready: `agentready merge <run>...` joins');
  });

  it("answers another runner's command (vitest run, playwright test) with the one that does that here", () => {
    expect(usageErrorLine("error: unknown command 'test'\n")).toBe("agentready: unknown command 'test'\n  in agentready: `agentready eval` runs the suites against the agent (name a suite after it to run only that one)\n");
    expect(usageErrorLine("error: unknown command 'run'\n")).toContain('in agentready: `agentready eval`');
    expect(usageErrorLine("error: unknown command 'evl'\n(Did you mean eval?)\n")).toBe("agentready: unknown command 'evl' (did you mean eval?)\n");
  });

  it("answers another runner's flag only with an option the command has; else commander's own suggestion stands", () => {
    const review = { offers: (option: string) => ['--rates', '--seed', '--out', '--no-redact'].includes(option) };
    expect(usageErrorLine("error: unknown option '-o'\n", review)).toBe("agentready: unknown option '-o'\n  in agentready: --out <file> writes it to a file instead of stdout\n");
    expect(usageErrorLine("error: unknown option '--retries'\n(Did you mean --rates?)\n", review)).toBe("agentready: unknown option '--retries' (did you mean --rates?)\n");
    expect(usageErrorLine("error: unknown option '-o'\n", { offers: (option) => option === '--reporter' })).toContain('in agentready: --reporter <name>:<file> writes a report');
    expect(usageErrorLine("error: unknown option '-o'\n", { offers: () => false })).toBe("agentready: unknown option '-o'\n");
  });

  it("keeps commander's own suggestion on the agentready: line", () => {
    expect(usageErrorLine("error: unknown option '--concurency'\n(Did you mean --concurrency?)\n")).toBe("agentready: unknown option '--concurency' (did you mean --concurrency?)\n");
  });
});

describe('colorOn', () => {
  afterEach(() => vi.unstubAllEnvs());
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;

  it("reads NO_COLOR, FORCE_COLOR, CI and TERM as the run's Screen does: the error lines and the report agree", () => {
    const cases: [Record<string, string | undefined>, NodeJS.WriteStream][] = [
      [{ FORCE_COLOR: 'false' }, pipe],
      [{ FORCE_COLOR: '1' }, pipe],
      [{ FORCE_COLOR: '0' }, tty],
      [{ CI: 'false' }, tty],
      [{ CI: '0' }, tty],
      [{ CI: 'true' }, tty],
      [{ TERM: 'dumb' }, tty],
      [{ NO_COLOR: '1', FORCE_COLOR: '1' }, tty],
      [{ NO_COLOR: '' }, tty],
      [{}, pipe],
    ];
    const seen = cases.map(([env, stream]) => {
      for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM']) vi.stubEnv(name, env[name]);
      return [colorOn(stream), createScreen({ env: { ...env }, stream }).color];
    });
    expect(seen.map(([cli]) => cli)).toEqual([false, true, false, true, true, false, false, false, true, false]);
    for (const [cli, screen] of seen) expect(cli).toBe(screen);
  });
});
