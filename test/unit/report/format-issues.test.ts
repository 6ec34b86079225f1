import { describe, expect, it } from 'vitest';
import { validateSuiteSource } from '../../../src/config/index.js';
import type { ConfigIssue } from '../../../src/errors.js';
import { formatConfigIssues } from '../../../src/report/format-issues.js';

const SUITE = `suite: tier1-support
tools:
  - name: lookup_order
  - name: issue_refund
cases:
  - id: refund-double-charge
    input: "I was charged twice"
    expect:
      outcome: complete
  - id: second
    input: hi
    mocks:
      - tool: lookup_ordr
        result: {}
    expect: { outcome: completed }
`;

function issuesOf(source: string, file: string): ConfigIssue[] {
  const result = validateSuiteSource(source, file);
  return result.ok ? result.warnings : result.issues;
}

describe('formatConfigIssues', () => {
  it('prints the first 50 problems in full and counts the rest per file, the header counting all', () => {
    const issue = (file: string, line: number): ConfigIssue => ({ file, line, column: 9, path: `cases[${line}].id`, code: 'duplicate_id', message: 'duplicate', expected: 'a unique id', found: '"a"' });
    const issues = [...Array.from({ length: 10_000 }, (_, i) => issue('evals/a.suite.yaml', i + 1)), issue('evals/b.suite.yaml', 1), { ...issue('evals/b.suite.yaml', 2), severity: 'warning' as const }];
    const text = formatConfigIssues(issues, { color: false, cwd: '/repo' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('agentready: 10001 problems and 1 warning in 2 files');
    expect(lines.filter((line) => line.includes('expected  a unique id'))).toHaveLength(50);
    expect(text).toContain('evals/a.suite.yaml:50:9 ');
    expect(text).not.toContain('evals/a.suite.yaml:51:9');
    expect(lines.at(-4)).toBe('… and 9,951 more problems and 1 more warning not shown (9,950 in evals/a.suite.yaml, 2 in evals/b.suite.yaml)');
    expect(lines.length).toBeLessThan(400);
  });

  it('renders one file the way STYLE.md shows', () => {
    const issues = issuesOf(SUITE, 'evals/refunds.suite.yaml');
    expect(formatConfigIssues(issues, { color: false, cwd: '/repo' })).toMatchInlineSnapshot(`
      "agentready: evals/refunds.suite.yaml has 2 problems

      evals/refunds.suite.yaml:9:16  cases[0].expect.outcome
        expected  one of completed | partial | escalated | clarified | refused: did you mean "completed"?
        found     "complete"
           9 |       outcome: complete
             |                ^^^^^^^^

      evals/refunds.suite.yaml:13:15  cases[1].mocks[0].tool
        expected  a tool declared under \`tools:\`: did you mean "lookup_order"? (lookup_order, issue_refund)
        found     "lookup_ordr"
          13 |       - tool: lookup_ordr
             |               ^^^^^^^^^^^

      Fix the file, then run \`agentready validate\` to check it without running the agent.
      "
    `);
  });

  it('counts files, labels warnings, and shows absolute paths relative to cwd', () => {
    const warning: ConfigIssue = {
      file: '/repo/policy.yaml', line: 3, column: 11, endColumn: 22, path: 'rules[0].tool', code: 'unknown_tool',
      message: 'm', expected: 'a tool declared in a suite', found: '"delete_user"', severity: 'warning',
      sourceLine: '    tool: delete_user',
    };
    const error: ConfigIssue = { file: 'agentready.config.yaml', line: 1, column: 1, path: '', code: 'x', message: 'the file is empty' };
    expect(formatConfigIssues([error, warning], { color: false, cwd: '/repo' })).toMatchInlineSnapshot(`
      "agentready: 1 problem and 1 warning in 2 files

      agentready.config.yaml:1:1
        problem   the file is empty

      policy.yaml:3:11  warning  rules[0].tool
        expected  a tool declared in a suite
        found     "delete_user"
          3 |     tool: delete_user
            |           ^^^^^^^^^^^

      Fix the files, then run \`agentready validate\` to check them without running the agent.
      "
    `);
  });

  it('names the file to fix when it is not the one the problem is reported in (an agent module that does not parse)', () => {
    const syntax: ConfigIssue = {
      file: '/repo/agentready.config.yaml', line: 1, column: 36, path: 'target.module', code: 'module_syntax',
      message: 'the agent module agent.mjs does not parse', found: '"agent.mjs" (agent.mjs:4:1: Unexpected end of file)', fixIn: '/repo/agents/agent.mjs',
    };
    const text = formatConfigIssues([syntax], { color: false, cwd: '/repo' });
    expect(text).toContain('agentready.config.yaml:1:36  target.module');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Fix agents/agent.mjs, then run `agentready validate` to check it without running the agent.');
    const suite: ConfigIssue = { file: 'evals/a.suite.yaml', line: 2, column: 1, path: '', code: 'x', message: 'm' };
    expect(formatConfigIssues([syntax, suite], { color: false, cwd: '/repo' }).trimEnd().split('\n').at(-1)).toBe('Fix agents/agent.mjs, evals/a.suite.yaml, then run `agentready validate` to check them without running the agent.');
  });

  it('windows a long line around the offending column and drops the footer for warnings only', () => {
    const long: ConfigIssue = {
      file: 'a.yaml', line: 2, column: 121, endColumn: 126, path: 'x', code: 'c', message: 'm',
      expected: 'e', found: '"bad"', severity: 'warning', sourceLine: `${'a'.repeat(120)}bad!!${'b'.repeat(100)}`,
    };
    const text = formatConfigIssues([long], { color: false, cwd: '/' });
    const [source, carets] = text.split('\n').slice(-3, -1);
    expect(source!.indexOf('bad')).toBe(carets!.indexOf('^'));
    expect(carets!.trimEnd().endsWith('^^^^^')).toBe(true);
    expect(source).toMatch(/\| …a+bad!!b+…$/);
    expect(text.startsWith('agentready: a.yaml has 1 warning\n')).toBe(true);
    expect(text).not.toContain('Fix the');
  });

  it('cuts an unknown key a whole pasted line long, in the path, expected and found alike (one problem printed 100 kB)', () => {
    const key = 'k'.repeat(50_000);
    const [issue] = issuesOf(`suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n${key}: 1\n`, 'evals/s.suite.yaml');
    expect(issue).toMatchObject({ line: 5, column: 1, code: 'unrecognized_keys' });
    const text = formatConfigIssues([issue!], { color: false, cwd: '/' });
    expect(text.length).toBeLessThan(2_000);
    expect(text.split('\n')[2]).toMatch(/^evals\/s\.suite\.yaml:5:1 {2}k+…$/);
    expect(text).toMatch(/expected {2}no key "k+… here \(allowed: /);
  });

  it('places the carets by the cells the line takes before them: wide characters, emoji and combining marks, in a window that cuts no character', () => {
    const issue = (sourceLine: string, column: number, endColumn: number): ConfigIssue => ({
      file: 'a.jsonl', line: 1, column, endColumn, path: 'x', code: 'c', message: 'm', expected: 'e', found: 'f', severity: 'error', sourceLine,
    });
    const frame = (one: ConfigIssue) => formatConfigIssues([one], { color: false, cwd: '/' }).split('\n').slice(-5, -3);
    // The cells of the shown line before "bad", and under it.
    for (const before of ['退款已处理', 'e\u0301e\u0301 ok', '🎉🎉 done', 'plain']) {
      const line = `{"output":"${before}","bad":1}`;
      const at = line.indexOf('"bad"');
      const [source, carets] = frame(issue(line, at + 1, at + 6));
      const cells = (text: string) => [...text].reduce((sum, ch) => sum + (/\p{Mn}/u.test(ch) ? 0 : /[\u4e00-\u9fff]|\p{Emoji_Presentation}/u.test(ch) ? 2 : 1), 0);
      expect(source!.slice(0, source!.indexOf('"bad"'))).toBe(`    1 | ${line.slice(0, at)}`);
      expect(carets).toBe(`      | ${' '.repeat(cells(line.slice(0, at)))}^^^^^`);
    }
    // A long line of emoji cut where a window edge falls inside one: no half character is shown.
    const emoji = `${'🎉'.repeat(60)}"bad"${'🎉'.repeat(60)}`;
    const [cut] = frame(issue(emoji, 122, 127));
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('prints control characters and bidi overrides in the line as visible escapes, the carets under the value as printed, and cuts no escape in two', () => {
    const issue = (sourceLine: string, column: number, endColumn: number): ConfigIssue => ({
      file: 'a.yaml', line: 1, column, endColumn, path: 'x', code: 'c', message: 'm', expected: 'e', found: 'f', severity: 'error', sourceLine,
    });
    const frame = (one: ConfigIssue) => formatConfigIssues([one], { color: false, cwd: '/' }).split('\n').slice(-5, -3);
    const line = 'tier: "\x1b[31m\u202eread\u2028\tx" bad';
    const at = line.indexOf('bad');
    const [source, carets] = frame(issue(line, at + 1, at + 4));
    expect(source).toBe('    1 | tier: "\\x1b[31m\\u202eread\\u2028 x" bad');
    expect(carets).toBe(`      | ${' '.repeat(source!.indexOf('bad') - 8)}^^^`);
    // A window edge that falls inside an escape moves to its end: no `x1b` is shown without its backslash.
    // What was found, quoted as JSON (which leaves a bidi override raw), shows it escaped too.
    expect(formatConfigIssues([{ ...issue(line, at + 1, at + 4), found: JSON.stringify('\x1b[31m\u202eread\u2028') }], { color: false, cwd: '/' })).toContain('  found     "\\u001b[31m\\u202eread\\u2028"\n');
    const long = `${'\x1b'.repeat(40)}-bad${'a'.repeat(100)}`;
    const [cut, under] = frame(issue(long, 42, 45));
    expect(cut).toMatch(/^ {4}1 \| …(\\x1b)+-bad/);
    expect(cut!.indexOf('bad')).toBe(under!.indexOf('^'));
  });

  it('takes secrets out of what was found (a ${VAR} from the environment holds a key once read), the code frame showing the file as written', () => {
    const issue: ConfigIssue = {
      file: '/p/agentready.config.yaml', line: 8, column: 15, endColumn: 27, path: 'run.timeout_ms', code: 'invalid_type', message: 'not a number',
      expected: 'a number', found: '"sk-proj-abcdefghijklmnop0123456789ABCDEFGHIJ"', sourceLine: '  timeout_ms: ${AGENT_KEY}',
    };
    const text = formatConfigIssues([issue], { color: false, cwd: '/p' });
    expect(text).toContain('  found     "[secret]"\n    8 |   timeout_ms: ${AGENT_KEY}\n');
    expect(text).not.toContain('sk-proj-');
  });

  it('colours only when asked', () => {
    const issues = issuesOf(SUITE, 's.yaml');
    expect(formatConfigIssues(issues, { color: false, cwd: '/' })).not.toContain('\u001b[');
    expect(formatConfigIssues(issues, { color: true, cwd: '/' })).toContain('\u001b[31m');
  });
});
