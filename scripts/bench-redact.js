// npm run bench:redact [-- path/to/redact.ts]: the redactor on 10,000 strings like the values of a
// run's traces: clean ones (ids, statuses, timestamps, tool arguments, answers, look-alikes) and
// dirty ones (the PII corpus of test/unit/common/pii-corpus.ts inside answers). Prints the CPU
// time (steadier than wall time on a shared machine) of 9 rounds, median and least, for
// all-clean, all-dirty and a 90/10 mix, and the first call (loading included).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = resolve(import.meta.dirname, '..');
const modulePath = resolve(process.argv[2] ?? join('src/common/redact.ts'));
const N = 10_000;
const ROUNDS = 9;

const { LOOK_ALIKES, PII_SAMPLES } = await import(pathToFileURL(resolve(REPO, 'test/unit/common/pii-corpus.ts')).href);

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const pick = (items) => items[Math.floor(random() * items.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
const number = (max) => String(Math.floor(random() * max));

const CLEAN = [
  () => pick(['completed', 'refused', 'escalated', 'error', 'timeout', 'passed', 'failed']),
  () => `${pick(['refund', 'lookup', 'cancel', 'address'])}-${number(500)}`,
  () => hex(32),
  () => new Date(1_700_000_000_000 + Math.floor(random() * 1e10)).toISOString(),
  () => JSON.stringify({ order_id: number(100000), amount: Number(number(50000)) / 100, currency: 'USD' }),
  () => `Order ${number(100000)} has shipped and should arrive on ${new Date(1_700_000_000_000 + Math.floor(random() * 1e10)).toISOString().slice(0, 10)}.`,
  () => `I refunded $${number(500)}.${number(99)} for order ${number(100000)}; the customer was charged twice on the 3rd.`,
  () => 'The customer asked where the parcel is. I looked the order up: it left the warehouse yesterday and the carrier expects to deliver it within two working days. No refund is needed.',
  () => `outcome: expected outcome completed, got refused (expected "completed", found "refused") after ${number(5000)} ms`,
  () => `gpt-4o-mini · ${number(4000)} input tokens · ${number(800)} output tokens · $0.00${number(9999)}`,
  () => pick(LOOK_ALIKES).text,
];
const DIRTY = [() => pick(PII_SAMPLES).text, () => `Thanks for waiting. ${pick(PII_SAMPLES).text} Anything else I can do?`];

const make = (makers, n) => Array.from({ length: n }, () => pick(makers)());
const sets = {
  clean: make(CLEAN, N),
  dirty: make(DIRTY, N),
  mixed: Array.from({ length: N }, () => (random() < 0.9 ? pick(CLEAN)() : pick(DIRTY)())),
};

const loadStart = performance.now();
const { redact } = await import(pathToFileURL(modulePath).href);
const loaded = performance.now() - loadStart;
const firstStart = performance.now();
redact(PII_SAMPLES.find((s) => s.kind === 'phone').text);
const first = performance.now() - firstStart;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`redact from ${modulePath}: import ${loaded.toFixed(1)} ms, first call ${first.toFixed(1)} ms`);
for (const [name, values] of Object.entries(sets)) {
  for (const value of values) redact(value);
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (const value of values) redact(value);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  const chars = values.reduce((sum, v) => sum + v.length, 0);
  console.log(`  ${name.padEnd(5)} ${N} strings (${(chars / 1000).toFixed(0)} k chars): ${median(times).toFixed(1)} ms CPU (median of ${ROUNDS}; least ${Math.min(...times).toFixed(1)})`);
}

function join(...parts) {
  return resolve(REPO, ...parts);
}
