import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';
import { inDomains } from '../../../src/common/domains.js';
import { domainEntryProblem } from '../../../src/config/domain-entries.js';

/** The issues loadConfig reports for a project with this suite body and policy. */
async function issuesFor(suiteCases: string, policy = 'rules: []\n'): Promise<ConfigIssue[]> {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-matchers-'));
  writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, a.js] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n');
  writeFileSync(join(dir, 'a.js'), '');
  writeFileSync(join(dir, 'policy.yaml'), policy);
  writeFileSync(
    join(dir, 's.suite.yaml'),
    `suite: s\ntools:\n  - name: issue_refund\n    parameters: { type: object, properties: { amount: {}, customer: {} } }\ncases:\n${suiteCases}`,
  );
  try {
    await loadConfig({ names: namesRedactionChanges, cwd: dir, env: {} });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

/** The warnings of a project with this suite body (issue_refund declared with no parameters) and no policy. */
async function suiteWarnings(suiteCases: string): Promise<ConfigIssue[]> {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-matchers-'));
  writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, a.js] }\nsuites: [s.suite.yaml]\n');
  writeFileSync(join(dir, 'a.js'), '');
  writeFileSync(join(dir, 's.suite.yaml'), `suite: s\ntools:\n  - name: issue_refund\ncases:\n${suiteCases}`);
  return (await loadConfig({ names: namesRedactionChanges, cwd: dir, env: {} })).warnings;
}

const CASE = (args: string) => `  - id: a\n    input: x\n    expect: { tools: [{ name: issue_refund, args: ${args} }] }\n`;

