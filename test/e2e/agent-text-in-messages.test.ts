// Agent output that reaches agentready's own messages rather than a case's result (SPEC §9): an
// agent that exits during start-up (its stderr quoted), a `target.start` server that exits (its
// output quoted), a stdio agent's non-JSON stdout line no case is blamed for (a warning, printed
// and in summary.json), the name the agent gives itself (the header, summary.json, the reports,
// the baseline). Each is redacted unless --no-redact, and its terminal escapes are never printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, freePort, latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: s
tools: []
cases:
  - { id: one, input: hello, expect: { outcome: completed } }
`;

/** A project whose stdio target is fixtures/agents/agent-leaky-edges.js, with `env`. */
function stdioProject(env: Record<string, string> = {}): string {
  const envYaml = Object.entries(env).map(([key, value]) => `${key}: "${value}"`).join(', ');
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky-edges.js')}, env: { ${envYaml} } }\nsuites: [s.suite.yaml]\n`,
    's.suite.yaml': SUITE,
  });
}

/** The secrets and PII the fixtures write, none of which may be readable. */
const LEAKED = ['sk-proj-abcdef0123456789abcdef7890', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'admin@corp.com', 'eve@corp.com', 'bob@x.com', 'hunter2'];
const readable = (text: string) => LEAKED.filter((secret) => text.includes(secret));
/** A raw escape character: a terminal would act on it. */
const ESC = '\u001b';

describe('an agent that exits during start-up', () => {
  it('quotes its last stderr lines redacted and escaped (exit 3), and as written under --no-redact', async () => {
    const dir = stdioProject({ LEAK: 'start' });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain('agentready: agent exited with code 3 during start-up (exit 3)\nlast stderr lines:\n  OPENAI_API_KEY=[secret] for [email]\n  token [secret] mail [email] \\u001b[2J');
    expect(readable(stderr)).toEqual([]);
    expect(stderr).not.toContain(ESC);

    // On GitHub Actions it is an ::error on the run too, so the pull request says why: redacted, escaped.
    const github = await runCli(dir, ['eval', '--no-gate'], { GITHUB_ACTIONS: 'true' });
    expect(github.exitCode).toBe(3);
    expect(github.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
      '::error title=agentready%3A the run could not complete::agent exited with code 3 during start-up%0Alast stderr lines:%0A  OPENAI_API_KEY=[secret] for [email]%0A  token [secret] mail [email] \\u001b[2J',
    ]);
    expect(readable(github.stdout)).toEqual([]);
    expect(github.stdout).not.toContain(ESC);

    const raw = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
    expect(raw.exitCode).toBe(3);
    expect(raw.stderr).toContain('OPENAI_API_KEY=sk-proj-abcdef0123456789abcdef7890 for admin@corp.com');
    expect(raw.stderr).not.toContain(ESC);
  });
});

describe('a target.start server that exits', () => {
  const line = `DB_URL=postgres://admin:hunter2@db.internal/prod key sk-proj-abcdef0123456789abcdef7890 ${ESC}[2J`;

  async function httpProject(): Promise<string> {
    const port = await freePort();
    return makeProject({
      'agentready.config.yaml': `target:
  adapter: http
  url: http://127.0.0.1:${port}/run
  start: { command: [node, ${JSON.stringify(join(AGENTS, 'http-started-server.js'))}], env: { START_MODE: exit, PORT: "${port}", EXIT_LINE: ${JSON.stringify(line)} } }
suites: [s.suite.yaml]
`,
      's.suite.yaml': SUITE,
    });
  }

  it('quotes its last output redacted and escaped (exit 3), and as written under --no-redact', async () => {
    const dir = await httpProject();
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/exited with code 4 before it answered at 127\.0\.0\.1:\d+ \(exit 3\)\nits last output lines:\n {2}DB_URL=postgres:\/\/\[credentials\]@db\.internal\/prod key \[secret\] \\u001b\[2J$/);
    expect(readable(stderr)).toEqual([]);
    expect(stderr).not.toContain(ESC);

    const raw = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
    expect(raw.stderr).toContain('DB_URL=postgres://admin:hunter2@db.internal/prod key sk-proj-abcdef0123456789abcdef7890');
    expect(raw.stderr).not.toContain(ESC);
  });
});

