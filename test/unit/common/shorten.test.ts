// Shortening untrusted text (common/shorten.ts) before it is redacted: wherever a secret or PII
// sits and wherever the cut falls, what is kept and then redacted shows no part of it, for every
// sample of the PII corpus; and the owners that shorten agent text (the log ring, the stderr
// splitter's oversized lines, the quoted stderr tail, the `found` of a recorded trace's bad value) do so through it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentLog, withLastLines } from '../../../src/adapters/agent-log.js';
import { LOG_LINE_MAX_CHARS, LogRing, lastLines } from '../../../src/adapters/log-ring.js';
import { redact, redactSecrets } from '../../../src/common/redact.js';
import { redactedSpans, withoutSplitSecrets } from '../../../src/common/redact-spans.js';
import { CUT_LOOKAHEAD_CHARS, cutIndex, cutWith, excerpt, quoteFound, shorten } from '../../../src/common/shorten.js';
import { parseRecordedTraces } from '../../../src/run/recorded-traces.js';
import { PII_SAMPLES, type PiiSample } from './pii-corpus.js';

/** Runs of 6 characters of the sample's secrets that its other text does not hold: what must never be readable. */
function fragmentsOf(sample: PiiSample): string[] {
  const context = sample.secrets.reduce((text, secret) => text.replace(secret, ' '), sample.text);
  const runs = new Set<string>();
  for (const secret of sample.secrets) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      const run = secret.slice(i, i + 6);
      // Blank runs and placeholders' words say nothing of the secret.
      if (run.trim().length === 6 && !context.includes(run) && !/^[\s\n]|[\s\n]$/.test(run)) runs.add(run);
    }
  }
  return [...runs];
}

/** The fragments of `sample` readable in `output` (placeholders blanked). */
function readable(sample: PiiSample, output: string): string[] {
  const text = output.replace(/\[[a-z]+\]/g, ' ');
  return fragmentsOf(sample).filter((run) => text.includes(run));
}

/** Samples the redactor hides whole (the corpus's point); each with filler the secret can sit after. */
const SAMPLES = PII_SAMPLES.filter((sample) => readable(sample, redact(sample.text)).length === 0);
const FILLER = fc.array(fc.constantFrom('lorem', 'ipsum', 'dolor', 'sit', 'amet', 'the', 'run', 'went', 'fine', '.', ','), { maxLength: 12 }).map((words) => (words.length === 0 ? '' : `${words.join(' ')} `));
/** A text with a sample at a random offset, and a cut length anywhere in it. */
const PLACED = fc.record({ sample: fc.constantFrom(...SAMPLES), before: FILLER, after: FILLER, at: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ sample, before, after, at }) => {
  const text = `${before}${sample.text} ${after}`;
  return { sample, text, max: Math.round(at * text.length) };
});

