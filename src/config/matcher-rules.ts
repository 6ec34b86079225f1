/**
 * Matchers that cannot mean what they say: an operator with a value of the wrong type or a
 * regular expression that does not compile (an output check's `regex` too), operators mixed
 * with plain keys, and a key one letter away from an operator (`gtt`), which would otherwise be compared as a literal object
 * and silently never match — in a policy rule, a rule that never fires.
 */
import { z } from 'zod';
import { MATCHER_OPERATORS, OperatorMatcherSchema } from './schema/matcher.js';
import { operatorWord } from './operator-words.js';
import { domainEntryProblem } from './domain-entries.js';
import { issueAtKey, issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleCase, RuleContext } from './rules.js';
import type { YamlFile } from './parse-yaml.js';
import type { Salvaged } from './salvage.js';
import type { Expectation, OutputExpectation, WrittenCase } from './schema/suite.js';
import { regexProblem } from './user-regex.js';
import { meantHint } from './allowed-keys.js';
import { quote } from './expected-words.js';

const OPERATORS: readonly string[] = MATCHER_OPERATORS;

/** Every matcher position in the suites and the policy. */
export const matchersMeanSomething: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const check = new MatcherCheck({ ctx, yaml });
    // Only a case with a place a matcher can be in goes to ofCase, whose closures hold its index (RuleCase).
    const ofCase = (c: RuleCase, i: number) => {
      c.mocks?.forEach((mock, j) => check.map(mock?.when, ['cases', i, 'mocks', j, 'when']));
      c.expect?.tools?.forEach((call, j) => check.map(call?.args, ['cases', i, 'expect', 'tools', j, 'args']));
      c.expect?.forbid?.forEach((entry, j) => {
        if (entry && typeof entry === 'object') check.map(entry.args, ['cases', i, 'expect', 'forbid', j, 'args']);
      });
      if (typeof c.expect?.state === 'object') check.map(c.expect.state as Record<string, unknown>, ['cases', i, 'expect', 'state']);
      if (!mayHaveOutputChecks(c)) return;
      for (const { output, at } of outputChecks(c, ['cases', i])) {
        const patterns = output.regex;
        if (Array.isArray(patterns)) patterns.forEach((pattern, k) => check.regex(pattern, [...at, 'regex', k]));
        else check.regex(patterns, [...at, 'regex']);
      }
    };
    suite.cases?.forEach((c, i) => {
      if (c && (c.mocks || c.expect?.tools || c.expect?.forbid || typeof c.expect?.state === 'object' || mayHaveOutputChecks(c))) ofCase(c, i);
    });
  }
  const policy = ctx.policy;
  if (!policy) return;
  const check = new MatcherCheck({ ctx, yaml: policy.yaml, policy: true });
  policy.value.rules?.forEach((rule, i) => {
    check.conditions(rule?.deny_if, ['rules', i, 'deny_if']);
    check.conditions(rule?.allow_only, ['rules', i, 'allow_only']);
  });
};

type WrittenOutputChecks = NonNullable<Salvaged<OutputExpectation>>;

/** Whether a case has a place outputChecks looks in: most cases of a large suite have none, and nothing is made for them. */
function mayHaveOutputChecks(c: Salvaged<WrittenCase> | undefined): boolean {
  return c !== undefined && (c.expect?.output !== undefined || c.expect?.alternatives !== undefined || c.adversarial_expect !== undefined || c.turns !== undefined);
}

/**
 * Every output check of a case, where it is written: its expectation's, its alternatives', its
 * adversarial overrides', each turn's, and each scripted reply's `when`. A plain function, not a
 * generator, with paths built only for a check found: it runs for every case of a large suite.
 */
