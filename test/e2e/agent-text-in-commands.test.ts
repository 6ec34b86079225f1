// What an agent writes (its output, a tool call's arguments and result, its error message),
// printed by every command that shows a run: eval, compare, baseline update and show, report,
// card, review and replay. None may print a raw terminal escape (an OSC 8 link, a screen clear) or
// the address or card number as written. (A case id that holds PII is refused before any case
// runs: test/e2e/redacted-names.test.ts.)
import { describe, expect, it } from 'vitest';
import { latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const EMAIL = 'ann@example.com';
const CARD = '4111111111111111';
/** An OSC 8 link around "click", and a CSI that clears the screen, beside an address and a card number. */
const NASTY = `mail ${EMAIL} card ${CARD} \u001b]8;;https://evil.test/\u001b\\click\u001b]8;;\u001b\\ then \u001b[2J cleared`;

const AGENT = `let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const nasty = ${JSON.stringify(NASTY)};
  // A failed run's error quotes the command's last stderr lines.
  if (input.includes('please fail')) {
    process.stderr.write(nasty + '\\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ outcome: 'completed', output: nasty, tool_calls: [{ name: 'lookup', arguments: { q: nasty }, result: { r: nasty } }] }) + '\\n');
});
`;

const SUITE = `suite: s
tools: [{ name: lookup }]
cases:
  - { id: quoted, input: "hello", expect: { outcome: completed, output: { contains: nothing-like-it } } }
  - { id: errs, input: "please fail", expect: { outcome: completed, output: { contains: anything } } }
`;

/** What a terminal would act on (ESC, a C1 CSI or OSC) or what redaction hides, found in a command's output. */
function unsafe(text: string): string[] {
  return [
    ...(/[\u001b\u009b\u009d]/.test(text) ? ['a raw escape'] : []),
    ...[EMAIL, CARD].filter((pii) => text.includes(pii)),
  ];
}

describe('agent text holding PII and escapes, printed by each command', () => {
  it('are neither raw escapes nor readable PII in eval, compare, baseline update and show, report, card, review or replay', async () => {
    const dir = makeProject({ 'agentready.config.yaml': 'target: { adapter: exec, command: [node, agent.js] }\nsuites: [s.suite.yaml]\n', 'agent.js': AGENT, 's.suite.yaml': SUITE });
    const first = await runCli(dir, ['eval', '--no-gate']);
    const firstRun = latestRunDir(dir);
    const second = await runCli(dir, ['eval', '--no-gate']);
    const secondRun = latestRunDir(dir);
    // The agent's text reached what eval prints: the failing output is quoted (escaped, redacted).
    expect(first.stdout).toContain('[email]');
    expect(first.stdout).toMatch(/s\/quoted.*\[email\] card \[card\]/s);
    expect(first.stdout).toMatch(/AGENT_EXITED.*\[email\]/);
    const traceOf = (id: string) => readJsonl<{ case_id: string; trace_id: string }>(dir, 'results.jsonl').find((row) => row.case_id === id)!.trace_id;
    const commands: Array<[string, string[]]> = [
      ['compare', ['compare', firstRun, secondRun]],
      ['baseline update', ['baseline', 'update', '--force']],
      ['baseline show', ['baseline', 'show']],
      ['report', ['report', '--since', '7d']],
      ['card', ['card']],
      ['review', ['review']],
      ['replay', ['replay', traceOf('quoted')]],
      ['replay <run>/<case-id>', ['replay', `${secondRun}/quoted`]],
      ['replay --live', ['replay', '--live', traceOf('errs')]],
    ];
    const printed: Record<string, string[]> = { eval: unsafe(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}`) };
    for (const [name, args] of commands) {
      const run = await runCli(dir, args);
      // Not refused (exit 2): replay --live of the failing case ends in its harness error (exit 3).
      expect([0, 1, 3], `${name}: ${run.stderr}`).toContain(run.exitCode);
      printed[name] = unsafe(`${run.stdout}${run.stderr}`);
    }
    expect(printed).toEqual(Object.fromEntries(['eval', ...commands.map(([name]) => name)].map((name) => [name, []])));
  });
});