describe('shorten, cutWith, excerpt', () => {
  it('checks most of the corpus: the samples the redactor hides whole', () => {
    expect(SAMPLES.length).toBeGreaterThan(PII_SAMPLES.length * 0.9);
  });

  it('never keeps a part of a secret that redaction would then miss, at any offset and any cut', () => {
    fc.assert(
      fc.property(PLACED, ({ sample, text, max }) => {
        expect(readable(sample, redact(shorten(text, max)))).toEqual([]);
        expect(readable(sample, redact(excerpt(text, max)))).toEqual([]);
        expect(readable(sample, redact(cutWith(text, { max, mark: () => '… [line cut]' })))).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps at most the length asked for, the whole text when it fits, and cuts where it was asked when nothing straddles', () => {
    fc.assert(
      fc.property(PLACED, ({ text, max }) => {
        const cut = cutIndex(text, max);
        expect(cut).toBeLessThanOrEqual(Math.max(max, 0));
        expect(shorten(text, max).length).toBeLessThanOrEqual(Math.max(max, text.length <= max ? text.length : 1));
        if (text.length <= max) expect(shorten(text, max)).toBe(text);
        const spans = redactedSpans(text);
        if (!spans.some((span) => span.start < max && span.end > max) && max < text.length) expect(cut).toBe(max);
      }),
      { numRuns: 500 },
    );
  });

  it('moves the cut back to where an email or a key starts, and not past a surrogate pair', () => {
    const text = 'contact maria.gonzalez@example.org now';
    expect(shorten(text, 20)).toBe('contact …');
    expect(excerpt('key sk-proj-abcdef0123456789abcdef7890 end', 15)).toBe('key …');
    expect(shorten('ab😀cd', 4)).toBe('ab…');
    expect(redactedSpans(`mail ${'x'.repeat(3)} bob@x.com and +1 415 555 0132`)).toEqual([
      { start: 9, end: 18 },
      { start: 23, end: 38 },
    ]);
  });

  it('reads only so far past the cut', () => {
    // A secret that starts past the look-ahead is not looked at; one that starts before the cut is.
    const text = `${'a '.repeat(50)}admin@corp.example.com ${'b'.repeat(CUT_LOOKAHEAD_CHARS * 2)}`;
    expect(cutIndex(text, 105)).toBe(100);
  });
});

describe('withoutSplitSecrets', () => {
  /** The samples whose secrets `redactSecrets` takes out (a cassette's redaction keeps PII). */
  const SECRET_SAMPLES = SAMPLES.filter((sample) => readable(sample, redactSecrets(sample.text)).length === 0);

  it('takes out a secret whose piece holds it whole but not the key that makes it one (fast-check seed 186811151)', () => {
    for (const pieces of [['export DB', '_PASS=Tr0ub4dor3'], ['', 'export DB_', 'PASS=Tr0ub4dor3']]) {
      const redacted = withoutSplitSecrets(pieces).map(redactSecrets).join('');
      expect(redacted).not.toContain('ub4d');
      expect(redacted).toContain('[secret]');
    }
  });

  it('leaves no part of a secret split over pieces that are then redacted one by one, wherever the splits fall', () => {
    expect(SECRET_SAMPLES.length).toBeGreaterThan(40);
    const SPLIT = fc.record({ sample: fc.constantFrom(...SECRET_SAMPLES), cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }) });
    fc.assert(
      fc.property(SPLIT, ({ sample, cuts }) => {
        const at = [...new Set(cuts.map((cut) => Math.round(cut * sample.text.length)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((start, i) => sample.text.slice(start, [...at, sample.text.length][i]));
        expect(pieces.join('')).toBe(sample.text);
        const redacted = withoutSplitSecrets(pieces).map(redactSecrets);
        expect(readable(sample, redacted.join(''))).toEqual([]);
      }),
      { numRuns: 800 },
    );
  });
});

describe('the owners that shorten agent text', () => {
  const key = 'sk-proj-abcdef0123456789abcdef7890';
  const email = 'maria.gonzalez@example.org';

  it('the log ring cuts a long line where no key is cut in two', () => {
    const ring = new LogRing();
    ring.push(`${'x '.repeat((LOG_LINE_MAX_CHARS - 10) / 2)}${key} tail`, ['t']);
    const [line] = ring.linesFor('t');
    expect(line!.endsWith('… [line cut]')).toBe(true);
    expect(redact(line!)).not.toMatch(/sk-proj|abcdef/);
  });

  it("the stderr splitter's oversized line and the quoted tail hide an email at the cut", () => {
    const log = new AgentLog();
    log.started('t');
    const splitter = log.stderrSplitter();
    splitter.push(`${'y '.repeat(97)}${email} ${'z'.repeat(70_000)}\n`);
    splitter.push(`${'w '.repeat(247)}${email}\n`);
    const lines = log.linesFor('t');
    expect(lines[0]!.endsWith('[line cut]')).toBe(true);
    const quoted = log.withTail('agent exited');
    for (const text of [...lines, quoted]) expect(redact(text)).not.toMatch(/maria|gonzalez|example\.org/);
    const ring = new LogRing();
    ring.push(`Error: ${'v '.repeat(244)}${email}`, []);
    expect(redact(withLastLines({ message: 'died', ring, label: 'last lines', quote: excerpt }))).not.toMatch(/maria|gonzalez/);
  });

  it("a recorded trace's bad value is quoted as found with no part of a key or an email the cut would split", () => {
    const value = `${'q '.repeat(35)}${email} ${key}`;
    const line = JSON.stringify({ case_id: 'a', outcome: value });
    const { issues } = parseRecordedTraces(`${line}\n`, 'traces.jsonl');
    const found = issues.find((issue) => issue.path === 'outcome')?.found;
    expect(found).toMatch(/^"(q ){35}…$/);
    expect(redact(found!)).not.toMatch(/maria|gonzalez|abcdef/);
    expect(quoteFound(undefined)).toBe('nothing');
  });

  it('quotes a number past a double (1e400 in a traces file, read as Infinity) as one, not as JSON\'s null', () => {
    expect(quoteFound(Infinity)).toBe('a number out of range (Infinity)');
    expect(quoteFound(-Infinity)).toBe('a number out of range (-Infinity)');
    const { issues } = parseRecordedTraces('{"case_id":"a","outcome":"completed","duration_ms":1e400}\n', 'traces.jsonl');
    expect(issues.map((i) => i.found)).toEqual(['a number out of range (Infinity)']);
  });

  it('a window of the last lines does not start inside a private key whose first line it leaves out', () => {
    const body = ['MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK'];
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
    const lines = ['booting', ...pem, 'after the key'];
    expect(lastLines(lines, 3)).toEqual(['after the key']);
    expect(lastLines(lines, 5)).toEqual(lines.slice(-5));
    const ring = new LogRing(3);
    for (const line of lines) ring.push(line, ['t']);
    ring.note('a note', ['t']);
    expect(ring.tail(3)).toEqual(['after the key']);
    expect(ring.linesFor('t')).toEqual(['after the key', 'a note']);
    const whole = new LogRing();
    for (const line of lines) whole.push(line, ['t']);
    expect(whole.tail(3)).toEqual(['after the key']);
    const quoted = redact(withLastLines({ message: 'died', ring: whole, label: 'last lines', quote: excerpt }));
    for (const line of body) expect(quoted).not.toContain(line.slice(10, 30));
  });
});