function outputChecks(c: Salvaged<WrittenCase> | undefined, at: PathKey[]): Array<{ output: WrittenOutputChecks; at: PathKey[] }> {
  const found: Array<{ output: WrittenOutputChecks; at: PathKey[] }> = [];
  if (!c) return found;
  const ofExpectation = (expect: Salvaged<Expectation> | undefined, path: PathKey[]) => {
    if (expect?.output) found.push({ output: expect.output, at: [...at, ...path, 'output'] });
    expect?.alternatives?.forEach((alternative, k) => {
      if (alternative?.output) found.push({ output: alternative.output, at: [...at, ...path, 'alternatives', k, 'output'] });
    });
  };
  ofExpectation(c.expect, ['expect']);
  if (c.adversarial_expect) for (const [category, expect] of Object.entries(c.adversarial_expect)) ofExpectation(expect, ['adversarial_expect', category]);
  c.turns?.forEach((turn, t) => {
    if (turn?.expect?.output) found.push({ output: turn.expect.output, at: [...at, 'turns', t, 'expect', 'output'] });
    if (!Array.isArray(turn?.user)) return;
    turn.user.forEach((reply, r) => {
      if (reply?.when?.output) found.push({ output: reply.when.output, at: [...at, 'turns', t, 'user', r, 'when', 'output'] });
    });
  });
  return found;
}

/** A matcher's problem, at `path`, with the value `found` there. */
interface MatcherProblem {
  path: PathKey[];
  code: string;
  message: string;
  expected: string;
  found: unknown;
}

/** The checks of one file's matchers: each reports where it is in `yaml`. */
class MatcherCheck {
  readonly ctx: RuleContext;
  readonly yaml: YamlFile;
  /** The policy's matchers: a spelled-out operator there is an error, as the rule would never fire. */
  readonly policy: boolean;

  constructor({ ctx, yaml, policy = false }: { ctx: RuleContext; yaml: YamlFile; policy?: boolean }) {
    this.ctx = ctx;
    this.yaml = yaml;
    this.policy = policy;
  }

  /** A `regex` that does not compile as the run compiles it (`config/user-regex.ts`). */
  regex(pattern: unknown, at: PathKey[]): void {
    const { ctx, yaml } = this;
    const problem = typeof pattern === 'string' ? regexProblem(pattern) : undefined;
    if (problem === undefined) {
      if (typeof pattern === 'string') this.regexLiteral(pattern, at);
      return;
    }
    ctx.report(issueAtPath({ yaml, path: at }, {
      path: z.core.toDotPath(at),
      code: 'invalid_regex',
      message: `regex does not compile: ${problem}`,
      expected: 'a JavaScript regular expression (with the u flag)',
      found: JSON.stringify(pattern),
    }));
  }

  /**
   * A warning at a `regex` written as a JavaScript literal with flags (`"/refund/i"`, as in JS and
   * promptfoo): the pattern is taken as written, so its slashes and flags must appear in the text.
   */
  private regexLiteral(pattern: string, at: PathKey[]): void {
    // A literal's pattern holds no bare "/" outside a class, and no flag twice: `/api/v1/sum` is a path ending in "sum".
    const literal = /^\/((?:[^/\\[]|\\.|\[(?:[^\]\\]|\\.)*\])+)\/([dgimsuvy]+)$/s.exec(pattern);
    if (literal === null || new Set(literal[2]).size !== literal[2]!.length) return;
    this.ctx.report(issueAtPath({ yaml: this.yaml, path: at }, {
      path: z.core.toDotPath(at),
      code: 'regex_literal',
      message: `regex ${JSON.stringify(pattern)} is written as a /pattern/flags literal, which is matched as text`,
      expected: `the pattern alone, ${JSON.stringify(literal[1])}: it is taken as written (flag u), so the slashes and the flags ${literal[2]} would have to appear in the text${literal[2]!.includes('i') ? `; for either case write a class, ${caseClass(literal[1]!)}` : ''}`,
      found: JSON.stringify(pattern),
      severity: 'warning',
    }));
  }