describe('matchers that cannot mean what they say', () => {
  it('a doubled-letter operator in a policy rule is an error at that key', async () => {
    const issues = await issuesFor(CASE('{ amount: 1 }'), 'rules:\n  - { id: cap, tool: issue_refund, deny_if: { "arguments.amount": { gtt: 10 } } }\n');
    expect(issues).toEqual([
      expect.objectContaining({ file: expect.stringContaining('policy.yaml'), line: 2, code: 'unknown_operator', expected: expect.stringContaining('gt') }),
    ]);
    // Worded as a spelled-out operator is: the operator meant, and what the literal key does there.
    expect(issues[0]!.expected).toMatch(/^an operator: did you mean "gt"\? \("gtt" is compared as a literal key, so the rule never fires; operators: eq, /);
  });

  it('a doubled-letter operator in a suite names the operator meant and what the literal does there (no rule to fire)', async () => {
    const issues = await issuesFor(CASE('{ amount: { regx: "^1" } }'));
    expect(issues.map((i) => [i.code, i.found])).toEqual([['unknown_operator', '"regx"']]);
    expect(issues[0]!.expected).toMatch(/^an operator: did you mean "regex"\? \("regx" is compared as a literal key, so the object matches only a value equal to it; operators: eq, /);
  });

  it('an operand past a double\'s range (1e999, .inf) is quoted as the number it reads as, not as JSON\'s null', async () => {
    const issues = await issuesFor(CASE('{ amount: { lt: .inf } }'), 'rules:\n  - { id: cap, tool: issue_refund, deny_if: { "arguments.amount": { gt: 1e999 } } }\n');
    expect(issues.map((i) => [i.code, i.expected, i.found])).toEqual([
      ['invalid_operator', 'a number', 'Infinity'],
      ['invalid_operator', 'a number', 'Infinity'],
    ]);
  });

  it('a domain_in entry that is no domain name (a wildcard, a URL, an address) is an error at it, naming the domain meant', async () => {
    // Before: valid, and the matcher never held with it: deny_if { domain_in: ["*.evil.io"] } let a@x.evil.io through.
    expect(inDomains('a@x.evil.io', ['*.evil.io'])).toBe(false);
    expect(inDomains('a@x.evil.io', ['evil.io'])).toBe(true);
    const policy = 'rules:\n  - { id: mail, tool: issue_refund, deny_if: { "arguments.customer": { domain_in: ["*.evil.io", evil.example, "https://bad.io/x", "", .ok.io, "@ok.io", OK.IO.] } } }\n';
    const issues = await issuesFor(CASE('{ customer: { domain_in: ["a@example.com"] } }'), policy);
    expect(issues.map((i) => [i.file.endsWith('policy.yaml') ? 'policy' : 'suite', i.path, i.code, (i.expected ?? '').replace('a domain name such as example.com (its subdomains are included)', '…'), i.found])).toEqual([
      ['policy', 'rules[0].deny_if["arguments.customer"].domain_in[0]', 'invalid_domain', '…: did you mean "evil.io"?', '"*.evil.io"'],
      ['policy', 'rules[0].deny_if["arguments.customer"].domain_in[2]', 'invalid_domain', '…: did you mean "bad.io"?', '"https://bad.io/x"'],
      ['policy', 'rules[0].deny_if["arguments.customer"].domain_in[3]', 'invalid_domain', '…', '""'],
      ['suite', 'cases[0].expect.tools[0].args.customer.domain_in[0]', 'invalid_domain', '…: did you mean "example.com"?', '"a@example.com"'],
    ]);
    expect(issues[0]!.message).toBe('domain_in entry "*.evil.io" is no domain name, so no address or URL is in it: a deny_if never denies by it, an allow_only denies every call');
  });

  it('validate accepts a domain_in entry exactly when the matcher reads a domain in it (one reading of an entry)', () => {
    // Spaces around the leading @ or dot: validate read " @example.com" as example.com while the matcher read "@example.com"
    // (a deny_if that never denied, validated), and refused "@ example.com", which the matcher read as example.com.
    const entries = [' @example.com', '@ example.com', ' .example.com ', 'Example.COM.', '@example.com', 'example.com', '*.example.com', 'https://example.com', '@@example.com', ' ', '@'];
    const readings = entries.map((entry) => [entry, domainEntryProblem(entry) === undefined, inDomains('a@mail.example.com', [entry])]);
    expect(readings.filter(([, accepted, matches]) => accepted !== matches)).toEqual([]);
    expect(readings.filter(([, accepted]) => accepted).map(([entry]) => entry)).toEqual([' @example.com', '@ example.com', ' .example.com ', 'Example.COM.', '@example.com', 'example.com']);
  });

  it('operators mixed with plain keys, a wrong operand type and a bad regex are errors', async () => {
    const issues = await issuesFor(CASE('{ amount: { lte: "abc", foo: 1 } }') + CASE('{ amount: { lte: "abc" } }').replace('id: a', 'id: b') + CASE('{ amount: { regex: "([a-z" } }').replace('id: a', 'id: c'));
    expect(issues.map((i) => i.code)).toEqual(['mixed_matcher', 'invalid_operator', 'invalid_regex']);
  });

  it('every regex of an output check is compiled as the run compiles it: an error at that pattern, with its line and column', async () => {
    const issues = await issuesFor(`  - id: a
    input: x
    expect: { output: { regex: "([" } }
  - id: b
    input: x
    expect:
      output: { regex: [ok, "a{"] }
      alternatives: [{ outcome: escalated, output: { regex: "\\\\-" } }]
  - id: c
    turns:
      - user: hi
        expect: { output: { regex: "(" } }
    expect: {}
    adversarial_expect: { prompt_injection: { output: { regex: "[" } } }
`);
    expect(issues.map((i) => [i.path, i.line, i.column, i.code, i.found])).toEqual([
      ['cases[0].expect.output.regex', 8, 32, 'invalid_regex', '"(["'],
      ['cases[1].expect.output.regex[1]', 12, 29, 'invalid_regex', '"a{"'],
      ['cases[1].expect.alternatives[0].output.regex', 13, 61, 'invalid_regex', '"\\\\-"'],
      ['cases[2].turns[0].expect.output.regex', 17, 36, 'invalid_regex', '"("'],
      ['cases[2].adversarial_expect.prompt_injection.output.regex', 19, 64, 'invalid_regex', '"["'],
    ]);
    expect(issues[0]!.message).toMatch(/^regex does not compile: Invalid regular expression/);
  });

  it('a regex written as a /pattern/flags literal is a warning at it, naming the pattern alone: it is matched as text', async () => {
    const warnings = await suiteWarnings(`  - id: a\n    input: x\n    expect: { output: { regex: ["/refund of/i", "/api/v1/", "/api/v1/sum", "/usr/gym", "/a/ii", "/[/]x/u"] } }\n`);
    // A pattern between slashes with no flags after them (a path) is a pattern like any other.
    // Nor is a path of more folders whose last is made of flag letters (/api/v1/sum: a literal's pattern holds no bare "/"), nor a flag
    // twice; a path of one folder (/usr/gym) reads as a literal, and a "/" in a class is a literal's.
    expect(warnings.map((w) => [w.path, w.line, w.code, w.severity, w.found])).toEqual([
      ['cases[0].expect.output.regex[0]', 7, 'regex_literal', 'warning', '"/refund of/i"'],
      ['cases[0].expect.output.regex[3]', 7, 'regex_literal', 'warning', '"/usr/gym"'],
      ['cases[0].expect.output.regex[5]', 7, 'regex_literal', 'warning', '"/[/]x/u"'],
    ]);
    expect(warnings[0]!.expected).toBe('the pattern alone, "refund of": it is taken as written (flag u), so the slashes and the flags i would have to appear in the text; for either case write a class, [Rr]efund of');
  });

  it('a matcher regex valid only without the u flag is an error, as the run would never match it', async () => {
    const issues = await issuesFor(CASE('{ amount: { regex: "\\\\-" } }'));
    expect(issues.map((i) => i.code)).toEqual(['invalid_regex']);
  });

  it('an operator spelled as a word (greater: 100) in a suite is a warning naming the operator, not silence', async () => {
    const warnings = await suiteWarnings(CASE('{ amount: { greater: 100 }, range: { min: 1, max: 5 } }'));
    // min/max stay literals, and a tool argument may be such an object: a warning only.
    expect(warnings).toEqual([
      expect.objectContaining({ file: expect.stringContaining('s.suite.yaml'), line: 7, code: 'spelled_out_operator', expected: expect.stringMatching(/^the operator gt \(as written, .* never fires\)$/), severity: 'warning' }),
    ]);
  });

  it('an operator spelled as a word in a policy rule is an error at the key, naming the operator meant: the rule could never fire', async () => {
    const issues = await issuesFor(CASE('{ amount: 1 }'), 'rules:\n  - { id: cap, tool: issue_refund, deny_if: { "arguments.amount": { greater: 100 } } }\n  - { id: few, tool: issue_refund, allow_only: { "arguments.amount": { at_least: 1, at_most: 5 } } }\n');
    expect(issues.map(({ line, column, path, code, found, severity }) => ({ line, column, path, code, found, severity }))).toEqual([
      { line: 2, column: 69, path: 'rules[0].deny_if["arguments.amount"].greater', code: 'unknown_operator', found: '"greater"', severity: undefined },
      { line: 3, column: 72, path: 'rules[1].allow_only["arguments.amount"].at_least', code: 'unknown_operator', found: '"at_least"', severity: undefined },
    ]);
    expect(issues[0]!.expected).toMatch(/^an operator: did you mean "gt"\? \("greater" is compared as a literal key, so the rule never fires; operators: eq, /);
  });

  it('an operator as another language names it (ge, le, MongoDB\'s $gt, a sign ">=") in a policy rule is an error naming the operator: the rule never fired, and validate said Valid', async () => {
    const rule = (id: string, matcher: string) => `  - { id: ${id}, tool: issue_refund, deny_if: { "arguments.amount": ${matcher} } }`;
    const issues = await issuesFor(CASE('{ amount: 1 }'), ['rules:', rule('a', '{ ge: 100 }'), rule('b', '{ le: 0 }'), rule('c', '{ $gt: 100 }'), rule('d', '{ ">=": 100 }'), rule('e', '{ "!=": 5 }'), ''].join('\n'));
    expect(issues.map(({ path, code, expected }) => [path, code, expected?.match(/did you mean "(\w+)"/)?.[1]])).toEqual([
      ['rules[0].deny_if["arguments.amount"].ge', 'unknown_operator', 'gte'],
      ['rules[1].deny_if["arguments.amount"].le', 'unknown_operator', 'lte'],
      ['rules[2].deny_if["arguments.amount"].$gt', 'unknown_operator', 'gt'],
      ['rules[3].deny_if["arguments.amount"][">="]', 'unknown_operator', 'gte'],
      ['rules[4].deny_if["arguments.amount"]["!="]', 'unknown_operator', 'ne'],
    ]);
    // In a suite, a warning, as a word's is; a key an object inherits is no operator word.
    expect((await suiteWarnings(CASE('{ amount: { le: 20 }, other: { constructor: 1 } }'))).map((w) => [w.code, w.expected])).toEqual([
      ['spelled_out_operator', expect.stringMatching(/^the operator lte /)],
    ]);
  });

  it('in a policy rule, a key that is an argument\'s name or one of a literal\'s keys is no spelled-out operator: no error, no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-matchers-'));
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, a.js] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n');
    writeFileSync(join(dir, 'a.js'), '');
    writeFileSync(join(dir, 's.suite.yaml'), `suite: s\ntools:\n  - name: search\n    parameters: { type: object, properties: { pattern: {}, target: {} } }\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n`);
    writeFileSync(join(dir, 'policy.yaml'), [
      'rules:',
      // The whole `arguments` is a map of the call's arguments: `pattern` is one of them.
      '  - { id: everything, tool: search, deny_if: { arguments: { pattern: "*" } } }',
      '  - { id: src-only, tool: search, allow_only: { arguments: { pattern: { regex: "^src/" } } } }',
      // A literal object with keys of its own, one of them a word an operator may be written as.
      '  - { id: host, tool: search, deny_if: { "arguments.target": { domain: evil.example, port: 443 } } }',
      '',
    ].join('\n'));
    const config = await loadConfig({ names: namesRedactionChanges, cwd: dir, env: {} });
    expect(config.warnings).toEqual([]);
  });

  it('in a suite, a one-key literal whose key is an operator word but holds an object is no spelled-out operator (an Elasticsearch-style query)', async () => {
    expect(await suiteWarnings(CASE('{ customer: { match: { title: refund } }, amount: { filter: { pattern: { term: x } } } }'))).toEqual([]);
    // Its string inside may still be one, nested or not.
    expect((await suiteWarnings(CASE('{ customer: { match: { title: { pattern: "^re" } } } }'))).map((w) => [w.code, w.path])).toEqual([
      ['spelled_out_operator', 'cases[0].expect.tools[0].args.customer.match.title.pattern'],
    ]);
  });

  it('plain objects with ordinary keys stay literals', async () => {
    expect(await issuesFor(CASE('{ customer: { id: "c-9", net: 20, items: [{ sku: a }] } }'))).toEqual([]);
  });

  it('two policy rules with one id are an error', async () => {
    const issues = await issuesFor(CASE('{ amount: 1 }'), 'rules:\n  - { id: cap, tool: issue_refund, require: [arguments.amount] }\n  - { id: cap, tool: issue_refund, require: [arguments.amount] }\n');
    expect(issues).toEqual([expect.objectContaining({ code: 'duplicate_rule_id', line: 3 })]);
  });
});
