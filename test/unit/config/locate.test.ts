import { describe, expect, it } from 'vitest';
import { validateConfigSource, validatePolicySource, validateSuiteSource } from '../../../src/config/index.js';
import type { ConfigIssue } from '../../../src/errors.js';
import { didYouMean, keyMeant, keyOfSameStart, typosOfMissing } from '../../../src/config/allowed-keys.js';

const FILE = 'evals/refunds.suite.yaml';

/** The issues of a suite that must be invalid. */
function suiteIssues(source: string): ConfigIssue[] {
  const result = validateSuiteSource(source, FILE);
  if (result.ok) throw new Error('expected the suite to be invalid');
  return result.issues;
}

const BASE = `suite: tier1
tools:
  - name: lookup_order
cases:
  - id: a
    input: hello
    expect:
      outcome: completed
`;

describe('locating zod issues in the YAML', () => {
  it('points at a wrong enum value, with carets over it', () => {
    const [issue, ...rest] = suiteIssues(BASE.replace('outcome: completed', 'outcome: complete'));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      file: FILE,
      line: 8,
      column: 16,
      endColumn: 24,
      path: 'cases[0].expect.outcome',
      code: 'invalid_value',
      expected: 'one of completed | partial | escalated | clarified | refused: did you mean "completed"?',
      found: '"complete"',
      sourceLine: '      outcome: complete',
    });
    // A value close to none of the choices is not guessed at.
    expect(suiteIssues(BASE.replace('outcome: completed', 'outcome: done'))[0]!.expected).toBe('one of completed | partial | escalated | clarified | refused');
  });

  it("tells a fault's kind written as its HTTP status (error: 429) which kind answers with it, and where the status goes", () => {
    const faults = '    faults:\n      - { tool: lookup_order, error: 429 }\n      - { tool: lookup_order, error: 503 }\n      - { model: "*", error: 500 }\n      - { tool: lookup_order, error: 200 }\n';
    expect(suiteIssues(BASE.replace('    input: hello\n', `    input: hello\n${faults}`)).map((issue) => [issue.path, issue.expected])).toEqual([
      ['cases[0].faults[0].error', 'one of rate_limit | error | timeout | malformed: did you mean "rate_limit"? (the fault\'s kind; its HTTP status is status: 429)'],
      ['cases[0].faults[1].error', 'one of rate_limit | error | timeout | malformed: did you mean "error"? (the fault\'s kind; its HTTP status is status: 503)'],
      ['cases[0].faults[2].error', 'one of rate_limit | server_error | timeout | truncated_stream: did you mean "server_error"? (the fault\'s kind; its HTTP status is status: 500)'],
      // No error status: no kind answers with it.
      ['cases[0].faults[3].error', 'one of rate_limit | error | timeout | malformed'],
    ]);
  });

  it('points at a value of the wrong type; a number or boolean where a string goes is told to take quotes, as written', () => {
    const [issue] = suiteIssues(BASE.replace('input: hello', 'input: 42'));
    expect(issue).toMatchObject({ line: 6, column: 12, path: 'cases[0].input', expected: 'a string (in quotes, "42": unquoted, YAML reads it as a number)', found: '42' });
    // As written, not as read (1e3 is 1000); a boolean alike; a mapping has no quotes to take.
    expect(suiteIssues(BASE.replace('input: hello', 'input: 1e3'))[0]).toMatchObject({ expected: 'a string (in quotes, "1e3": unquoted, YAML reads it as a number)', found: '1000' });
    expect(suiteIssues(BASE.replace('input: hello', 'input: true'))[0]!.expected).toBe('a string (in quotes, "true": unquoted, YAML reads it as a boolean)');
    expect(suiteIssues(BASE.replace('input: hello', 'input: { a: 1 }'))[0]!.expected).toBe('a string');
  });

  it('points at the key of an unknown key and lists the allowed ones', () => {
    const [issue] = suiteIssues(BASE.replace('    expect:', '    expcet: {}\n    expect:'));
    expect(issue).toMatchObject({
      line: 7,
      column: 5,
      endColumn: 11,
      path: 'cases[0].expcet',
      code: 'unrecognized_keys',
      found: '"expcet"',
    });
    expect(issue!.expected).toBe(
      'no key "expcet" here: did you mean "expect"? (allowed: id, description, input, turns, state, context, tags, risk, approvals, mocks, faults, expect, adversarial, adversarial_expect, quarantine)',
    );
  });

  it('says of a YAML merge key (`<<: *base`) that merge keys are not read, and how to write it instead (it said only: no key "<<" here)', () => {
    const source = `${BASE.replace('  - id: a', '  - &base\n    id: a')}  - { <<: *base, id: b }\n`;
    const merge = suiteIssues(source).find((issue) => issue.path === 'cases[1]["<<"]');
    expect(merge!.expected).toMatch(/^no key "<<" here: YAML merge keys \(`<<: \*base`\) are not read \(YAML 1\.2 has none\): write the keys out, or alias a whole value \(`expect: \*checks`\) \(allowed: id, /);
  });

  it('says of a merge key where any value goes (a mock\'s result, a context, a state) that it is not read: the agent got a key named "<<" and validate said Valid', () => {
    const source = BASE.replace('  - name: lookup_order\n', '  - name: lookup_order\n    mock: { result: &order { status: shipped, total: 20 } }\n')
      .replace('    input: hello\n', '    input: hello\n    context: &ctx { customer_id: c-9 }\n    mocks: [{ tool: lookup_order, result: { <<: *order, status: delivered } }]\n')
      .concat('  - { id: b, input: hi, context: { <<: [*ctx], tier: gold }, expect: { outcome: completed } }\n');
    expect(suiteIssues(source).map((issue) => [issue.path, issue.line, issue.column, issue.found])).toEqual([
      ['cases[0].mocks[0].result["<<"]', 9, 45, '"<<", read as a key named "<<" holding *order, whose keys are not merged here'],
      ['cases[1].context["<<"]', 12, 36, '"<<", read as a key named "<<" holding [*ctx], whose keys are not merged here'],
    ]);
    expect(suiteIssues(source)[0]!.expected).toMatch(/^keys of its own: YAML merge keys \(`<<: \*base`\) are not read /);
    // A quoted "<<", or one holding a value of its own, is a key as written.
    expect(validateSuiteSource(BASE.replace('    input: hello\n', '    input: hello\n    context: { "<<": x, a: { <<: 1 } }\n'), FILE).ok).toBe(true);
    // A merge the schema tells as an unknown key is told once.
    const merged = suiteIssues(`${BASE.replace('  - id: a', '  - &base\n    id: a')}  - { <<: *base, id: b }\n`);
    expect(merged.filter((issue) => issue.path === 'cases[1]["<<"]')).toHaveLength(1);
  });

  it("says of a suite file given as the config (`-c evals/x.suite.yaml`) that its keys are a suite's, and what --config takes", () => {
    const config = validateConfigSource({ source: BASE, file: 'evals/refunds.suite.yaml' });
    if (config.ok) throw new Error('expected the config to be invalid');
    const suite = config.issues.find((issue) => issue.path === 'suite');
    expect(suite!.expected).toMatch(/^no key "suite" here: a suite file's key: --config takes agentready\.config\.yaml, which names the suite files under suites: \(allowed: /);
  });

  it("names what does the job of promptfoo's keys (assert, vars, tests, providers, prompts) and vitest's skip where a new user writes them", () => {
    const source = `${BASE.replace('    input: hello\n', '    input: hello\n    vars: { q: hi }\n    assert: [{ type: contains, value: hi }]\n')}tests: []\n`;
    const hints = suiteIssues(source).map((issue) => [issue.path, /^no key "\w+" here(: [^(]*)/.exec(issue.expected ?? '')?.[1]]);
    expect(hints).toEqual([
      ['cases[0].vars', ": promptfoo's vars: the user's message is input, data the agent is given is context "],
      ['cases[0].assert', ": promptfoo's assert is expect here "],
      ['tests', ": promptfoo's tests are cases here, each with an id, an input and an expect "],
    ]);
    const skipped = suiteIssues(BASE.replace('    input: hello\n', '    input: hello\n    skip: true\n')).find((issue) => issue.path === 'cases[0].skip');
    expect(skipped!.expected).toMatch(/^no key "skip" here: no skip here: quarantine: \{ until: <date>, reason \} runs the case without counting it in the gate/);
    // A turn has an expect too, but no quarantine, tools or context: its skip gets no case's advice.
    const turn = suiteIssues(BASE.replace('    input: hello\n', '    turns:\n      - user: hello\n        skip: true\n')).find((issue) => issue.path === 'cases[0].turns[0].skip');
    expect(turn!.expected).not.toContain('quarantine');
    const config = validateConfigSource({ source: 'target: { adapter: stdio, command: [node, a.js] }\nproviders: [openai:gpt-4o]\n', file: 'agentready.config.yaml' });
    expect(!config.ok && config.issues.map((i) => i.expected)).toEqual([expect.stringMatching(/^no key "providers" here: the agent under test is the target here \(adapter: stdio, http, module or exec\)/)]);
  });

  it("says where the time limit is for a case's own timeout_ms (vitest's and Playwright's tests take one), and how tokens are capped", () => {
    const source = BASE.replace('    input: hello\n', '    input: hello\n    timeout_ms: 500\n').replace('      outcome: completed\n', '      outcome: completed\n      budgets: { timeout_ms: 500, max_tokens: 1000 }\n');
    const hints = suiteIssues(source).map((issue) => [issue.path, /^no key "\w+" here(: [^(]*)/.exec(issue.expected ?? '')?.[1]]);
    expect(hints).toEqual([
      ['cases[0].timeout_ms', ': the time limit is run.timeout_ms in the config, the same for every case '],
      ['cases[0].expect.budgets.timeout_ms', ': the time limit is run.timeout_ms in the config, the same for every case '],
      ['cases[0].expect.budgets.max_tokens', ': no token cap: tokens count through their price '],
    ]);
  });

  it('takes `cmd` for `command` (a stdio target\'s, a user simulator\'s), not for `cwd`, which is one edit away', () => {
    const config = validateConfigSource({ source: 'target: { adapter: stdio, cmd: [node, a.js] }\nuser: { cmd: [node, sim.js] }\n', file: 'agentready.config.yaml' });
    const unknown = config.ok ? [] : config.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => [i.path, i.expected]);
    expect(unknown).toEqual([
      ['target.cmd', expect.stringMatching(/^no key "cmd" here: did you mean "command"\? \(the program and its arguments, a list: \[node, agent\.js\]\) \(allowed: /)],
      ['user.cmd', expect.stringMatching(/^no key "cmd" here: did you mean "command"\? /)],
    ]);
  });

  it("tells a target whose adapter was changed and its keys not what this adapter takes instead (init's stdio config made module or http)", () => {
    const hint = (target: string) => {
      const config = validateConfigSource({ source: `target: ${target}\nsuites: [a.suite.yaml]\n`, file: 'agentready.config.yaml' });
      return (config.ok ? [] : config.issues).flatMap((issue) => /^no key "\w+" here(: [^(]*)/.exec(issue.expected ?? '')?.[1] ?? []);
    };
    expect(hint('{ adapter: module, command: [node, agent.mjs] }')).toEqual([": a module target is loaded in agentready's process, named by its file: module: ./agent.mjs "]);
    expect(hint('{ adapter: http, command: [node, agent.mjs] }')).toEqual([': an http target is a server each case is POSTed to, at url: "http://127.0.0.1:8123/"; start: { command: [node, agent.mjs] } has agentready start it; command alone is a stdio or exec target\'s ']);
    expect(hint('{ adapter: stdio, module: ./agent.mjs }')).toEqual([": module is a module target's "]);
    expect(hint('{ adapter: exec, module: ./agent.mjs }')).toEqual([": module is a module target's "]);
  });

  it("tells an expected call's or a forbid entry's `arguments` (the trace's word for them) to be args", () => {
    const source = BASE.replace('      outcome: completed', '      tools: [{ name: lookup_order, arguments: { order_id: "1" } }]\n      forbid: [{ name: lookup_order, arguments: { order_id: "2" } }]');
    expect(suiteIssues(source).map((issue) => [issue.path, issue.expected])).toEqual([
      ['cases[0].expect.tools[0].arguments', expect.stringMatching(/^no key "arguments" here: the arguments to match are args here \(a trace's calls carry arguments\): \{ name, args: \{ … \} \} \(allowed: name, args, exact, approved\)$/)],
      ['cases[0].expect.forbid[0].arguments', expect.stringMatching(/^no key "arguments" here: the arguments to match are args here /)],
    ]);
  });

  it('reads a bare tool name where an expected call or a tool goes as the mapping it means: { name: … }', () => {
    const source = BASE.replace('  - name: lookup_order\n', '  - name: lookup_order\n  - send_email\n').replace('      outcome: completed', '      tools: [lookup_order]');
    expect(suiteIssues(source).map((issue) => [issue.path, issue.expected])).toEqual([
      ['tools[1]', 'a mapping: { name: send_email }'],
      ['cases[0].expect.tools[0]', "a mapping: { name: lookup_order } (a bare tool name is forbid's form)"],
    ]);
    // Not a name: the words as before.
    const [number] = suiteIssues(BASE.replace('      outcome: completed', '      tools: [12]'));
    expect(number!.expected).toBe('a mapping');
  });

  it('reads a text where an output\'s checks go (`output: refund`) as the contains it means', () => {
    const [issue] = suiteIssues(BASE.replace('      outcome: completed', '      output: "your refund"'));
    expect([issue!.path, issue!.expected]).toEqual(['cases[0].expect.output', 'a mapping: { contains: ["your refund"] } (a text the output must hold; { equals: … } for the whole output)']);
  });

  it('says of a price per 1,000 tokens or per token that prices are per million here, and how to convert (renaming the key alone priced tokens 1,000 times too low)', () => {
    const config = validateConfigSource({ source: 'target: { adapter: stdio, command: [node, a.js] }\npricing: { m: { input_per_1k: 0.00015, output_cost_per_token: 0.0000006 } }\n', file: 'agentready.config.yaml' });
    expect(config.ok ? [] : config.issues.map((i) => i.expected?.replace(/ \(allowed: .*$/, ''))).toEqual([
      'no key "input_per_1k" here: prices are per million tokens: input_per_mtok, the price of 1,000 tokens × 1,000',
      'no key "output_cost_per_token" here: prices are per million tokens: output_per_mtok, the price of one token × 1,000,000',
    ]);
  });

  it('reads a case written as an alias of another (`- *base`) as that case: its one problem is its id, not a missing input', () => {
    const issues = suiteIssues(`${BASE.replace('  - id: a', '  - &base\n    id: a')}  - *base\n`);
    expect(issues.map((issue) => issue.path)).toEqual(['cases[1].id']);
  });

  it("says of a list of tools where a policy rule's tool goes that a glob names several", () => {
    const policy = validatePolicySource('rules:\n  - { id: r, tool: [issue_refund, send_email], require_prior: [lookup_order] }\n', 'policy.yaml');
    expect(policy.ok ? [] : policy.issues.map((i) => [i.path, i.expected])).toEqual([['rules[0].tool', 'a string: one tool, or a glob naming several: "{issue_refund,send_email}"']]);
  });

  it("says of YAML 1.1's yes or off where true or false goes that YAML 1.2 reads it as a word", () => {
    const expected = (value: string) => suiteIssues(BASE.replace('      outcome: completed', `      outcome: completed\n      respect_retry_after: ${value}`))[0]!.expected;
    expect(expected('yes')).toBe('true or false: YAML 1.2 reads yes as a word, so write true');
    expect(expected('Off')).toBe('true or false: YAML 1.2 reads Off as a word, so write false');
    expect(expected('maybe')).toBe('true or false');
  });

  it('says where a key belongs that is no typo of a key here but a key of the mapping beside or above it', () => {
    const config = validateConfigSource({ source: 'target: { adapter: stdio, command: [node, a.js] }\nrun: { concurrency: 4, max_run_cost_usd: 1 }\n', file: 'agentready.config.yaml' });
    if (config.ok) throw new Error('expected the config to be invalid');
    expect(config.issues.map((i) => [i.path, i.expected])).toEqual([
      [
        'run.max_run_cost_usd',
        'no key "max_run_cost_usd" here: did you mean budgets.max_run_cost_usd? (allowed: concurrency, repeat, timeout_ms, seed, workers, max_error_rate, start_timeout_ms, max_turns)',
      ],
    ]);
    // A case's key written inside its expect: one level up.
    const [faults] = suiteIssues(BASE.replace('      outcome: completed', '      outcome: completed\n      faults: []'));
    expect(faults!.expected).toMatch(/^no key "faults" here: did you mean cases\[0\]\.faults\? \(allowed: outcome, /);
    // A typo of a key here still names that key; a key found nowhere near says nothing more.
    const [near] = suiteIssues(BASE.replace('      outcome: completed', '      outcom: completed'));
    expect(near!.expected).toMatch(/^no key "outcom" here: did you mean "outcome"\? /);
    const [nowhere] = suiteIssues(BASE.replace('      outcome: completed', '      outcome: completed\n      colour: red'));
    expect(nowhere!.expected).toMatch(/^no key "colour" here \(allowed: /);
  });

  it('says where a key belongs that was written above its section (one level too high: lost indentation)', () => {
    const issuesOf = (source: string) => {
      const config = validateConfigSource({ source, file: 'agentready.config.yaml' });
      return config.ok ? [] : config.issues.map((i) => [i.path, (i.expected ?? '').replace(/ \(allowed: .*$/, '')]);
    };
    // `target:`'s keys written at the top: target is left empty, its keys name it.
    expect(issuesOf('target:\nadapter: stdio\ncommand: [node, a.js]\nconcurrency: 2\n')).toEqual([
      ['target', 'a mapping'],
      ['adapter', 'no key "adapter" here: did you mean target.adapter?'],
      ['command', 'no key "command" here: did you mean target.command?'],
      // An http target's concurrency is not a stdio one's: the adapter written beside it picks the target's keys.
      ['concurrency', 'no key "concurrency" here: did you mean run.concurrency?'],
    ]);
    // A run setting at the top; `concurrency` of an http target is not taken for a stdio one's.
    expect(issuesOf('target: { adapter: stdio, command: [node, a.js] }\nconcurrency: 2\nmax_tool_calls: 3\n')).toEqual([
      ['concurrency', 'no key "concurrency" here: did you mean run.concurrency?'],
      ['max_tool_calls', 'no key "max_tool_calls" here: did you mean budgets.max_tool_calls?'],
    ]);
    // A threshold's place for a mapping only: Playwright's `retries: 2` is told as the habit it is, `success_rate: 0.9` not taken for a threshold.
    expect(issuesOf('target: { adapter: stdio, command: [node, a.js] }\nretries: 2\nsuccess_rate: 0.9\np95_latency_ms: { max: 900 }\n')).toEqual([
      ['retries', expect.stringMatching(/^no key "retries" here: a failing case is not retried here: run\.repeat \(--repeat\) runs each case k times/)],
      ['success_rate', 'no key "success_rate" here'],
      ['p95_latency_ms', 'no key "p95_latency_ms" here: did you mean gate.p95_latency_ms?'],
    ]);
    // Playwright's and vitest's other config keys: what does their job.
    expect(issuesOf('target: { adapter: stdio, command: [node, a.js] }\ntimeout: 5000\nreporter: [junit]\ntestDir: evals\n').map(([path, words]) => [path, words!.replace(/^no key "\w+" here: /, '')])).toEqual([
      ['timeout', "did you mean run.timeout_ms? (each case's time limit, in ms)"],
      ['reporter', 'reporters are chosen by the command: eval --reporter junit:junit.xml --reporter html:report.html'],
      ['testDir', 'the suite files are named by suites: [evals/**/*.suite.yaml], globs relative to this file'],
    ]);
    // An expectation written beside a case's expect.
    const [outcome] = suiteIssues(BASE.replace('    expect:\n', '    outcome: completed\n    expect:\n'));
    expect(outcome!.expected).toMatch(/^no key "outcome" here: did you mean cases\[0\]\.expect\.outcome\? \(allowed: /);
  });

  it('reports each unknown key of one mapping at its own key', () => {
    const issues = suiteIssues(BASE.replace('  - name: lookup_order', '  - { name: lookup_order, teir: read, mocks: {} }'));
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['tools[0].teir', 3, 27],
      ['tools[0].mocks', 3, 39],
    ]);
  });

  it('points at the mapping that lacks a required key', () => {
    const [issue] = suiteIssues(BASE.replace('    input: hello\n', ''));
    expect(issue).toMatchObject({
      line: 5,
      column: 5,
      path: 'cases[0].input',
      expected: 'key "input" with a string, or key "turns" with a list of turns',
      found: 'no "input" key',
      sourceLine: '  - id: a',
    });
  });

  it('walks nested arrays to the offending element', () => {
    const source = `${BASE}  - id: b
    input: hi
    faults:
      - { tool: lookup_order, error: rate_limit }
      - { tool: lookup_order, error: explode }
    expect: {}
`;
    const [issue] = suiteIssues(source);
    expect(issue).toMatchObject({ line: 13, column: 38, path: 'cases[1].faults[1].error', found: '"explode"' });
    expect(issue!.expected).toBe('one of rate_limit | error | timeout | malformed');
  });

  it('unwraps a union to the branch the value was meant for', () => {
    const [issue] = suiteIssues(BASE.replace('    input: hello', '    input: hello\n    approvals: { issue_refund: maybe }'));
    expect(issue).toMatchObject({ line: 7, column: 32, path: 'cases[0].approvals.issue_refund', expected: 'one of grant | deny', found: '"maybe"' });
  });

  it('words a union no branch of which fits', () => {
    const [issue] = suiteIssues(BASE.replace('    input: hello', '    input: hello\n    approvals: 3'));
    expect(issue).toMatchObject({ path: 'cases[0].approvals', expected: 'one of grant | deny or a mapping', found: '3' });
  });

  it('names the options of a discriminated union and the allowed keys of the chosen option', () => {
    const config = (target: string) => validateConfigSource({ source: `target:\n${target}\n`, file: 'agentready.config.yaml' });
    const wrong = config('  adapter: grpc');
    expect(wrong.ok ? [] : wrong.issues).toMatchObject([
      { line: 2, column: 12, path: 'target.adapter', expected: 'one of stdio | http | module | exec', found: '"grpc"' },
    ]);
    const extra = config('  adapter: http\n  url: http://127.0.0.1:1\n  command: [x]');
    expect(extra.ok ? [] : extra.issues).toMatchObject([
      { line: 4, column: 3, path: 'target.command', expected: expect.stringMatching(/^no key "command" here: an http target is .* \(allowed: adapter, url, headers, concurrency, start\)$/) },
    ]);
  });

  it('names a typo of the key that picks the shape (adaptr: for adapter:) at that key, not "no adapter key" at the mapping', () => {
    const result = validateConfigSource({ source: 'target: { adaptr: stdio, command: [node, agent.mjs] }\nsuites: [a]\n', file: 'agentready.config.yaml' });
    expect(result.ok ? [] : result.issues).toMatchObject([
      { line: 1, column: 11, path: 'target.adaptr', found: '"adaptr"', expected: 'no key "adaptr" here: did you mean "adapter"? (adapter: one of stdio | http | module | exec)' },
    ]);
  });

  it('points a missing top-level key at the document and an empty file at 1:1', () => {
    const missing = validateConfigSource({ source: 'suites: [a]\n', file: 'c.yaml' });
    expect(missing.ok ? [] : missing.issues).toMatchObject([{ line: 1, column: 1, path: 'target', found: 'no "target" key' }]);
    const empty = validateConfigSource({ source: '', file: 'c.yaml' });
    expect(empty.ok ? [] : empty.issues).toMatchObject([{ line: 1, column: 1, path: '', expected: 'a mapping', found: 'an empty file (nothing but comments and blank lines)' }]);
  });

  it('says a case id, tool name or suite name takes ASCII letters only: an Arabic or accented one is made of letters too', () => {
    const issues = suiteIssues(BASE.replace('suite: tier1', 'suite: réclamations').replace('name: lookup_order', 'name: búsqueda').replace('id: a', 'id: إلغاء-الطلب'));
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['suite', 'a suite name of ASCII letters, digits, _ . - (not dots alone)'],
      ['tools[0].name', 'a tool name of ASCII letters, digits, _ . -'],
      ['cases[0].id', 'a case id of ASCII letters, digits, _ . : - (the description: takes any text)'],
    ]);
  });

  it('refuses a suite name of dots alone: `..` put its cassettes, <cassettes>/<suite>/<case>.json, in the cassettes folder\'s parent', () => {
    for (const name of ['.', '..', '...']) {
      expect(suiteIssues(BASE.replace('suite: tier1', `suite: "${name}"`)).map((i) => [i.path, i.expected])).toEqual([
        ['suite', 'a suite name of ASCII letters, digits, _ . - (not dots alone)'],
      ]);
    }
    expect(validateSuiteSource(BASE.replace('suite: tier1', 'suite: v1.2..3'), FILE).ok).toBe(true);
  });

  it('cuts a long found value at 80 characters', () => {
    const [issue] = suiteIssues(BASE.replace('outcome: completed', `outcome: ${'x'.repeat(200)}`));
    expect(issue!.found).toHaveLength(80);
    expect(issue!.found!.endsWith('…')).toBe(true);
  });

  it('points at a bad record key, not its value', () => {
    const result = validateConfigSource({ source: 'target: { adapter: module, module: ./a.js }\ngate:\n  slices:\n    refund: {}\n', file: 'c.yaml' });
    expect(result.ok ? [] : result.issues).toMatchObject([
      { line: 4, column: 5, path: 'gate.slices.refund', code: 'invalid_key', found: '"refund"' },
    ]);
  });
});

describe('gate thresholds out of their unit', () => {
  const gate = (text: string) => {
    const result = validateConfigSource({ source: `target: { adapter: module, module: ./a.js }\ngate:\n${text}\n`, file: 'agentready.config.yaml' });
    return result.ok ? [] : result.issues.map((i) => [i.path, i.line, i.column, i.expected]);
  };

  it('refuses a rate as a percentage, a rate above 1 and a move above 100 pp, each located', () => {
    expect(gate('  success_rate: { min: 95 }')).toEqual([['gate.success_rate.min', 3, 24, 'a fraction in [0, 1]: rates are fractions (0.95, not 95)']]);
    expect(gate('  slices:\n    "tag:refund": { policy_compliance: { max: 1.5 } }')).toEqual([
      ['gate.slices["tag:refund"].policy_compliance.max', 4, 47, 'a fraction in [0, 1]: rates are fractions (0.95, not 95)'],
    ]);
    expect(gate('  tool_correctness: { min: -0.1 }')).toEqual([['gate.tool_correctness.min', 3, 28, 'a fraction in [0, 1]: rates are fractions (0.95, not 95)']]);
    expect(gate('  escalation_rate: { max_rise_pp: 150 }')).toEqual([['gate.escalation_rate.max_rise_pp', 3, 35, 'at most 100: percentage points of a rate in [0, 1]']]);
  });

  it('refuses run.max_error_rate written as a percentage with the same words (SPEC §11 Units: a fraction)', () => {
    const result = validateConfigSource({ source: 'target: { adapter: module, module: ./a.js }\nrun: { max_error_rate: 5 }\n', file: 'agentready.config.yaml' });
    expect(result.ok ? [] : result.issues.map((i) => [i.path, i.line, i.column, i.expected])).toEqual([
      ['run.max_error_rate', 2, 24, 'a fraction in [0, 1]: rates are fractions (0.95, not 95)'],
    ]);
  });

  it('keeps dollars, milliseconds and counts unbounded above', () => {
    expect(gate('  cost_per_task: { max: 95 }\n  p95_latency_ms: { max: 3000, max_rise_pct: 150 }\n  policy_denials: { max: 2 }')).toEqual([]);
    // Tool precision and recall are gate metrics too, fractions like tool_correctness.
    expect(gate('  tool_recall: { min: 0.8 }\n  tool_precision: { max_drop_pp: 5 }')).toEqual([]);
    expect(gate('  tool_recall: { min: 80 }')).toEqual([['gate.tool_recall.min', 3, 23, 'a fraction in [0, 1]: rates are fractions (0.95, not 95)']]);
    // Retries and tool errors are counts, gated like policy_denials (SPEC §11: min and max apply to any metric).
    expect(gate('  retries: { max: 3 }\n  tool_errors: { max: 0, max_rise_pct: 10 }')).toEqual([]);
  });

  it('refuses a negative dollar, millisecond or count bound (max: -1 failed every run) and a min above its max', () => {
    expect(gate('  policy_denials: { max: -1 }')).toEqual([['gate.policy_denials.max', 3, 26, 'a number of at least 0: costs, latencies and counts are never negative']]);
    expect(gate('  slices:\n    "risk:high": { p95_latency_ms: { max: -5 } }')).toEqual([
      ['gate.slices["risk:high"].p95_latency_ms.max', 4, 43, 'a number of at least 0: costs, latencies and counts are never negative'],
    ]);
    expect(gate('  cost_total: { min: -0.01 }')).toEqual([['gate.cost_total.min', 3, 22, 'a number of at least 0: costs, latencies and counts are never negative']]);
    expect(gate('  success_rate: { min: 0.9, max: 0.5 }')).toEqual([['gate.success_rate.max', 3, 34, 'at least min (0.9): a max below the min fails every run']]);
    expect(gate('  p50_latency_ms: { min: 10, max: 10 }')).toEqual([]);
  });

  it('refuses an empty threshold', () => {
    expect(gate('  success_rate: { }')).toEqual([['gate.success_rate', 3, 17, 'at least one of min, max, max_drop_pp, max_rise_pp, max_rise_pct (an empty threshold gates nothing)']]);
    expect(gate('  success_rate: { significance: 0.05 }')).toHaveLength(1);
    // A limit misspelt is one problem, at its key: the threshold is not empty as written.
    // Written without its unit, which two limits add: both are named.
    expect(gate('  success_rate: { max_rise: 10 }')).toEqual([['gate.success_rate.max_rise', 3, 19, 'no key "max_rise" here: did you mean "max_rise_pp" or "max_rise_pct"? (allowed: max_drop_pp, max_rise_pp, max_rise_pct, min, max, significance)']]);
    // An amount takes a rise in percent alone: one limit to name.
    expect(gate('  cost_per_task: { max_rise: 10 }')).toEqual([['gate.cost_per_task.max_rise', 3, 20, 'no key "max_rise" here: did you mean "max_rise_pct"? (allowed: max_rise_pct, min, max, significance)']]);
    expect(gate('  success_rate: { max_drop: 2 }')).toEqual([['gate.success_rate.max_drop', 3, 19, 'no key "max_drop" here: did you mean "max_drop_pp"? (allowed: max_drop_pp, max_rise_pp, max_rise_pct, min, max, significance)']]);
  });

  it('refuses a significance beside min or max alone: it judges a move against the baseline, and a min or max alone has none, so it would decide nothing', () => {
    const why = 'max_drop_pp, max_rise_pp or max_rise_pct beside it: a significance judges a move against the baseline, and min and max are absolute';
    expect(gate('  success_rate: { min: 0.9, significance: 0.05 }')).toEqual([['gate.success_rate.significance', 3, 43, why]]);
    expect(gate('  success_rate: { min: 0.9, max_drop_pp: 2, significance: 0.05 }')).toEqual([]);
  });
});

describe('YAML problems', () => {
  it('reports duplicate keys and a second document, each located', () => {
    const issues = suiteIssues('suite: a\nsuite: b\n---\nx: 1\n');
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['yaml_duplicate_key', 2, 1],
      ['yaml_multiple_docs', 3, 1],
    ]);
  });

  it('points a duplicate key at the key, also after a key left empty (yaml places it at the end of the line before) or a comment', () => {
    const first = 'suite: s\ntools: []\ncases:\n  - id: a\n    input: x\n    expect:\n';
    expect(suiteIssues(`${first}cases:\n  - id: b\n`).map((i) => [i.code, i.line, i.column])).toEqual([['yaml_duplicate_key', 7, 1]]);
    expect(suiteIssues(`${first}\n# the second list\n  # indented\ncases:\n  - id: b\n`).map((i) => [i.code, i.line, i.column, i.endColumn])).toEqual([['yaml_duplicate_key', 10, 1, 6]]);
    expect(suiteIssues('suite: s\ntools:\n  - name: a\n    tier:\n    tier: read\n').map((i) => [i.code, i.line, i.column, i.endColumn])).toEqual([['yaml_duplicate_key', 5, 5, 9]]);
    expect(suiteIssues('suite: s\n"suite": t\n').map((i) => [i.line, i.column, i.endColumn])).toEqual([[2, 1, 8]]);
  });

  it('names where the key a duplicate repeats is first, in its own mapping (a snippet pasted below a section of the same name)', () => {
    const found = (source: string) => suiteIssues(source).filter((i) => i.code === 'yaml_duplicate_key').map((i) => [i.line, i.found]);
    expect(found('suite: s\ntools: []\ncases:\n  - id: a\n    input: x\n    expect: { outcome: completed }\n    expect:\n      outcome: refused\n')).toEqual([
      [7, 'key "expect" a second time (first at line 6, column 5): write what both hold under the first'],
    ]);
    // Quoted, or in another mapping at the same depth: the first of its own mapping, as the parser reads the key.
    expect(found('suite: s\ntools: [{ name: a, tier: read }]\n"suite": t\ncases: []\n')).toEqual([[3, 'key "suite" a second time (first at line 1, column 1): write what both hold under the first']]);
    expect(found('suite: s\ntools:\n  - { name: a, tier: read }\n  - { name: b, tier: read, name: c }\ncases: []\n')).toEqual([[4, 'key "name" a second time (first at line 4, column 7): write what both hold under the first']]);
  });

  it('says of a list entry\'s first key again (the next case\'s id, its "- " forgotten) that a new entry starts with "- ", and of the keys after it that they are that entry\'s', () => {
    const found = (source: string) => suiteIssues(source).filter((i) => i.code === 'yaml_duplicate_key').map((i) => [i.line, i.column, i.found]);
    expect(found('suite: s\ntools: []\ncases:\n  - id: a\n    input: x\n    expect: { outcome: completed }\n    id: b\n    input: y\n')).toEqual([
      [7, 5, 'key "id" a second time in one entry (first at line 4, column 5): a new entry of the list starts with "- " (- id: …)'],
      [8, 5, 'key "input" a second time (first at line 5, column 5): of the entry whose "- " line 7 lacks'],
    ]);
  });

  it('reports alias expansion past the limit instead of expanding it', () => {
    const nine = (name: string) => `[${Array.from({ length: 9 }, () => `*${name}`).join(', ')}]`;
    const source = `suite: s\na: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: &b ${nine('a')}\nc: &c ${nine('b')}\nd: ${nine('c')}\n`;
    const issues = suiteIssues(source);
    expect(issues).toMatchObject([{ code: 'yaml_alias_limit', line: 3, column: 8, found: expect.stringContaining('more') }]);
  });

  it('points an unclosed quote at where it opened, not at the end of the file where the parser gave up', () => {
    const cases = '  - { id: b, input: "say \\"hi\\"", expect: { outcome: completed } }\n';
    expect(suiteIssues(`suite: s\ntools: []\ncases:\n${cases}  - { id: a, input: "hello, expect: { outcome: completed } }\n  - { id: c, input: hi }\n`)[0]).toMatchObject({
      line: 5,
      column: 21,
      found: 'a quote opened here and never closed',
    });
    // '' is the one escape of a single-quoted string: the string opened at the first quote of the
    // last run of odd length, not at the last quote (the second of an escape).
    expect(suiteIssues("suite: s\ntools: []\ncases:\n  - { id: a, input: 'it''s, expect: {} }\n")[0]).toMatchObject({ line: 4, column: 21 });
    expect(suiteIssues("suite: s\ntools: []\ncases:\n  - id: a\n    input: '''\n    expect: {}\n")[0]).toMatchObject({ line: 5, column: 12 });
    expect(suiteIssues("suite: s\ntools: []\ncases:\n  - id: a\n    input: ''\n    note: 'it''''s\n    expect: {}\n")[0]).toMatchObject({ line: 6, column: 11 });
  });

  it('keeps only the first of a cascade of syntax errors', () => {
    const issues = suiteIssues('suite: [a\ntools: [\ncases: ]]]\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 8, found: 'a [ opened here and never closed' });
  });
});

describe('keyMeant', () => {
  const allowed = ['id', 'input', 'expect', 'tags', 'timeout_ms', 'to', 'concurrency'];
  it('names the allowed key a typo was meant to be: case, one or two edits', () => {
    expect(keyMeant('Expect', allowed)).toBe('expect');
    expect(keyMeant('expct', allowed)).toBe('expect');
    expect(keyMeant('concurency', allowed)).toBe('concurrency');
  });

  it('names the one allowed key a key is a whole word-part of, at its start or end: a unit or a prefix left off', () => {
    expect(keyMeant('timeout', [...allowed, 'start_timeout_ms'])).toBe('timeout_ms');
    expect(keyMeant('tool_calls', ['max_model_calls', 'max_tool_calls', 'max_cost_usd', 'max_run_cost_usd'])).toBe('max_tool_calls');
    // SPEC §12 words the whole-state comparison `exact: true`; the key is expect.state_exact.
    expect(keyMeant('exact', ['outcome', 'state', 'state_exact', 'state_unchanged'])).toBe('state_exact');
    expect(keyMeant('cost_usd', ['max_cost_usd', 'max_run_cost_usd'])).toBeUndefined();
    expect(keyMeant('max', ['max_turns'])).toBeUndefined();
  });

  it('words its guess as every "did you mean" after a key or a name does, or nothing', () => {
    expect(didYouMean('expct', allowed)).toBe(': did you mean "expect"?');
    expect(didYouMean('bogus', allowed)).toBe('');
  });

  it('guesses nothing for a short key, a far one, or a tie', () => {
    expect(keyMeant('ix', allowed)).toBeUndefined();
    expect(keyMeant('bogus', allowed)).toBeUndefined();
    expect(keyMeant('tagz', ['tags', 'tagy'])).toBeUndefined();
  });
});

describe('an unknown key no typo of an allowed one', () => {
  const policy = (rule: string) => {
    const result = validatePolicySource(`rules:\n  - id: cap\n    tool: issue_refund\n${rule}`, 'policy.yaml');
    return result.ok ? [] : result.issues.map((issue) => issue.expected);
  };
  const allowed = '(allowed: id, description, tool, deny_if, allow_only, require, require_prior)';

  it('is taken for the one allowed key of its first word-part, worded as a typo is', () => {
    expect(policy('    deny_when: { arguments.amount: { gt: 100 } }\n')).toEqual([`no key "deny_when" here: did you mean "deny_if"? ${allowed}`]);
    expect(policy('    require_before: [lookup_order]\n')).toEqual([`no key "require_before" here: did you mean "require_prior"? ${allowed}`]);
  });

  it('gets only the allowed keys when no key, or several, share its first word-part', () => {
    expect(policy('    when: { arguments.amount: { gt: 100 } }\n')).toEqual([`no key "when" here ${allowed}`]);
    expect(policy('    denied_if: { arguments.amount: { gt: 100 } }\n')).toEqual([`no key "denied_if" here ${allowed}`]);
    expect(keyOfSameStart('max_calls', ['max_tool_calls', 'max_model_calls'])).toBeUndefined();
    expect(keyOfSameStart('on_fail', ['on_error'])).toBeUndefined();
  });
});

describe('typosOfMissing', () => {
  it('counts the unknown keys that are typos of missing ones, each missing key once', () => {
    expect(typosOfMissing(['modle'], ['model'])).toBe(1);
    expect(typosOfMissing(['modle'], ['tool'])).toBe(0);
    expect(typosOfMissing(['modle', 'mdoel'], ['model'])).toBe(1);
    expect(typosOfMissing(['tol', 'modle'], ['tool', 'model'])).toBe(2);
  });
});

describe('an empty file', () => {
  it('is found as an empty file, not as null (a literal null stays null)', () => {
    const issuesOf = (source: string) => {
      const result = validateSuiteSource(source, 'a.suite.yaml');
      return result.ok ? [] : result.issues;
    };
    expect(issuesOf('# nothing yet\n\n')).toMatchObject([{ line: 1, column: 1, expected: 'a mapping', found: 'an empty file (nothing but comments and blank lines)' }]);
    expect(issuesOf('')).toMatchObject([{ found: 'an empty file (nothing but comments and blank lines)' }]);
    expect(issuesOf('null\n')).toMatchObject([{ found: 'null' }]);
  });
});

describe('a file that is a list at its top', () => {
  it('says the list goes under the key whose entries it holds (cases written without suite: and cases:)', () => {
    const suite = validateSuiteSource('- id: a\n  input: b\n  expect: { outcome: completed }\n', 'a.suite.yaml');
    expect(suite.ok ? [] : suite.issues).toMatchObject([
      { line: 1, column: 1, path: '', expected: expect.stringMatching(/^a mapping with its keys \(.*suite, .*tools, cases\), not a list: a list of entries goes under `cases:`$/) },
    ]);
    // A tool's keys: `tools:`.
    const tools = validateSuiteSource('- { name: lookup_order, tier: read }\n', 'a.suite.yaml');
    expect(tools.ok ? '' : tools.issues[0]!.expected).toMatch(/goes under `tools:`$/);
    // Nothing to tell them apart: both named.
    const bare = validateSuiteSource('- x\n', 'a.suite.yaml');
    expect(bare.ok ? '' : bare.issues[0]!.expected).toMatch(/goes under `tools:` or `cases:`$/);
    const policy = validatePolicySource('- { id: a, tool: x }\n', 'policy.yaml');
    expect(policy.ok ? '' : policy.issues[0]!.expected).toBe('a mapping with its keys ($schema, rules), not a list: a list of entries goes under `rules:`');
    // A config has no list of mappings at its top: the plain words.
    const config = validateConfigSource({ source: '- a\n', file: 'agentready.config.yaml' });
    expect(config.ok ? [] : config.issues).toMatchObject([{ path: '', expected: 'a mapping' }]);
  });
});

describe('one entry\'s keys written where a list of entries goes', () => {
  it('says each entry starts with "- " (cases: followed by a case without its dash)', () => {
    const hint = 'a list of entries, each starting with "- " (these keys are one entry\'s: write `- ` before the first, and indent the others under it)';
    const suite = validateSuiteSource('suite: s\ntools: []\ncases:\n  id: a\n  input: b\n  expect: { outcome: completed }\n', 'a.suite.yaml');
    expect(suite.ok ? [] : suite.issues).toMatchObject([{ line: 4, column: 3, path: 'cases', expected: hint }]);
    const policy = validatePolicySource('rules:\n  id: a\n  tool: x\n', 'policy.yaml');
    expect(policy.ok ? [] : policy.issues).toMatchObject([{ path: 'rules', expected: hint }]);
    // Not a mapping, or a mapping of no entry's keys: the plain words.
    const text = validateSuiteSource('suite: s\ntools: x\ncases: []\n', 'a.suite.yaml');
    expect(text.ok ? [] : text.issues.find((issue) => issue.path === 'tools')).toMatchObject({ expected: 'a list' });
    const other = validatePolicySource('rules:\n  colour: red\n', 'policy.yaml');
    expect(other.ok ? [] : other.issues).toMatchObject([{ path: 'rules', expected: 'a list' }]);
  });

  it('shows one glob where a list of them goes as that list, quoted (a glob may start with *, a YAML alias)', () => {
    const config = validateConfigSource({ source: 'target: { adapter: stdio, command: [node, a.js] }\nsuites: "**/*.suite.yaml"\n', file: 'agentready.config.yaml' });
    expect(config.ok ? [] : config.issues).toMatchObject([{ path: 'suites', expected: 'a list, even of one: ["**/*.suite.yaml"]' }]);
  });

  it('shows a command written as one line as its words, the program and each argument an entry (the process starts with no shell)', () => {
    const expected = (command: string) => {
      const config = validateConfigSource({ source: `target: { adapter: stdio, command: ${command} }\nsuites: [a.suite.yaml]\n`, file: 'agentready.config.yaml' });
      return config.ok ? undefined : config.issues[0]!.expected;
    };
    expect(expected('node agent.mjs')).toBe('a list, the program and each argument an entry of its own: [node, agent.mjs]');
    expect(expected(`"node 'my agent.mjs' --port=3"`)).toBe('a list, the program and each argument an entry of its own: [node, "my agent.mjs", "--port=3"]');
    // One word is the list of it; a line a shell would do more with (a pipe, a variable, a variable set first) is no list of words to give.
    expect(expected('node')).toBe('a list, even of one: [node]');
    expect(expected('"node a.js | tee log"')).toBe('a list, even of one: ["node a.js | tee log"]');
    expect(expected('"PORT=3 node a.js"')).toBe('a list, even of one: ["PORT=3 node a.js"]');
  });

  it('shows one tool name where forbid\'s list goes as that list (its entries may also be mappings), plain when YAML reads it back as that name', () => {
    const suite = (forbid: string) => validateSuiteSource(`suite: s\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { forbid: ${forbid} }\n`, 's.yaml');
    const one = suite('issue_refund');
    expect(one.ok ? [] : one.issues).toMatchObject([{ path: 'cases[0].expect.forbid', expected: 'a list, even of one: [issue_refund]' }]);
    const word = suite('"yes"');
    expect(word.ok ? [] : word.issues).toMatchObject([{ path: 'cases[0].expect.forbid', expected: 'a list, even of one: ["yes"]' }]);
  });
});

describe('a policy path written without its start', () => {
  it('names the path meant: arguments. before a bare argument, the start a typo spells', () => {
    const policy = validatePolicySource('rules:\n  - { id: r, tool: t, require: [order_id, argumens.reason] }\n  - { id: s, tool: t, deny_if: { amount: { gt: 5 }, Context.customer: { eq: 1 } } }\n', 'policy.yaml');
    const words = 'a dotted path starting with arguments. or context.';
    expect(policy.ok ? [] : policy.issues.map((issue) => [issue.path, issue.expected])).toEqual([
      ['rules[0].require[0]', `${words}: did you mean "arguments.order_id"?`],
      ['rules[0].require[1]', `${words}: did you mean "arguments.reason"?`],
      ['rules[1].deny_if.amount', `${words}: did you mean "arguments.amount"?`],
      ['rules[1].deny_if["Context.customer"]', `${words}: did you mean "context.customer"?`],
    ]);
  });

  it('takes the start\'s other names (a suite\'s args, JSON Schema\'s parameters, ctx) for arguments. and context., not for an argument', () => {
    // Before: 'did you mean "arguments.args.amount"?', a path no call has.
    const policy = validatePolicySource('rules:\n  - { id: r, tool: t, require: [params.reason, ctx.customer], deny_if: { args.amount: { gt: 5 }, input.to: { eq: 1 } } }\n', 'policy.yaml');
    const words = 'a dotted path starting with arguments. or context.';
    expect(policy.ok ? [] : policy.issues.map((issue) => [issue.path, issue.expected])).toEqual([
      ['rules[0].require[0]', `${words}: did you mean "arguments.reason"?`],
      ['rules[0].require[1]', `${words}: did you mean "context.customer"?`],
      ['rules[0].deny_if["args.amount"]', `${words}: did you mean "arguments.amount"?`],
      ['rules[0].deny_if["input.to"]', `${words}: did you mean "arguments.to"?`],
    ]);
  });

  it('never suggests the path it refused: an empty key is dropped, a start with no key says to add one', () => {
    // Before: 'did you mean "arguments..amount"?' for arguments..amount, "arguments.arguments" for require: [arguments].
    const policy = validatePolicySource('rules:\n  - { id: r, tool: t, require: [arguments, "arguments..amount", "context.", "argumens."], deny_if: { "arguments.": 1, "amount..x": 2 } }\n', 'policy.yaml');
    const words = 'a dotted path starting with arguments. or context.';
    expect(policy.ok ? [] : policy.issues.map((issue) => [issue.path, issue.expected])).toEqual([
      ['rules[0].require[0]', `${words}, with a key after the dot: arguments.<key>`],
      ['rules[0].require[1]', `${words}: did you mean "arguments.amount"?`],
      ['rules[0].require[2]', `${words}, with a key after the dot: context.<key>`],
      ['rules[0].require[3]', `${words}, with a key after the dot: arguments.<key>`],
      ['rules[0].deny_if["arguments."]', `${words}, with a key after the dot: arguments.<key>`],
      ['rules[0].deny_if["amount..x"]', `${words}: did you mean "arguments.amount.x"?`],
    ]);
  });
});

describe('a number YAML reads past what JSON holds', () => {
  it('is found as the number it is (Infinity, NaN), not as the null JSON would write', () => {
    const foundAt = (value: string) => {
      const result = validateConfigSource({ source: `target: { adapter: stdio, command: [node, a.js] }\nrun: { timeout_ms: ${value} }\n`, file: 'agentready.config.yaml' });
      return result.ok ? [] : result.issues.map((issue) => [issue.path, issue.found]);
    };
    expect(foundAt('1e400')).toEqual([['run.timeout_ms', 'Infinity']]);
    expect(foundAt('-.inf')).toEqual([['run.timeout_ms', '-Infinity']]);
    expect(foundAt('.nan')).toEqual([['run.timeout_ms', 'NaN']]);
  });
});
