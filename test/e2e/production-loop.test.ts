// The production loop wired on the run lifecycle, as a user runs it: `eval --otlp` writes a file
// the official OTLP schema decodes and `score` of that file judges every case as the run did;
// each eval appends its verdicts to the history that `report` reads; a quarantined case runs,
// is listed, and does not fail the gate of eval or score until its date.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { decodeWithOfficialSchema } from '../unit/run/otlp/official-decoder.js';
import { HOSTILE_OUTPUT, shopProject, SUITE } from './helpers/report-project.js';
import { latestRunDir, makeProject, REPO, runCli } from './helpers/run-cli.js';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const lines = (dir: string, path: string) =>
  read(dir, path)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Each attempt's verdict as the gate and the reports see it. */
function verdicts(runDir: string): [string, string, unknown][] {
  return lines(runDir, 'results.jsonl')
    .slice(1)
    .map((r) => [`${String(r['suite'])}/${String(r['case_id'])}`, String(r['status']), (r['checks'] as { name: string; pass: boolean }[]).map((c) => `${c.name}:${c.pass}`)] as [string, string, unknown])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

describe('eval --otlp, then score of that file', () => {
  it('writes OTLP/JSON the official schema decodes, redacted, and scoring it gives the run its own verdicts and exit', async () => {
    const dir = shopProject();
    const env = { AGENT_FAIL_CASES: 'refund-3', AGENT_HOSTILE: '1' };
    const evaluated = await runCli(dir, ['eval', '--otlp', 'out/run.otlp.json'], env);
    expect(evaluated.exitCode, evaluated.stderr).toBe(1);
    const evalRun = latestRunDir(dir);

    const text = read(dir, 'out/run.otlp.json');
    expect(text).not.toContain('jane.doe@corp.example.com');
    expect(HOSTILE_OUTPUT).toContain('jane.doe@corp.example.com');
    const decoded = decodeWithOfficialSchema(text);
    expect(decoded.invalid).toBeNull();
    expect(decoded.unknownFields).toEqual([]);
    const cases = decoded.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    const results = lines(evalRun, 'results.jsonl').slice(1);
    expect(cases.map((s) => s.traceId).sort()).toEqual(results.map((r) => r['trace_id']).sort());
    expect(decoded.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(5);
    expect(decoded.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool').map((s) => s.attributes['gen_ai.tool.name'])).toContain('issue_refund');
    const denied = cases.find((s) => s.attributes['agentready.case_id'] === 'refund-3')!;
    expect(denied.events.map((e) => e.name)).toContain('agentready.policy.decision');
    expect(JSON.parse(denied.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'I was charged twice for order 3' }] }]);

    const scored = await runCli(dir, ['score', 'out/run.otlp.json']);
    expect(scored.exitCode, scored.stderr).toBe(evaluated.exitCode);
    expect(scored.stderr).toContain('holds redaction placeholders');
    const scoreRun = latestRunDir(dir);
    expect(scoreRun).not.toBe(evalRun);
    expect(verdicts(scoreRun)).toEqual(verdicts(evalRun));
    expect(verdicts(evalRun).filter(([, status]) => status === 'failed').map(([key]) => key)).toEqual(['shop/hostile-output', 'shop/refund-3']);
  });

  it('scores a tool world and a conversation from the file as the run did: the state changes and the turns are in it', async () => {
    const fixture = join(REPO, 'fixtures/conversations');
    const files = Object.fromEntries(
      (readdirSync(fixture, { recursive: true }) as string[]).filter((f) => /\.(ya?ml|m?js|ts)$/.test(f)).map((f) => [f, read(fixture, f)]),
    );
    const dir = makeProject(files);
    const evaluated = await runCli(dir, ['eval', '--otlp', 'run.otlp.json', '--reporter', 'json:report.json']);
    expect(evaluated.exitCode, evaluated.stdout + evaluated.stderr).toBe(0);
    // The file is named with the reporters' on stdout's last line, as given (it once went unnamed).
    expect(evaluated.stdout.trimEnd().split('\n').at(-1)).toBe('Wrote report.json, run.otlp.json');
    const evalVerdicts = verdicts(latestRunDir(dir));
    expect(evalVerdicts.map(([key, status]) => `${key} ${status}`)).toEqual(['orders/cancel-asks-for-order-number passed', 'orders/shipped-order-stays passed']);

    const scored = await runCli(dir, ['score', 'run.otlp.json']);
    expect(scored.exitCode, scored.stdout).toBe(0);
    expect(verdicts(latestRunDir(dir))).toEqual(evalVerdicts);
  });

  it('refuses an --otlp path it could never write before the first case, and names the file it could not write at the end', async () => {
    const dir = shopProject({ 'out/taken/.keep': '' });
    const blocked = await runCli(dir, ['eval', '--no-gate', '--otlp', 'out/taken']);
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toContain('agentready: --otlp cannot write out/taken: it is a folder');
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
    // A file takes the folder's place during the run: the failure names the output and its file.
    const late = await runCli(dir, ['eval', '--no-gate', '--otlp', 'late/run.otlp.json'], { AGENT_WRITES: join(dir, 'late') });
    expect(late.exitCode).toBe(3);
    expect(late.stderr).toContain('agentready: --otlp could not write late/run.otlp.json: ');
    expect(late.stdout).not.toContain('Wrote');
  });
});

