import { describe, expect, it } from 'vitest';
import { pickSubset } from '../../../src/config/adversarial/random.js';
import { expandSuite, expansionSettings, familiesWithoutVariants, type ExpansionSettings } from '../../../src/config/expand-adversarial.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { REFUND_CASE, shippedPayloads, suiteOf, TOOLS } from './expand-adversarial-helpers.js';

const SETTINGS: ExpansionSettings = { seed: 1, maxInputChars: 100, variantsPerCase: { prompt_injection: 3 }, hostsTools: true };
const PAYLOADS = shippedPayloads();

const SUITE = `suite: s
adversarial: [prompt_injection, malformed_input]
context_schema: { type: object, required: [customer_id] }
${TOOLS}cases:
${REFUND_CASE}  - id: hello
    input: "hi there, where is my parcel?"
    expect: { outcome: clarified }
`;

function expanded(source = SUITE, settings = SETTINGS) {
  const { suite, written } = suiteOf(source);
  return expandSuite({ suite, written, payloads: PAYLOADS, settings });
}

describe('expandSuite', () => {
  it('follows each base case with its variants, numbered per category', () => {
    const ids = expanded().cases.map((c) => c.id);
    expect(ids.slice(0, 5)).toEqual(['refund', 'refund~prompt_injection-1', 'refund~prompt_injection-2', 'refund~prompt_injection-3', 'refund~malformed_input-1']);
    expect(ids.filter((id) => id.startsWith('refund~malformed_input-'))).toHaveLength(PAYLOADS.malformed_input.length);
    expect(ids.indexOf('hello')).toBe(1 + 3 + PAYLOADS.malformed_input.length);
    expect(ids.at(-1)).toMatch(/^hello~malformed_input-\d+$/);
  });

  it('makes a malformed_input variant of a conversation the malformed message alone: its clarified/refused is judged on the answer to it, not after clean turns', () => {
    const suite = expanded(`suite: s
adversarial: [prompt_injection, malformed_input]
${TOOLS}cases:
  - id: conv
    turns: [{ user: "hello there" }, { user: "order 1234 please" }]
    expect: { outcome: completed }
`);
    const malformed = suite.cases.filter((c) => c.id.startsWith('conv~malformed_input-'));
    expect(malformed.length).toBeGreaterThan(0);
    for (const kase of malformed) expect(kase.turns, kase.id).toEqual([{ user: kase.input }]);
    // An injection still opens the whole conversation: the target must stay uncalled to its end.
    const injected = suite.cases.find((c) => c.id === 'conv~prompt_injection-1')!;
    expect(injected.turns?.map((t) => t.user)).toEqual([injected.input, 'order 1234 please']);
  });

  it('tags variants adversarial and adversarial:<category>, keeps base tags, risk and location, and marks their origin', () => {
    const suite = expanded();
    const base = suite.cases[0]!;
    const variant = suite.cases.find((c) => c.id === 'refund~prompt_injection-2')!;
    expect(variant.tags).toEqual(['refund', 'adversarial', 'adversarial:prompt_injection']);
    expect(variant.risk).toBe('high');
    expect(variant.location).toEqual(base.location);
    expect(variant.adversarial).toMatchObject({ category: 'prompt_injection', base_case: 'refund' });
    expect(variant.description).toMatch(/^prompt_injection [a-z0-9_.-]+@(input|tool_result) of refund$/);
    expect(base.adversarial).toBeUndefined();
  });

  it('gives every variant its own stable fingerprint and changes the suite fingerprint', () => {
    const { suite: plain } = suiteOf(SUITE);
    const once = expanded();
    const again = expanded();
    const prints = once.cases.map((c) => c.fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    expect(again.cases.map((c) => c.fingerprint)).toEqual(prints);
    expect(once.fingerprint).not.toBe(plain.fingerprint);
    expect(again.fingerprint).toBe(once.fingerprint);
  });

  it('chooses payloads as a pure function of seed, case id and category', () => {
    const payloadsOf = (suite: ReturnType<typeof expanded>, base: string) =>
      suite.cases.filter((c) => c.adversarial?.base_case === base && c.adversarial.category === 'prompt_injection').map((c) => c.adversarial!.payload);
    const seed1 = expanded();
    expect(payloadsOf(expanded(), 'refund')).toEqual(payloadsOf(seed1, 'refund'));
    const seed2 = expanded(SUITE, { ...SETTINGS, seed: 2 });
    expect(payloadsOf(seed2, 'refund')).not.toEqual(payloadsOf(seed1, 'refund'));
    expect(payloadsOf(seed1, 'hello')).not.toEqual(payloadsOf(seed1, 'refund'));
    // Same ids whatever the seed: baselines keep comparing variant n with variant n.
    expect(seed2.cases.map((c) => c.id)).toEqual(seed1.cases.map((c) => c.id));
  });

  it('lets a case choose its own categories ([] for none)', () => {
    const source = SUITE.replace('  - id: hello\n', '  - id: hello\n    adversarial: []\n').replace('    tags: [refund]\n', '    tags: [refund]\n    adversarial: [malformed_input]\n');
    const ids = expanded(source).cases.map((c) => c.id);
    expect(ids.some((id) => id.includes('prompt_injection'))).toBe(false);
    expect(ids.filter((id) => id.startsWith('hello'))).toEqual(['hello']);
    expect(ids.filter((id) => id.startsWith('refund~malformed_input'))).toHaveLength(PAYLOADS.malformed_input.length);
  });

  it('expands a case that asks for variants when its suite asks for none', () => {
    const source = SUITE.replace('adversarial: [prompt_injection, malformed_input]\n', '').replace('  - id: hello\n', '  - id: hello\n    adversarial: [missing_context]\n');
    const ids = expanded(source).cases.map((c) => c.id);
    expect(ids).toEqual(['refund', 'hello']); // hello has no customer_id to remove
  });

  it('applies a case\'s adversarial_expect over the derived expectation, key by key', () => {
    const source = SUITE.replace('    tags: [refund]\n', '    tags: [refund]\n    adversarial_expect: { malformed_input: { outcome: escalated } }\n');
    const variant = expanded(source).cases.find((c) => c.id === 'refund~malformed_input-1')!;
    expect(variant.expect).toEqual({ outcome: 'escalated', budgets: { max_tool_calls: 4 } });
  });

  it('tallies what each family asked for made, in the order first asked, and why a family made none', () => {
    const source = SUITE.replace('  - id: hello\n', '  - id: hello\n    adversarial: [missing_context, tool_failure, malformed_input]\n');
    const suite = expanded(source);
    const made = (category: string) => suite.cases.filter((c) => c.adversarial?.category === category).length;
    expect(suite.variants).toEqual([
      { category: 'prompt_injection', count: 3 },
      { category: 'malformed_input', count: made('malformed_input') },
      { category: 'missing_context', count: 0, none: 'no case that asks for it has a field that context_schema requires in its `context`' },
      { category: 'tool_failure', count: 0, none: 'no case that asks for it expects a tool call (`expect.tools`) that could fail' },
    ]);
    expect(made('malformed_input')).toBe(2 * PAYLOADS.malformed_input.length);
    const bare = expanded(source.replace(/context_schema:.*\n/, '').replace('adversarial: [prompt_injection, malformed_input]', 'adversarial: [rate_limit]'));
    expect(bare.variants).toEqual([
      { category: 'rate_limit', count: PAYLOADS.rate_limit.length },
      { category: 'missing_context', count: 0, none: 'no case that asks for it has a field in its `context`' },
      { category: 'tool_failure', count: 0, none: 'no case that asks for it expects a tool call (`expect.tools`) that could fail' },
      { category: 'malformed_input', count: PAYLOADS.malformed_input.length },
    ]);
  });

  it('names a family only the suite asks for, when every case chooses its own list without it', () => {
    const source = SUITE.replace('  - id: hello\n', '  - id: hello\n    adversarial: []\n').replace('    tags: [refund]\n', '    tags: [refund]\n    adversarial: [malformed_input]\n');
    expect(expanded(source).variants?.[0]).toEqual({ category: 'prompt_injection', count: 0, none: 'every case chooses its own `adversarial:` list, without it' });
  });

  it('warns of each family that made no variant where it is asked for: the suite\'s list, else the first case\'s', () => {
    const source = SUITE.replace('  - id: hello\n', '  - id: hello\n    adversarial: [malformed_input, missing_context]\n')
      .replace('adversarial: [prompt_injection, malformed_input]', 'adversarial: [prompt_injection, tool_failure]')
      .replace(/    expect:\n      outcome: completed\n      tools:\n.*\n.*\n/, '    expect:\n      outcome: completed\n');
    const { suite, written } = suiteOf(source);
    const withVariants = expandSuite({ suite, written, payloads: PAYLOADS, settings: SETTINGS });
    const issues = familiesWithoutVariants({ suite: withVariants, written, yaml: parseYaml({ source, file: 'evals/a.suite.yaml' }).yaml });
    expect(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.code} ${i.severity}`)).toEqual([
      'evals/a.suite.yaml:2:33 adversarial[1] no_variants warning',
      `evals/a.suite.yaml:${source.split('\n').indexOf('    adversarial: [malformed_input, missing_context]') + 1}:36 cases[1].adversarial[1] no_variants warning`,
    ]);
    expect(issues[0]).toMatchObject({ expected: 'tool_failure variants of at least one case', found: 'none: no case that asks for it expects a tool call (`expect.tools`) that could fail' });
  });

  it('returns a suite that asks for nothing as it is', () => {
    const { suite, written } = suiteOf(SUITE.replace('adversarial: [prompt_injection, malformed_input]\n', ''));
    expect(expandSuite({ suite, written, payloads: PAYLOADS, settings: SETTINGS })).toBe(suite);
  });
});

describe('expansionSettings', () => {
  it('defaults to run.seed 1, 20000 characters and 8 injections per case', () => {
    expect(expansionSettings({})).toEqual({ seed: 1, maxInputChars: 20_000, variantsPerCase: { prompt_injection: 8 }, hostsTools: true });
  });

  it('takes a number for every category, or a map over the defaults', () => {
    expect(expansionSettings({ run: { seed: 9 }, adversarial: { variants_per_case: 2, max_input_chars: 50 } })).toEqual({
      seed: 9,
      maxInputChars: 50,
      variantsPerCase: { prompt_injection: 2, missing_context: 2, malformed_input: 2, rate_limit: 2, tool_failure: 2 },
      hostsTools: true,
    });
    expect(expansionSettings({ adversarial: { variants_per_case: { malformed_input: 3 } } }).variantsPerCase)
      .toEqual({ prompt_injection: 8, malformed_input: 3 });
  });
});

describe('under the exec target (no tool host)', () => {
  const EXEC = { ...SETTINGS, hostsTools: false, variantsPerCase: { prompt_injection: 1000 } };
  const FAULTY = `suite: s
adversarial: [prompt_injection, rate_limit, tool_failure, malformed_input]
${TOOLS}cases:
${REFUND_CASE}`;

  it('is what expansionSettings reads from target.adapter', () => {
    expect(expansionSettings({ target: { adapter: 'exec', command: ['node', 'a.js'] } }).hostsTools).toBe(false);
    expect(expansionSettings({ target: { adapter: 'stdio', command: ['node', 'a.js'] } }).hostsTools).toBe(true);
  });

  it('generates no rate_limit or tool_failure variant, says why where the suite asks for them, and injects into the input only', () => {
    const { suite, written } = suiteOf(FAULTY);
    const hosted = expandSuite({ suite, written, payloads: PAYLOADS, settings: { ...EXEC, hostsTools: true } });
    const exec = expandSuite({ suite, written, payloads: PAYLOADS, settings: EXEC });
    const families = (s: typeof exec) => s.variants!.map(({ category, count }) => [category, count > 0]);
    expect(families(hosted)).toEqual([['prompt_injection', true], ['rate_limit', true], ['tool_failure', true], ['malformed_input', true]]);
    expect(families(exec)).toEqual([['prompt_injection', true], ['rate_limit', false], ['tool_failure', false], ['malformed_input', true]]);
    expect(exec.cases.some((c) => c.adversarial?.payload.endsWith('@tool_result'))).toBe(false);
    expect(hosted.cases.some((c) => c.adversarial?.payload.endsWith('@tool_result'))).toBe(true);
    // The variants under exec carry no mock or fault of their own: the base case's, which exec ignores too.
    for (const c of exec.cases.filter((c) => c.adversarial)) expect([c.mocks, c.faults], c.id).toEqual([suite.cases[0]!.mocks, suite.cases[0]!.faults]);

    // Said where the suite asks for them by a rule, with the config's other problems (tool-host.test.ts), not again here.
    expect(exec.variants!.filter((v) => v.withoutToolHost).map((v) => [v.category, v.none])).toEqual([
      ['rate_limit', 'the exec target hosts no tools (its agent calls its own), so the 429s these variants inject would never reach it: none is generated under exec'],
      ['tool_failure', 'the exec target hosts no tools (its agent calls its own), so the failures and empty answers these variants inject would never reach it: none is generated under exec'],
    ]);
    expect(familiesWithoutVariants({ suite: exec, written, yaml: parseYaml({ source: FAULTY, file: 'a.suite.yaml' }).yaml })).toEqual([]);
  });

  it('counts a family only a case asks for as 0, not as absent', () => {
    const { suite, written } = suiteOf(`suite: s\n${TOOLS}cases:\n${REFUND_CASE}    adversarial: [tool_failure]\n`);
    expect(expandSuite({ suite, written, payloads: PAYLOADS, settings: EXEC }).variants).toMatchObject([{ category: 'tool_failure', count: 0, withoutToolHost: true }]);
  });
});

describe('pickSubset', () => {
  const items = Array.from({ length: 20 }, (_, i) => i);
  const key = { seed: 1, caseId: 'a', category: 'prompt_injection' };

  it('keeps everything, in order, when it fits', () => {
    expect(pickSubset(items, { limit: 20, key })).toEqual(items);
    expect(pickSubset(items, { limit: undefined, key })).toEqual(items);
  });

  it('picks `limit` distinct items in their original order, the same for the same key', () => {
    const picked = pickSubset(items, { limit: 5, key });
    expect(picked).toHaveLength(5);
    expect(new Set(picked).size).toBe(5);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    expect(pickSubset(items, { limit: 5, key: { ...key } })).toEqual(picked);
    expect(pickSubset(items, { limit: 5, key: { ...key, seed: 2 } })).not.toEqual(picked);
  });
});