describe("a stdio agent's non-JSON stdout line and its name", () => {
  const REPORTS = ['--reporter', 'terminal', '--reporter', 'json:out/report.json', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html', '--reporter', 'junit:out/junit.xml'];

  it('are redacted in the warning, the header, summary.json, every report and the baseline; escapes never printed', async () => {
    const dir = stdioProject();
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...REPORTS]);
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/agentready: warning: the agent \(pid \d+\) wrote an invalid message on stdout while 0 cases were in flight \(not a JSON line\): "debug: user \[email\] logged in with password=\[secret\]"/);
    expect(stdout).toContain('Running 1 case against evil\\x1b]0;pwned\\x07 [email] 1.0.0 (stdio)');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[]; agent: { name: string } };
    expect(summary.warnings[0]).toContain('"debug: user [email] logged in with password=[secret]"');
    expect(summary.agent.name).toBe(`evil${ESC}]0;pwned\u0007 [email]`);
    const reports = ['report.json', 'summary.md', 'report.html', 'junit.xml'].map((file) => readFileSync(join(dir, 'out', file), 'utf8'));
    expect(JSON.parse(reports[0]!).agent.name).toBe(summary.agent.name);
    for (const text of [stdout, stderr, summary.warnings.join('\n'), ...reports]) expect(readable(text)).toEqual([]);
    for (const text of [stdout, stderr]) expect(text).not.toContain(ESC);

    const baseline = await runCli(dir, ['baseline', 'update']);
    expect(baseline.exitCode, baseline.stderr).toBe(0);
    // On stdout, as eval's own "Running …" line.
    expect(baseline.stdout).toContain('Running 1 case against evil\\x1b]0;pwned\\x07 [email] 1.0.0…');
    expect(baseline.stderr).not.toContain('Running');
    expect(baseline.stderr).not.toContain(ESC);
    const written = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { provenance: { agent: { name: string } } };
    expect(written.provenance.agent.name).toBe(summary.agent.name);
    const [show, validate] = [await runCli(dir, ['baseline', 'show']), await runCli(dir, ['validate'])];
    for (const shown of [show, validate]) {
      expect(shown.stdout).toContain('evil\\x1b]0;pwned\\x07 [email] 1.0.0');
      expect(shown.stdout).not.toContain(ESC);
    }
    // validate's listing keeps its columns: each label padded past the longest, "baseline".
    const listed = validate.stdout.split('\n');
    const rows = listed.filter((line) => /^(config|suite|policy|baseline) /.test(line));
    expect(rows).toHaveLength(3);
    for (const line of rows) expect(line).toMatch(/^(config {4}|suite {5}|baseline {2})\S/);
  });

  it('are kept as written under --no-redact (escapes still not printed)', async () => {
    const dir = stdioProject();
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toContain('"debug: user bob@x.com logged in with password=hunter2"');
    expect(stdout).toContain('Running 1 case against evil\\x1b]0;pwned\\x07 bob@x.com 1.0.0 (stdio)');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[]; agent: { name: string } };
    expect(summary.warnings[0]).toContain('bob@x.com');
    expect(summary.agent.name).toContain('bob@x.com');
    expect(stdout + stderr).not.toContain(ESC);
  });
});

describe('baseline update refused for harness errors', () => {
  it('lists the errors on lines of their own, live and with --from alike', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-crash-mid-run.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': `suite: s\ntools: []\ncases:\n  - { id: crash, input: CRASH, expect: { outcome: completed } }\n  - { id: fine, input: hello, expect: { outcome: completed } }\n`,
    });
    const live = await runCli(dir, ['baseline', 'update']);
    expect(live.exitCode).toBe(3);
    const refusal = /agentready: 1 case ended in harness errors, so the baseline was not written \(fix them, or pass --force to record them\) \(exit 3\)\n {2}s\/crash: agent process exited unexpectedly \(code=1, signal=null\)\n {4}last stderr lines:\n {6}.*\n {6}agent-crash-mid-run: crashing on purpose$/;
    expect(live.stderr).toMatch(refusal);
    expect(live.stderr).toContain('(fix them, or pass --force to record them) (exit 3)\n  s/crash: ');
    expect(live.stderr).not.toContain('\\n');
    const from = await runCli(dir, ['baseline', 'update', '--from', latestRunDir(dir)]);
    expect(from.exitCode).toBe(3);
    expect(from.stderr).toMatch(refusal);
    expect(from.stderr.replace(/ \(exit 3\)/g, '')).toBe(live.stderr.slice(live.stderr.indexOf('agentready: 1 case')).replace(/ \(exit 3\)/g, ''));
  });
});

describe('score: a traces file line that is not a trace', () => {
  it('is quoted redacted (exit 2), and as written under --no-redact', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': SUITE,
      // The agent's own record of production traffic, cut off mid-line.
      'traces.jsonl': '{"case_id":"one","outcome":"completed","output":"mail eve@corp.com, key sk-proj-abcdef0123456789abcdef7890", "x": \n',
    });
    const { exitCode, stderr } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode).toBe(2);
    // Placed where JSON.parse stopped (the line's end), the line shown around it.
    expect(stderr).toContain('traces.jsonl:1:115');
    expect(stderr).toContain('"outcome":"completed","output":"mail [email], key [secret]", "x": ');
    expect(readable(stderr)).toEqual([]);
    const raw = await runCli(dir, ['score', 'traces.jsonl', '--no-redact']);
    expect(raw.exitCode).toBe(2);
    expect(raw.stderr).toContain('"output":"mail eve@corp.com, key sk-proj-');
  });
});

/** A raw agentready/1 stdio agent (no library): it calls itself `name` and answers every run with `reply` (`result: {…}` or `error: {…}`, JavaScript). */
function rawStdioAgent(name: string, reply: string): string {
  return `import { createInterface } from 'node:readline';
const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') send({ id: m.id, result: { protocol: 'agentready/1', name: ${JSON.stringify(name)}, version: '1' } });
  else if (m.method === 'run') send({ id: m.id, ${reply} });
  else if (m.method === 'shutdown') { send({ id: m.id, result: {} }); process.exit(0); }
});
`;
}