describe('history', () => {
  it('every eval appends its verdicts with the commit, a kill-switch run does not, and report reads it when run folders are gone', async () => {
    const dir = shopProject();
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'shop');
    const commit = (await git('rev-parse', 'HEAD')).stdout.trim();
    for (const failing of ['', 'lookup-1', '']) {
      const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate'], { AGENT_FAIL_CASES: failing });
      expect(exitCode, stderr).toBe(0);
    }
    const history = lines(dir, '.agentready/history.jsonl');
    expect(history).toHaveLength(15);
    const runs = readdirSync(join(dir, '.agentready/runs')).sort();
    expect([...new Set(history.map((h) => h['run_id']))]).toEqual(runs);
    expect(history.find((h) => h['case_id'] === 'lookup-1' && h['run_id'] === runs[1])).toMatchObject({ suite: 'shop', attempt: 1, status: 'failed', commit });

    const killSwitch = await runCli(dir, ['eval', '--kill-switch']);
    expect(killSwitch.exitCode, killSwitch.stderr).not.toBe(2);
    expect(lines(dir, '.agentready/history.jsonl')).toHaveLength(15);

    // The first two run folders gone (a CI job keeps only the history): the flip rate still covers them.
    for (const run of readdirSync(join(dir, '.agentready/runs')).sort().slice(0, 2)) rmSync(join(dir, '.agentready/runs', run), { recursive: true });
    const report = await runCli(dir, ['report']);
    expect(report.exitCode, report.stderr).toBe(0);
    // The three runs were made at one commit with nothing uncommitted (the failure came from the environment): the same code, so lookup-1 is flaky.
    expect(report.stdout).toContain('  shop/lookup-1  1.000  PFP  2 flips in 2 same-code pairs');
    // The kill-switch run (every write refused on purpose) is not reviewed either.
    expect(report.stdout).toMatch(/^Weekly review · 1 run · .* · 5 attempts$/m);
  });
});

const QUARANTINED = SUITE.replace(
  '  - id: refund-3\n',
  '  - id: refund-3\n    quarantine: { until: 2099-12-31, reason: "refund mock is being rebuilt for jane.doe@example.com, #42" }\n',
);

describe('quarantine', () => {
  it('a failing quarantined case runs and is listed but fails neither the gate of eval nor of score', async () => {
    const dir = shopProject({ 'evals/shop.suite.yaml': QUARANTINED });
    const baseline = await runCli(dir, ['baseline', 'update']);
    expect(baseline.exitCode, baseline.stderr).toBe(0);

    const evaluated = await runCli(dir, ['eval', '--otlp', 'run.otlp.json', '--no-redact', '--reporter', 'terminal', '--reporter', 'markdown:summary.md'], { AGENT_FAIL_CASES: 'refund-3' });
    expect(evaluated.exitCode, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('✗ shop/refund-3');
    // --no-redact: the reason as the suite writes it.
    const note = '1 quarantined case ran and is reported but not counted by the gate: shop/refund-3 (until 2099-12-31: refund mock is being rebuilt for jane.doe@example.com, #42).';
    expect(evaluated.stdout).toContain(note);
    // In markdown, the reason's issue reference is no link (an empty comment after its '#'), nor the address a mailto link.
    expect(read(dir, 'summary.md')).toContain(note.replace('#42', '#<!-- -->42').replace('@', '&#64;<!-- -->'));

    // Redacted by default, as a case's description: the reason may name a customer.
    const scored = await runCli(dir, ['score', 'run.otlp.json', '--reporter', 'markdown:scored.md']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(verdicts(latestRunDir(dir)).find(([key]) => key === 'shop/refund-3')?.[1]).toBe('failed');
    expect(read(dir, 'scored.md')).toContain(note.replace('#42', '#<!-- -->42').replace('jane.doe@example.com', '\\[email\\]'));
    expect(scored.stdout).toContain(note.replace('jane.doe@example.com', '[email]'));
    expect(read(latestRunDir(dir), 'summary.json')).not.toContain('jane.doe');

    const card = await runCli(dir, ['card']);
    expect(card.stdout).toMatch(/QUARANTINED[\s\S]*shop\/refund-3[\s\S]*2099-12-31/);
    const report = await runCli(dir, ['report']);
    expect(report.stdout).toContain('shop/refund-3 until 2099-12-31: refund mock is being rebuilt for [email], #42');
  });

  it('after its date validate warns at the date, and the case fails the gate again', async () => {
    const dir = shopProject({ 'evals/shop.suite.yaml': QUARANTINED.replace('2099-12-31', '2020-01-31') });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode, validate.stderr).toBe(0);
    const line = QUARANTINED.split('\n').findIndex((l) => l.includes('quarantine:')) + 1;
    expect(validate.stderr).toContain(`evals/shop.suite.yaml:${line}:26  warning  cases[2].quarantine.until`);
    expect(validate.stderr).toContain('the quarantine of case refund-3 ended on 2020-01-31: the case counts in the gate again');

    const evaluated = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'refund-3' });
    expect(evaluated.exitCode).toBe(1);
    expect(evaluated.stdout).not.toContain('quarantined case');
    expect(evaluated.stderr).toContain('the gate failed');
  });
});

