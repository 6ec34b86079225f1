// Redaction end to end: an agent echoes PII of every kind of the corpus (test/unit/common/
// pii-corpus.ts) into its answer, tool arguments, approval requests, error messages and stderr;
// none of it may be readable in any file of the run folder, any reporter's file, stdout or stderr.
// The same run with --no-redact shows that the check finds the PII where it is.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaks, PII_KINDS, PII_SAMPLES, type PiiSample } from '../unit/common/pii-corpus.js';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

/** Up to four samples of each kind. */
const SAMPLES = PII_KINDS.flatMap((kind) => PII_SAMPLES.filter((s) => s.kind === kind).slice(0, 4));

const REPORTERS = ['--reporter', 'terminal', '--reporter', 'github', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html'];

// Every third case throws, every third fails its output check, the rest pass: the PII shows up
// in errors, failure messages and the details of passing cases alike.
const SUITE = `suite: leaky
tools:
  - { name: lookup_customer, tier: read, mock: { result: { found: true } } }
  - { name: send_message, tier: approve, effects: [external], mock: { result: { sent: true } } }
cases:
${SAMPLES.map(
  (sample, i) => `  - id: ${['throw', 'fail', 'pass'][i % 3]}-${sample.kind}-${i}
    input: ${JSON.stringify(sample.text)}
    approvals: grant
    expect: { outcome: completed${i % 3 === 1 ? ', output: { contains: "a text no answer has" }' : ''} }
`,
).join('')}`;

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Text of the samples that is not secret ("example" of api.example.com): found in a file, it is no leak. */
const NOT_SECRET = SAMPLES.map((sample) => sample.secrets.reduce((text, secret) => text.replace(secret, ' '), sample.text)).join('\n');

/** The samples still readable somewhere, each with where and what: a whole secret, or one of its runs of 6+ characters. */
function leaksIn(outputs: Array<{ path: string; text: string }>, samples: readonly PiiSample[]): string[] {
  const found: string[] = [];
  for (const sample of samples) {
    for (const { path, text } of outputs) {
      const left = leaks(sample, text).filter((part) => sample.secrets.includes(part) || (part.length >= 6 && !NOT_SECRET.includes(part)));
      if (left.length > 0) {
        found.push(`${sample.kind} in ${path}: ${left.join(', ')}`);
        break;
      }
    }
  }
  return found;
}

async function runLeaky(extra: string[]): Promise<Array<{ path: string; text: string }>> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-leaky.js')} }\nsuites: [leaky.suite.yaml]\npricing: { small-model: { input_per_mtok: 3, output_per_mtok: 15 } }\n`,
    'leaky.suite.yaml': SUITE,
  });
  const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...REPORTERS, ...extra], { GITHUB_ACTIONS: 'true' });
  expect(exitCode, stderr).toBe(0);
  // The cache of checked suites is no output: it holds leaky.suite.yaml's content as written, as the file itself does.
  const written = filesUnder(join(dir, '.agentready')).filter(({ path }) => !path.includes(`${join('.agentready', 'cache')}/`));
  return [...written, ...filesUnder(join(dir, 'out')), { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }];
}

describe('redaction of everything agentready writes and prints', () => {
  it(`leaves none of ${SAMPLES.length} PII samples of ${PII_KINDS.length} kinds readable in the run folder, the reports, stdout or stderr`, async () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(60);
    const outputs = await runLeaky([]);
    // The run wrote what the check reads: traces with the agent's log, every report.
    expect(outputs.map((o) => o.path.replace(/^.*\/(?=out\/|\.agentready\/)/, '').replace(/runs\/[^/]+\//, 'runs/<id>/'))).toEqual(
      expect.arrayContaining(['.agentready/runs/<id>/traces.jsonl', '.agentready/runs/<id>/results.jsonl', 'out/report.json', 'out/junit.xml', 'out/summary.md', 'out/report.html']),
    );
    expect(outputs.find((o) => o.path.endsWith('traces.jsonl'))!.text).toContain('[agent-leaky] working on');
    expect(leaksIn(outputs, SAMPLES)).toEqual([]);
  });

  it('finds the PII when the run is told not to redact (the check above can fail)', async () => {
    const outputs = await runLeaky(['--no-redact']);
    expect(leaksIn(outputs, SAMPLES).length).toBeGreaterThanOrEqual(SAMPLES.length * 0.9);
  });
});

describe('redaction of an agent that fails to start', () => {
  /** One sample of each kind, as many as the start error quotes lines (the last ten). */
  const FIRST_OF_KINDS = PII_KINDS.map((kind) => SAMPLES.find((sample) => sample.kind === kind)!).filter((sample) => !sample.text.includes('\n')).slice(0, 10);

  async function startFailure(extra: string[]): Promise<Array<{ path: string; text: string }>> {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [leaky.suite.yaml]\n',
      'agent.js': `process.stderr.write(${JSON.stringify(FIRST_OF_KINDS.map((sample) => `${sample.text}\n`).join(''))});\nprocess.exit(1);\n`,
      'leaky.suite.yaml': 'suite: leaky\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate', ...extra]);
    expect(exitCode, stderr).toBe(3);
    expect(stderr).toContain('last stderr lines:');
    return [{ path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }];
  }

  it("prints the agent's last stderr lines redacted, and as written under --no-redact", async () => {
    expect(FIRST_OF_KINDS.length).toBeGreaterThanOrEqual(5);
    expect(leaksIn(await startFailure([]), FIRST_OF_KINDS)).toEqual([]);
    expect(leaksIn(await startFailure(['--no-redact']), FIRST_OF_KINDS).length).toBe(FIRST_OF_KINDS.length);
  });
});
