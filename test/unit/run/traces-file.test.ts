// The problems of a traces file as `score` prints them: redacted, the carets of the code frame still under the value.
import { describe, expect, it } from 'vitest';
import { redactDeep } from '../../../src/common/redact-deep.js';
import { formatConfigIssues, SHOWN_ISSUES } from '../../../src/report/format-issues.js';
import { printedTraceIssues, redactedTraceIssues } from '../../../src/run/traces-file.js';
import type { ConfigIssue } from '../../../src/errors.js';

const issue = (sourceLine: string, value: string): ConfigIssue => {
  const column = sourceLine.indexOf(value) + 1;
  return { file: 't.jsonl', line: 1, column, endColumn: column + value.length, path: 'outcome', code: 'invalid_value', message: 'bad', expected: 'an outcome', found: value, sourceLine };
};

/** The code frame's two lines as printed. */
const frame = (issues: ConfigIssue[]) => formatConfigIssues(issues, { color: false, cwd: '/' }).split('\n').filter((line) => / \d* \| /.test(line));

describe('redactedTraceIssues', () => {
  it('keeps the frame as it was when the line redacts only after the carets', () => {
    const line = '{"outcome": "completd", "output": "mail jane.doe@example.com"}';
    const [shown] = redactedTraceIssues([issue(line, '"completd"')], redactDeep);
    expect(shown).toMatchObject({ column: 13, endColumn: 23, sourceLine: '{"outcome": "completd", "output": "mail [email]"}' });
    expect(frame([shown!])[1]).toBe(`      | ${' '.repeat(12)}${'^'.repeat(10)}`);
  });

  it('puts the carets under the value in the redacted line when a placeholder comes before it, the location staying the file\'s', () => {
    const line = '{"output": "mail jane.doe@example.com now", "outcome": "completd"}';
    const [shown] = redactedTraceIssues([issue(line, '"completd"')], redactDeep);
    expect(shown).toMatchObject({ column: line.indexOf('"completd"') + 1, sourceLine: '{"output": "mail [email] now", "outcome": "completd"}' });
    const [text, carets] = frame([shown!]);
    expect(text).toBe('    1 | {"output": "mail [email] now", "outcome": "completd"}');
    expect(carets!.indexOf('^') - '    1 | '.length).toBe('{"output": "mail [email] now", "outcome": '.length);
    expect(carets!.match(/\^+/)?.[0]).toBe('^'.repeat('"completd"'.length));
    // The value redacted itself: the carets cover its placeholder.
    const under = '{"case_id": "jane.doe@example.com", "outcome": "completed"}';
    const [hidden] = redactedTraceIssues([issue(under, '"jane.doe@example.com"')], redactDeep);
    expect(frame([hidden!])[1]).toBe(`      | ${' '.repeat(12)}${'^'.repeat('"[email]"'.length)}`);
  });

  it("keeps the file's path as the user typed it, an address in its name too: the location names the file (was [email]:1:13)", () => {
    const line = '{"output": "mail jane.doe@example.com", "outcome": "completd"}';
    const typed = { ...issue(line, '"completd"'), file: 'traces/jane.doe@example.com.jsonl' };
    const [shown] = redactedTraceIssues([typed], redactDeep);
    expect(shown!.file).toBe('traces/jane.doe@example.com.jsonl');
    expect(shown!.sourceLine).toBe('{"output": "mail [email]", "outcome": "completd"}');
    const [, counted] = printedTraceIssues([typed, typed], { deep: redactDeep, shown: 1 });
    expect(counted!.file).toBe('traces/jane.doe@example.com.jsonl');
  });

  it('changes nothing without redaction', () => {
    const line = '{"output": "mail jane.doe@example.com", "outcome": "completd"}';
    expect(redactedTraceIssues([issue(line, '"completd"')], (value) => value)).toEqual([issue(line, '"completd"')]);
  });
});

describe('printedTraceIssues', () => {
  // 60 problems, the last on line 12,345 (the gutter is as wide as the widest line number, shown or not).
  const line = '{"output": "mail jane.doe@example.com now", "outcome": "completd"}';
  const issues = Array.from({ length: 60 }, (_, i) => ({ ...issue(line, '"completd"'), line: i === 59 ? 12_345 : i + 1 }));

  it('prints what redacting every problem printed: the shown ones redacted, the rest counted, the gutter as wide', () => {
    const printed = printedTraceIssues(issues, { deep: redactDeep, shown: SHOWN_ISSUES });
    const all = redactedTraceIssues(issues, redactDeep);
    expect(formatConfigIssues(printed, { color: false, cwd: '/', hint: 'fix' })).toBe(formatConfigIssues(all, { color: false, cwd: '/', hint: 'fix' }));
    expect(printed).toHaveLength(60);
    expect(printed.slice(0, SHOWN_ISSUES)).toEqual(all.slice(0, SHOWN_ISSUES));
  });

  it('keeps none of what the agent recorded in the problems past those shown', () => {
    const rest = printedTraceIssues(issues, { deep: redactDeep, shown: SHOWN_ISSUES }).slice(SHOWN_ISSUES);
    expect(rest.map((i) => [i.file, i.line, i.code, i.sourceLine, i.found])).toEqual(issues.slice(SHOWN_ISSUES).map((i) => ['t.jsonl', i.line, 'invalid_value', undefined, undefined]));
    expect(JSON.stringify(rest)).not.toContain('jane.doe');
  });
});
