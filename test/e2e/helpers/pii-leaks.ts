/**
 * The PII the redaction e2e tests feed the leaky agent (test/unit/common/pii-corpus.ts), its
 * suite, and the check that none of it is readable in what agentready wrote or printed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FORMS_FOUND_OUTSIDE, leaks, PII_KINDS, PII_SAMPLES, type PiiSample } from '../../unit/common/pii-corpus.js';

/** Up to four samples of each kind, and the forms outside trials found printed as written. */
const CORPUS_SAMPLES = PII_SAMPLES.filter((s) => !FORMS_FOUND_OUTSIDE.includes(s));
export const SAMPLES = [...PII_KINDS.flatMap((kind) => CORPUS_SAMPLES.filter((s) => s.kind === kind).slice(0, 4)), ...FORMS_FOUND_OUTSIDE];

// Every third case throws, every third fails its output check, the rest pass: the PII shows up
// in errors, failure messages and the details of passing cases alike.
export const LEAKY_SUITE = `suite: leaky
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

export interface Output {
  path: string;
  text: string;
}

/** Every file under `dir`, with its text. */
export function filesUnder(dir: string): Output[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Text of the samples that is not secret ("example" of api.example.com): found in a file, it is no leak. */
const NOT_SECRET = SAMPLES.map((sample) => sample.secrets.reduce((text, secret) => text.replace(secret, ' '), sample.text)).join('\n');

/** The samples still readable somewhere, each with where and what: a whole secret, or one of its runs of 6+ characters. */
export function leaksIn(outputs: readonly Output[], samples: readonly PiiSample[]): string[] {
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