describe('score --unlabeled of a JSONL feed that delivered a trace twice', () => {
  it('scores the trace once and says which line repeated which: its failure and cost are not doubled', async () => {
    const trace = JSON.stringify({ trace_id: 'prod-7', outcome: 'completed', output: 'done', tool_calls: [{ name: 'issue_refund', arguments: { order_id: '7', amount: 5 }, result: { ok: true } }] });
    const other = JSON.stringify({ trace_id: 'prod-8', outcome: 'completed', output: 'ok', tool_calls: [] });
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, -e, "0"] }\nsuites: [shop.suite.yaml]\n',
      'shop.suite.yaml': 'suite: shop\ntools:\n  - { name: issue_refund, tier: approve, effects: [money] }\ncases:\n  - { id: refund, input: "refund order 7", expect: { outcome: completed } }\n',
      'prod.jsonl': `${trace}\n${other}\n${trace}\n`,
    });
    const scored = await runCli(dir, ['score', 'prod.jsonl', '--unlabeled', '--no-gate']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('2 cases · 1 passed · 1 failed');
    expect(scored.stderr).toContain('prod.jsonl:3: repeats line 1 exactly, trace id and all: one trace delivered twice, scored once');
    expect(lines(latestRunDir(dir), 'results.jsonl').slice(1).map((r) => r['case_id'])).toEqual(['prod-7', 'prod-8']);
  });
});

describe('score --unlabeled of a JSONL feed whose trace id is a customer\'s email', () => {
  it('writes it in no file of the run folder nor on the terminal: policy-decisions.jsonl kept it, and the case id was jane.doe-customer.example', async () => {
    const trace = JSON.stringify({ trace_id: 'jane.doe@customer.example', outcome: 'completed', output: 'done', tool_calls: [{ name: 'issue_refund', arguments: { order_id: '7', amount: 5 }, result: { ok: true } }] });
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, -e, "0"] }\nsuites: [shop.suite.yaml]\n',
      'shop.suite.yaml': 'suite: shop\ntools:\n  - { name: issue_refund, tier: approve, effects: [money] }\ncases:\n  - { id: refund, input: "refund order 7", expect: { outcome: completed } }\n',
      'prod.jsonl': `${trace}\n`,
    });
    const scored = await runCli(dir, ['score', 'prod.jsonl', '--unlabeled', '--no-gate', '--reporter', 'terminal', '--reporter', 'json:report.json']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('1 case · 0 passed · 1 failed');
    const runDir = latestRunDir(dir);
    for (const file of [...readdirSync(runDir).map((name) => join(runDir, name)), join(dir, 'report.json')]) expect(readFileSync(file, 'utf8'), file).not.toMatch(/jane\.doe/);
    expect(`${scored.stdout}${scored.stderr}`).not.toMatch(/jane\.doe/);
    expect(lines(runDir, 'policy-decisions.jsonl').map((d) => d['trace_id'])).toEqual(['[email]']);
    expect(lines(runDir, 'results.jsonl')[1]!['case_id']).toMatch(/^trace-[0-9a-f]{16}$/);
  });
});
