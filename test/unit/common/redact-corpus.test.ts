// The redactor against a labeled corpus (pii-corpus.ts): how much PII of each kind it removes
// (recall) and how many look-alikes it leaves as written. Prints the figures per kind.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { leaks, LOOK_ALIKES, PII_KINDS, PII_SAMPLES } from './pii-corpus.js';

describe('redaction corpus', () => {
  it('has at least 150 PII samples in 16 kinds and 60 look-alikes, every secret inside its text', () => {
    expect(PII_SAMPLES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(PII_SAMPLES.map((s) => s.kind)).size).toBe(16);
    expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(60);
    for (const sample of PII_SAMPLES) for (const secret of sample.secrets) expect(sample.text).toContain(secret);
    // The leak check itself: an untouched sample leaks every secret.
    for (const sample of PII_SAMPLES) expect(leaks(sample, sample.text), sample.text).not.toEqual([]);
  });

  it('removes >= 99% of the PII (every kind >= 90%) and keeps >= 95% of the look-alikes as written', () => {
    const missed: string[] = [];
    const rows = PII_KINDS.map((kind) => {
      const samples = PII_SAMPLES.filter((s) => s.kind === kind);
      let caught = 0;
      for (const sample of samples) {
        const output = redact(sample.text);
        const left = leaks(sample, output);
        if (left.length === 0) caught++;
        else missed.push(`${kind}: ${JSON.stringify(output)} still shows ${left.join(', ')}`);
      }
      return { kind, samples: samples.length, caught, recall: caught / samples.length };
    });
    const changed = LOOK_ALIKES.filter((l) => redact(l.text) !== l.text).map((l) => `${l.kind}: ${JSON.stringify(l.text)} -> ${JSON.stringify(redact(l.text))}`);

    const total = PII_SAMPLES.length;
    const caught = rows.reduce((sum, row) => sum + row.caught, 0);
    const survival = (LOOK_ALIKES.length - changed.length) / LOOK_ALIKES.length;
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(
      [
        'redaction corpus: recall per kind',
        ...rows.map((r) => `  ${r.kind.padEnd(13)} ${String(r.caught).padStart(3)}/${String(r.samples).padEnd(3)} ${pct(r.recall).padStart(6)}`),
        `  ${'overall'.padEnd(13)} ${String(caught).padStart(3)}/${String(total).padEnd(3)} ${pct(caught / total).padStart(6)}`,
        `look-alikes kept as written: ${LOOK_ALIKES.length - changed.length}/${LOOK_ALIKES.length} (${pct(survival)})`,
        ...missed.map((m) => `  missed ${m}`),
        ...changed.map((c) => `  changed ${c}`),
      ].join('\n'),
    );

    expect(caught / total).toBeGreaterThanOrEqual(0.99);
    for (const row of rows) expect(row.recall, row.kind).toBeGreaterThanOrEqual(0.9);
    expect(survival).toBeGreaterThanOrEqual(0.95);
  });

  it('removes >= 99% of the PII inside JSON-escaped text too, as in the policy log\'s summary of a call\'s arguments', () => {
    const missed = PII_SAMPLES.filter((sample) => leaks(sample, redact(JSON.stringify({ query: sample.text }))).length > 0);
    expect(missed.map((s) => s.text)).toEqual([]);
  });
});
