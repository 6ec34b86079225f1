// A traces file saved with a UTF-8 byte order mark (PowerShell 5's `Out-File -Encoding utf8`)
// reads as the same file without it, JSONL or OTLP.
import { describe, expect, it } from 'vitest';
import { readTracesToScore } from '../../../src/run/traces-file.js';

const line = JSON.stringify({ trace_id: 't1', case_id: 'a', outcome: 'completed', output: 'ok', duration_ms: 1, tool_calls: [], usage: [] });
const suites = [{ name: 's', cases: [{ id: 'a', fingerprint: 'fp' }] }] as never;

describe('readTracesToScore with a byte order mark', () => {
  it('reads the file as it reads it without the mark', () => {
    const plain = readTracesToScore({ text: `${line}\n`, file: 't.jsonl', suites, unlabeled: false });
    const marked = readTracesToScore({ text: `\uFEFF${line}\n`, file: 't.jsonl', suites, unlabeled: false });
    expect(plain.ok).toBe(true);
    expect(marked).toEqual(plain);
  });
});