  /** Each `domain_in` entry that is no domain name (`*.example.com`): the matcher never holds with it. */
  domains(entries: unknown, at: PathKey[]): void {
    if (!Array.isArray(entries)) return;
    entries.forEach((entry, i) => {
      const problem = typeof entry === 'string' ? domainEntryProblem(entry) : undefined;
      if (problem === undefined) return;
      this.ctx.report(issueAtPath({ yaml: this.yaml, path: [...at, i] }, {
        path: z.core.toDotPath([...at, i]),
        code: 'invalid_domain',
        message: `domain_in entry ${JSON.stringify(entry)} is no domain name, so no address or URL is in it${this.policy ? ': a deny_if never denies by it, an allow_only denies every call' : ''}`,
        expected: `a domain name such as example.com (its subdomains are included)${problem.meant === undefined ? '' : `: did you mean "${problem.meant}"?`}`,
        found: JSON.stringify(entry),
      }));
    });
  }

  /** Each matcher of a map of them (a mock's `when`, a call's `args`, a policy rule's `deny_if`). */
  map(map: Record<string, unknown> | undefined, at: PathKey[]): void {
    if (!map || typeof map !== 'object') return;
    for (const [key, matcher] of Object.entries(map)) this.matcher(matcher, [...at, key]);
  }

  /**
   * Each matcher of a policy rule's conditions: one on the whole `arguments` or `context` (`arguments: {pattern: "*"}`)
   * is a map of their names, as a call's `args` is, its keys no operators (unless it is an operator object itself).
   */
  conditions(map: Record<string, unknown> | undefined, at: PathKey[]): void {
    if (!map || typeof map !== 'object') return;
    for (const [path, matcher] of Object.entries(map)) {
      const names = (path === 'arguments' || path === 'context') && matcher !== null && typeof matcher === 'object' && !Array.isArray(matcher) && !Object.keys(matcher).some((key) => OPERATORS.includes(key));
      if (names) this.map(matcher as Record<string, unknown>, [...at, path]);
      else this.matcher(matcher, [...at, path]);
    }
  }

  /** Reports what is wrong with one matcher, recursing into literal objects and arrays. */
  matcher(matcher: unknown, at: PathKey[]): void {
    const { ctx, yaml } = this;
    if (Array.isArray(matcher)) {
      matcher.forEach((item, i) => this.matcher(item, [...at, i]));
      return;
    }
    if (matcher === null || typeof matcher !== 'object') return;
    const keys = Object.keys(matcher);
    const operators = keys.filter((key) => OPERATORS.includes(key));
    const report = ({ path, code, message, expected, found }: MatcherProblem, at: typeof issueAtPath = issueAtPath) =>
      // `quote`: YAML's 1e999 and .inf as Infinity, not JSON's null (what the user wrote is a number).
      ctx.report(at({ yaml, path }, { path: z.core.toDotPath(path), code, message, expected, found: quote(found) }));

    if (operators.length > 0 && operators.length < keys.length) {
      const plain = keys.filter((key) => !OPERATORS.includes(key));
      report({ path: at, code: 'mixed_matcher', message: `matcher mixes operators (${operators.join(', ')}) with other keys (${plain.join(', ')})`, expected: `only operators (${OPERATORS.join(', ')}), or a plain value to compare whole`, found: matcher });
      return;
    }
    if (operators.length > 0) {
      const parsed = OperatorMatcherSchema.safeParse(matcher);
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        const key = issue.path[0] as string;
        report({ path: [...at, key], code: 'invalid_operator', message: `operator ${key}: ${issue.message}`, expected: describeOperator(key), found: (matcher as Record<string, unknown>)[key] });
      }
      this.regex((matcher as Record<string, unknown>).regex, [...at, 'regex']);
      this.domains((matcher as Record<string, unknown>).domain_in, [...at, 'domain_in']);
      return;
    }
    for (const key of keys) {
      const near = OPERATORS.find((operator) => looksLikeTypo(key, operator));
      if (near) {
        // Worded as a spelled-out operator's: the operator meant, then what the literal key does.
        const literally = this.policy ? 'so the rule never fires' : 'so the object matches only a value equal to it';
        report({ path: [...at, key], code: 'unknown_operator', message: `"${key}" is not a matcher operator, so this object would be compared literally`, expected: `an operator${meantHint(near)} ("${key}" is compared as a literal key, ${literally}; operators: ${OPERATORS.join(', ')})`, found: key }, issueAtKey);
        return;
      }
      const meant = operatorWord(key);
      if (meant && this.policy && operatorsMeant(matcher as Record<string, unknown>)) {
        // No tool argument of a rule's condition is meant as `{greater: 5}`: the rule would never fire, so it is no warning.
        report({ path: [...at, key], code: 'unknown_operator', message: `unknown operator "${key}": the object is compared literally, so this rule never fires`, expected: `an operator${meantHint(meant)} ("${key}" is compared as a literal key, so the rule never fires; operators: ${OPERATORS.join(', ')})`, found: key }, issueAtKey);
        return;
      }
      if (meant && keys.length === 1 && operatorsMeant(matcher as Record<string, unknown>)) {
        // A warning: an argument may really be an object with that one key. One holding an object
        // (`query: { match: { title: x } }`) is a literal of its own: no operator takes an object.
        ctx.report(issueAtKey({ yaml, path: [...at, key] }, {
          path: z.core.toDotPath([...at, key]),
          code: 'spelled_out_operator',
          message: `"${key}" is not a matcher operator: this object is compared literally, so it matches only a value equal to it (in a policy rule, a rule that never fires)`,
          expected: `the operator ${meant} (as written, the object is compared literally: in a policy rule, the rule never fires)`,
          found: JSON.stringify(key),
          severity: 'warning',
        }));
        return;
      }
      this.matcher((matcher as Record<string, unknown>)[key], [...at, key]);
    }
  }
}

