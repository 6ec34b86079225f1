// Redaction by the commands that read runs back: a run made with --no-redact holds PII as the
// agent wrote it, and review, replay, report, compare, card, baseline update --from and show,
// score, merge and eval --resume must still print and write it redacted unless they are told --no-redact
// themselves (SPEC §9: every file agentready writes and everything it prints).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, LEAKY_SUITE, leaksIn, SAMPLES, type Output } from './helpers/pii-leaks.js';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

describe('commands reading a run made with --no-redact', () => {
  let dir: string;
  let runA: string;
  let runB: string;
  const runIds = () => readdirSync(join(dir, '.agentready/runs')).sort();

  beforeAll(async () => {
    dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky.js')} }\nsuites: [leaky.suite.yaml]\npricing: { small-model: { input_per_mtok: 3, output_per_mtok: 15 } }\n`,
      'leaky.suite.yaml': LEAKY_SUITE,
    });
    for (let i = 0; i < 2; i++) {
      const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate', '--no-redact']);
      expect(exitCode, stderr).toBe(0);
    }
    [runA, runB] = runIds() as [string, string];
  }, 120_000);

  /** What one command printed, and the files it wrote (new run folders, --out, reporters), after it ran. */
  async function outputsOf(args: string[], expectedExit = 0): Promise<Output[]> {
    const before = new Set(runIds());
    const { exitCode, stdout, stderr } = await runCli(dir, args);
    expect(exitCode, `${args.join(' ')}: ${stderr}`).toBe(expectedExit);
    const written = runIds()
      .filter((id) => !before.has(id))
      .flatMap((id) => filesUnder(join(dir, '.agentready/runs', id)));
    return [{ path: `${args[0]} stdout`, text: stdout }, { path: `${args[0]} stderr`, text: stderr }, ...written];
  }

  it('the runs hold the PII as written (the checks below can fail)', () => {
    const raw = filesUnder(join(dir, '.agentready/runs', runA));
    expect(leaksIn(raw, SAMPLES).length).toBeGreaterThanOrEqual(SAMPLES.length * 0.9);
  });

  it('review prints the sample redacted, and as written under --no-redact', async () => {
    const outputs = await outputsOf(['review', runA]);
    expect(outputs[0]!.text).toContain('## Failing or policy-denied');
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
    expect(leaksIn(await outputsOf(['review', runA, '--no-redact']), SAMPLES).length).toBeGreaterThan(SAMPLES.length / 2);
  });

  it('review --out writes the sample redacted', async () => {
    await outputsOf(['review', runA, '--out', 'out/review/sample.md']);
    expect(leaksIn(filesUnder(join(dir, 'out/review')), SAMPLES)).toEqual([]);
  });

  it('replay prints the recording and the replayed exchange redacted, with no divergence made by redaction', async () => {
    // A passing case (every third, from the third on) of an email.
    const kase = SAMPLES.findIndex((sample, i) => i % 3 === 2 && sample.kind === 'email');
    const outputs = await outputsOf(['replay', `${runA}/pass-email-${kase}`]);
    expect(outputs[0]!.text).toContain('Same as the recording');
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
  });

  it('report prints and writes the weekly review redacted', async () => {
    const outputs = await outputsOf(['report', '--reporter', 'terminal', '--reporter', 'markdown:out/report/weekly.md', '--reporter', 'json:out/report/weekly.json', '--reporter', 'html:out/report/weekly.html']);
    expect(leaksIn([...outputs, ...filesUnder(join(dir, 'out/report'))], SAMPLES)).toEqual([]);
  });

  it('compare prints the two runs and writes its reports redacted', async () => {
    const outputs = await outputsOf(['compare', runA, runB, '--reporter', 'terminal', '--reporter', 'json:out/compare/b.json', '--reporter', 'markdown:out/compare/b.md']);
    expect(leaksIn([...outputs, ...filesUnder(join(dir, 'out/compare'))], SAMPLES)).toEqual([]);
  });

  it('card prints redacted in every format', async () => {
    const outputs = [...(await outputsOf(['card'])), ...(await outputsOf(['card', '--format', 'json'])), ...(await outputsOf(['card', '--format', 'markdown']))];
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
  });

  it('baseline update --from writes the baseline redacted, and baseline show prints it so', async () => {
    const outputs = [...(await outputsOf(['baseline', 'update', '--from', runA, '--force'])), ...(await outputsOf(['baseline', 'show']))];
    expect(leaksIn([...outputs, ...filesUnder(dir).filter((f) => f.path.endsWith('agentready.baseline.json'))], SAMPLES)).toEqual([]);
  });

  it('score prints and writes its run redacted', async () => {
    const outputs = await outputsOf(['score', join('.agentready/runs', runA, 'traces.jsonl'), '--no-gate']);
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
  });

  it('eval --resume of a run made with --no-redact reports the attempts it had redacted, and records that its folder is not', async () => {
    await outputsOf(['eval', '--no-gate', '--no-redact']);
    const interrupted = runIds().at(-1)!;
    // As a run killed before its end leaves it: no summary.json.
    rmSync(join(dir, '.agentready/runs', interrupted, 'summary.json'));
    const outputs = await outputsOf(['eval', '--no-gate', '--resume', interrupted, '--reporter', 'terminal', '--reporter', 'json:out/resume/report.json']);
    expect(outputs[0]!.text).toContain('✗ leaky/fail-email-1');
    expect(leaksIn([...outputs, ...filesUnder(join(dir, 'out/resume'))], SAMPLES)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, '.agentready/runs', interrupted, 'summary.json'), 'utf8')).redacted).toBe(false);
  });

  it('merge writes the merged run and prints redacted', async () => {
    await outputsOf(['eval', '--no-gate', '--no-redact', '--shard', '1/1']);
    const shard = runIds().at(-1)!;
    const outputs = await outputsOf(['merge', shard, '--no-gate']);
    expect(outputs.map((o) => o.path)).toEqual(expect.arrayContaining([expect.stringMatching(/policy-decisions\.jsonl$/), expect.stringMatching(/traces\.jsonl$/)]));
    // A policy decision's input summary (in policy-decisions.jsonl and the traces) was cut to 200
    // characters in the --no-redact shard: one cut inside a JWT leaves its header ({"alg":…}) and
    // part of its claims, which redaction no longer takes for a JWT.
    const shown = outputs.map((o) => ({ ...o, text: o.text.replace(/("input_summary":"(?:[^"\\]|\\.)*?)eyJhbGci[\w.-]*(?=")/g, '$1') }));
    expect(leaksIn(shown, SAMPLES)).toEqual([]);
    expect(leaksIn(await outputsOf(['merge', shard, '--no-gate', '--no-redact']), SAMPLES).length).toBeGreaterThan(SAMPLES.length / 2);
  });
});