describe('C1 controls and bidi overrides an agent writes, in the JSON agentready writes', () => {
  /** DEL, C1 controls (0x9d … 0x9c is an OSC: a clipboard write), line separators, bidi controls: JSON.stringify leaves them raw. */
  const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const NAME = 'raw \u009d52;c;ZXZpbA==\u009c abc\u202edcba';
  const OUTPUT = 'done \u009b2J\u2066x\u2069\u2028';
  // A raw agentready/1 agent: the name it gives itself and its answer hold them.
  const AGENT = rawStdioAgent(NAME, `result: { outcome: 'completed', output: ${JSON.stringify(OUTPUT)} }`);

  it('are written as \\u escapes in the run folder, the JSON report, the OTLP file, the history, the baseline and card --format json, and read back as written', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': AGENT,
      's.suite.yaml': SUITE,
    });
    const run = await runCli(dir, ['eval', '--no-gate', '--reporter', 'json:out/report.json', '--otlp', 'out/otlp.json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const card = await runCli(dir, ['card', '--format', 'json']);
    expect(card.exitCode, card.stderr).toBe(0);
    const runDir = latestRunDir(dir);
    const files = [...['summary.json', 'results.jsonl', 'traces.jsonl'].map((file) => join(runDir, file)), join(dir, 'out', 'report.json'), join(dir, 'out', 'otlp.json'), join(dir, '.agentready', 'history.jsonl'), join(dir, 'agentready.baseline.json')];
    for (const file of files) expect(UNSAFE.test(readFileSync(file, 'utf8')), file).toBe(false);
    for (const text of [run.stdout, run.stderr, card.stdout]) expect(UNSAFE.test(text)).toBe(false);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { agent: { name: string } };
    expect(summary.agent.name).toBe(NAME);
    const traces = readFileSync(join(runDir, 'traces.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"output"'));
    expect(traces.map((line) => (JSON.parse(line) as { output?: unknown }).output)).toEqual([OUTPUT]);
    expect(card.stdout).toContain('\\u202e');
  });
});

describe('GitHub Actions workflow commands in what an agent writes', () => {
  // The runner reads `::command::` first on a line (after blanks) and `##[command]` anywhere in one, on stdout and stderr alike.
  const INJECTED = 'first\\n::add-mask::secretvalue\\n  ::warning title=pwned::by the agent\\nand ##[error]legacy';
  const AGENT = rawStdioAgent('cmd', `error: { code: -32000, message: '${INJECTED}' }`);

  it('are printed as text: no line a runner would run, the run\'s own annotations kept', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': AGENT,
      's.suite.yaml': SUITE,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', '--reporter', 'terminal', '--reporter', 'github'], { GITHUB_ACTIONS: 'true' });
    // The case fails (the agent answered with an error); --no-gate exits 0.
    expect(exitCode, stderr).toBe(0);
    const lines = `${stdout}\n${stderr}`.split('\n');
    expect(lines.filter((line) => /^\s*::/.test(line) && !line.startsWith('::error file=s.suite.yaml,'))).toEqual([]);
    expect(lines.filter((line) => line.includes('##['))).toEqual([]);
    expect(stdout).toContain('\\x3a:add-mask::secretvalue');
    expect(lines.filter((line) => line.startsWith('::error file=s.suite.yaml,'))).toHaveLength(1);
  });
});

describe("an http agent's error answer that is JSON", () => {
  // A framework's 500 answer: its JSON body holds the agent's text with its quotes escaped (\"), which the error message quotes escaped again (\\\").
  const BODY = JSON.stringify({ error: 'could not reach "john smith"@corp.com with {"password": "hunter2 long"}' });
  const AGENT = `import { createServer } from 'node:http';
createServer((request, response) => request.resume().on('end', () => response.writeHead(500, { 'content-type': 'application/json' }).end(${JSON.stringify(BODY)}))).listen(Number(process.env.PORT), '127.0.0.1');
`;

  it('is quoted in the case error with the quoted address and the quoted password redacted, and as written under --no-redact', async () => {
    const port = await freePort();
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: http, url: "http://127.0.0.1:${port}/run", start: { command: [node, agent.mjs], env: { PORT: "${port}" } } }\nsuites: [s.suite.yaml]\n`,
      'agent.mjs': AGENT,
      's.suite.yaml': SUITE,
    });
    const { stdout } = await runCli(dir, ['eval', '--no-gate']);
    const results = readFileSync(join(latestRunDir(dir), 'results.jsonl'), 'utf8');
    expect(stdout).toContain('answered HTTP 500 Internal Server Error with');
    for (const text of [stdout, results]) expect(text).not.toMatch(/john smith|hunter2/);
    expect(stdout).toContain('could not reach [email] with {\\\\"password\\\\": \\\\"[secret]\\\\"}');

    const raw = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
    expect(raw.stdout).toContain('\\\\"john smith\\\\"@corp.com');
  });
});