/**
 * Whether a policy matcher's object of operator words (`{greater: 100}`, `{at_least: 1, at_most: 5}`) can only have meant
 * operators: every key is one and none holds an object (an operator takes a value or a list). `{domain: x.com, port: 443}`
 * or `{pattern: {regex: …}}` is a literal with keys of its own, compared as such.
 */
function operatorsMeant(matcher: Record<string, unknown>): boolean {
  return Object.entries(matcher).every(([key, value]) => operatorWord(key) !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)));
}

function describeOperator(key: string): string {
  if (['lt', 'lte', 'gt', 'gte'].includes(key)) return 'a number';
  if (key === 'in' || key === 'domain_in') return 'a list';
  if (key === 'regex') return 'a regular expression (a string)';
  if (key === 'any') return 'true';
  if (key === 'type') return 'one of string, number, integer, boolean, object, array, null';
  return 'a value';
}

/**
 * A likely typo of an operator. Two-letter operators only count with a letter doubled (`gtt`,
 * `inn`): one edit from `in` or `ne` is a real word too often (`id`, `net`). Longer ones count at
 * one edit (`regx`, `lte` → `lter`).
 */
function looksLikeTypo(key: string, operator: string): boolean {
  if (operator.length <= 2) return [...operator].some((_, i) => key === operator.slice(0, i + 1) + operator.slice(i));
  return key.length >= 3 && oneEditApart(key, operator);
}

/** True when a and b differ by one insertion, deletion or substitution (and are not equal). */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i + (a.length >= b.length ? 1 : 0));
  const restB = b.slice(i + (b.length >= a.length ? 1 : 0));
  return restA === restB;
}

// Returns a pattern's first letter as a class of both its cases (`[Rr]efund of`), or the example `[Rr]efund` when it starts with none.
function caseClass(pattern: string): string {
  const first = pattern[0] ?? '';
  // ß's upper case is two letters: no class of one character each.
  return first.toUpperCase() === first.toLowerCase() || first.toUpperCase().length !== 1 ? '[Rr]efund' : `[${first.toUpperCase()}${first.toLowerCase()}]${pattern.slice(1)}`;
}
