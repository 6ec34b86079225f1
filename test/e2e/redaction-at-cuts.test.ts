// A key and an email placed right where agentready shortens an agent's text (a log line, an
// oversized stderr line, the quoted stderr tail of a crash, the quote of a failed output check):
// no part of either may be readable in any file of the run folder, any report, stdout or stderr.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

const KEY = 'sk-proj-Q7x9Lm2Pz8Rt4Vw6Ky1Nb3Hc5';
const EMAIL = 'maria.gonzalez@example.org';
/** Every run of 6 characters of the key's random part and of the email: none may be readable. */
const FRAGMENTS = [KEY.slice('sk-proj-'.length), EMAIL].flatMap((secret) => Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6)));

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

const REPORTERS = ['--reporter', 'terminal', '--reporter', 'json:out/report.json', '--reporter', 'junit:out/junit.xml', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html'];

async function runAtCuts(extra: string[]): Promise<Array<{ path: string; text: string }>> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-cut-off.js')} }\nsuites: [s.suite.yaml]\n`,
    's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: answer, input: hi, expect: { outcome: completed, output: { contains: "a text no answer has" } } }\n  - { id: crash, input: CRASH, expect: { outcome: completed } }\n',
  });
  const { stdout, stderr } = await runCli(dir, ['eval', '--no-gate', '--otlp', 'out/traces.otlp.json', ...REPORTERS, ...extra]);
  const written = filesUnder(join(dir, '.agentready')).filter(({ path }) => !path.includes(`${join('.agentready', 'cache')}/`));
  return [...written, ...filesUnder(join(dir, 'out')), { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }];
}

/** Where a fragment of the key or the email is readable. */
function leaks(outputs: Array<{ path: string; text: string }>): string[] {
  return outputs.flatMap(({ path, text }) => FRAGMENTS.filter((fragment) => text.includes(fragment)).map((fragment) => `${fragment} in ${path}`));
}

describe('a key and an email at the cut-offs of what an agent writes', () => {
  it('are readable nowhere, in part or whole, and the outputs hold the cut lines', async () => {
    const outputs = await runAtCuts([]);
    const traces = outputs.find((o) => o.path.endsWith('traces.jsonl'))!.text;
    // The cuts were made: the long log line and the oversized one, the stderr tail of the crash, the check's quote.
    expect(traces).toContain('… [line cut]');
    expect(traces).toContain('[line cut]"');
    const results = outputs.find((o) => o.path.endsWith('results.jsonl'))!.text;
    expect(results).toContain('last stderr lines');
    expect(results).toMatch(/"reason":"does not contain/);
    expect(leaks(outputs)).toEqual([]);
  });

  it('are found where they are under --no-redact (the check above can fail)', async () => {
    const found = leaks(await runAtCuts(['--no-redact']));
    expect(found.some((leak) => leak.includes('traces.jsonl'))).toBe(true);
    expect(found.some((leak) => leak.includes('results.jsonl'))).toBe(true);
  });
});
