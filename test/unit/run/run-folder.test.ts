// RunFolder: each line written as the UTF-8 bytes of its JSON text and a newline, where
// appendResult says it sits, whatever its characters and length, alone or in a batch.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult, PolicyDecision, Trace } from '../../../src/config/schema/index.js';
import { jsonText } from '../../../src/common/sanitize.js';
import { UsageError } from '../../../src/errors.js';
import { DECISIONS_FILE, RESULTS_FILE, RunFolder, TRACES_FILE } from '../../../src/run/run-folder.js';

const result = (id: string, message?: string): CaseResult => ({
  suite: 's', case_id: id, attempt: 1, trace_id: `t-${id}`, fingerprint: 'f', tags: [], status: 'passed', duration_ms: 1, cost_usd: 0,
  model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [], ...(message === undefined ? {} : { error: { code: 'X', message } }),
});
const trace = (id: string, output: string) => ({ trace_id: `t-${id}`, suite: 's', case_id: id, attempt: 1, output }) as unknown as Trace;
const decision = (tool: string) => ({ tool, decision: 'allow' }) as unknown as PolicyDecision;

function folder(): RunFolder {
  return RunFolder.create(mkdtempSync(join(tmpdir(), 'agentready-folder-')), { format: 'agentready-results', version: 1, run_id: 'r', fingerprint: 'f', started_at: '2026-01-01T00:00:00.000Z' });
}

describe('RunFolder', () => {
  it.each(['.agentready', '.agentready/runs'])('says which file stands where the run folders go (%s), as the user\'s to fix, not a bug', (file) => {
    const project = mkdtempSync(join(tmpdir(), 'agentready-folder-'));
    mkdirSync(join(project, '.agentready'), { recursive: true });
    if (file === '.agentready') rmSync(join(project, '.agentready'), { recursive: true });
    writeFileSync(join(project, file), '');
    const create = () => RunFolder.create(join(project, '.agentready', 'runs'), { format: 'agentready-results', version: 1, run_id: 'r', fingerprint: 'f', started_at: '2026-01-01T00:00:00.000Z' });
    expect(create).toThrow(UsageError);
    // The path is shown from the current folder (relative or absolute, whichever shownPath picks): its end is the same either way.
    expect(create).toThrow(`${basename(project)}/${file} is a file, so no folder can be made there`);
  });

  it('writes every line whole and where it said, characters of 2, 3 and 4 bytes and lines longer than a buffer included', () => {
    const run = folder();
    const texts = ['plain', 'é ü', '€ 中文', '😀 🎉', 'x'.repeat(40_000), '😀'.repeat(30_000), 'ok'];
    const at: { offset: number; length: number }[] = [];
    at.push(run.appendResult(result('alone', texts[1])));
    run.batch(() => {
      texts.forEach((text, i) => {
        at.push(run.appendResult(result(`c${i}`, text)));
        run.appendTrace(trace(`c${i}`, text));
      });
      // Held until the batch returns; a decision in the same batch too.
      run.appendDecision(decision('😀'));
      expect(readFileSync(join(run.dir, TRACES_FILE), 'utf8')).toBe('');
    });
    at.push(run.appendResult(result('after', texts[5])));
    run.appendDecision(decision('next'));
    run.close();

    const bytes = readFileSync(join(run.dir, RESULTS_FILE));
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    const ids = ['alone', ...texts.map((_, i) => `c${i}`), 'after'];
    expect(lines.slice(1).map((line) => (JSON.parse(line) as CaseResult).case_id)).toEqual(ids);
    // Each line read back from where appendResult said it is, to its newline.
    at.forEach(({ offset, length }, i) => {
      const line = bytes.subarray(offset, offset + length).toString('utf8');
      expect(line.endsWith('\n')).toBe(true);
      expect(line).toBe(`${JSON.stringify(result(ids[i]!, [texts[1], ...texts, texts[5]][i]))}\n`);
    });
    expect(readFileSync(join(run.dir, TRACES_FILE), 'utf8')).toBe(texts.map((text, i) => `${JSON.stringify(trace(`c${i}`, text))}\n`).join(''));
    expect(readFileSync(join(run.dir, DECISIONS_FILE), 'utf8')).toBe(`${JSON.stringify(decision('😀'))}\n${JSON.stringify(decision('next'))}\n`);
  });

  it('writes what may act on a terminal or reorder a line (C1 controls, bidi overrides, line separators) escaped, as jsonText does, and the rest as it is', () => {
    const run = folder();
    // Each unsafe character beside characters of 2, 3 and 4 bytes, and one line long enough to grow the buffer when escaped.
    // DEL is the one of them that is ASCII: a line holding it and nothing else past ASCII is as many bytes as characters.
    const texts = ['é \u009b[2J', '\u202egnp.exe', '中 \u2028 😀', 'ascii only \u001b[31m', `${'\u2066'.repeat(9_000)}end`, 'ascii DEL \u007f[2J'];
    const at: { offset: number; length: number }[] = [];
    run.batch(() => texts.forEach((text, i) => at.push(run.appendResult(result(`c${i}`, text)))));
    at.push(run.appendResult(result('alone', texts[1])));
    run.close();
    const bytes = readFileSync(join(run.dir, RESULTS_FILE));
    const expected = [...texts, texts[1]!].map((text, i) => `${jsonText(result(i < texts.length ? `c${i}` : 'alone', text))}\n`);
    expect(bytes.toString('utf8').split('\n').slice(1).join('\n')).toBe(expected.join(''));
    expect(expected[1]).toContain('\\u202egnp.exe');
    expect(expected[5]).toContain('\\u007f[2J');
    at.forEach(({ offset, length }, i) => expect(bytes.subarray(offset, offset + length).toString('utf8')).toBe(expected[i]));
    // Read back, each is the value written.
    expect(expected.map((line) => (JSON.parse(line) as CaseResult).error?.message)).toEqual([...texts, texts[1]]);
  });

  it('writes the lines of a batch that threw, and holds none for the next', () => {
    const run = folder();
    expect(() =>
      run.batch(() => {
        run.appendTrace(trace('a', 'first'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    run.batch(() => run.appendTrace(trace('b', 'second')));
    run.close();
    expect(readFileSync(join(run.dir, TRACES_FILE), 'utf8')).toBe(`${JSON.stringify(trace('a', 'first'))}\n${JSON.stringify(trace('b', 'second'))}\n`);
  });
});
