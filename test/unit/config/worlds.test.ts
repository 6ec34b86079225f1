import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, validateSuiteSource } from '../../../src/config/index.js';
import { deepMerge, dotPathProblem, matcherPathProblems } from '../../../src/config/state.js';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-worlds-'));
  dirs.push(root);
  // The agent script CONFIG runs (`node agent.js`), as a project has it: a missing one is a warning.
  for (const [file, text] of Object.entries({ 'agent.js': '', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function issuesOf(cwd: string): Promise<ConfigIssue[]> {
  const error = await loadConfig({ names: namesRedactionChanges, cwd, env: {} }).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.issues;
}

const CONFIG = 'target:\n  adapter: stdio\n  command: [node, agent.js]\nsuites: [evals/*.suite.yaml]\n';
const HANDLERS_JS = 'export function cancelOrder(args, world) { world.state.orders[args.order_id].status = "cancelled"; return { ok: true }; }\nexport const notAFunction = 1;\n';
const HANDLERS_TS = 'export function refund(args: { order_id: string }, world: { state: any }): unknown { return { refunded: args.order_id }; }\n';

const WORLD_SUITE = `suite: retail
state: ./state.json
tools:
  - name: cancel_order
    tier: autonomous
    handler: ./tools/retail.js#cancelOrder
  - name: refund
    handler: ./tools/refund.ts#refund
cases:
  - id: cancel
    state: { orders: { "2": { status: pending } } }
    turns:
      - user: "cancel my order"
      - user:
          - { when: { output: { regex: "which order" } }, say: "order 1" }
          - { say: "I don't know" }
    expect:
      outcome: completed
      state: { orders: { "1": { status: cancelled } } }
`;

describe('tool worlds and conversations in loadConfig', () => {
  it('loads the state file, merges the case state over it, resolves handlers and turns', async () => {
    const root = project({
      'agentready.config.yaml': `${CONFIG}user: { command: [node, sim.js] }\nrun: { max_turns: 4 }\n`,
      'evals/state.json': JSON.stringify({ orders: { '1': { status: 'pending', total: 20 } }, customers: [] }),
      'evals/tools/retail.js': HANDLERS_JS,
      'evals/tools/refund.ts': HANDLERS_TS,
      'evals/a.suite.yaml': WORLD_SUITE,
    });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    const suite = config.suites[0]!;
    const kase = suite.cases[0]!;
    expect(suite.state).toEqual({ orders: { '1': { status: 'pending', total: 20 } }, customers: [] });
    expect(kase.state).toEqual({ orders: { '1': { status: 'pending', total: 20 }, '2': { status: 'pending' } }, customers: [] });
    expect(kase.input).toBe('cancel my order');
    expect(kase.turns).toHaveLength(2);
    expect(suite.tools.map((t) => t.handler)).toEqual([
      { spec: './tools/retail.js#cancelOrder', file: path.join(root, 'evals/tools/retail.js'), exportName: 'cancelOrder' },
      { spec: './tools/refund.ts#refund', file: path.join(root, 'evals/tools/refund.ts'), exportName: 'refund' },
    ]);
    expect(config.user).toEqual({ command: ['node', 'sim.js'], cwd: root });
    expect(config.run.max_turns).toBe(4);
  });

  it('fingerprints a handler as written, so a copy of the project in another folder keeps its baseline', async () => {
    const files = {
      'agentready.config.yaml': CONFIG,
      'evals/state.json': JSON.stringify({ orders: { '1': { status: 'pending' } } }),
      'evals/tools/retail.js': HANDLERS_JS,
      'evals/tools/refund.ts': HANDLERS_TS,
      'evals/a.suite.yaml': WORLD_SUITE,
    };
    const [here, there] = await Promise.all([project(files), project(files)].map((root) => loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })));
    expect(here!.suites[0]!.tools[0]!.handler!.file).not.toBe(there!.suites[0]!.tools[0]!.handler!.file);
    expect(here!.suites[0]!.cases[0]!.fingerprint).toBe(there!.suites[0]!.cases[0]!.fingerprint);
    expect(here!.suites[0]!.fingerprint).toBe(there!.suites[0]!.fingerprint);
  });

  it('defaults max_turns to 10 and reads an expected-state file as a literal comparison', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/final.json': '{"orders": {"1": {"status": "cancelled"}}}',
      'evals/a.suite.yaml': 'suite: s\nstate: { orders: { "1": { status: pending } } }\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { state: ./final.json }\n',
    });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(config.run.max_turns).toBe(10);
    const kase = config.suites[0]!.cases[0]!;
    expect(kase.expect.state).toEqual({ eq: { orders: { '1': { status: 'cancelled' } } } });
    expect(kase.expectedStateFile).toBe('evals/final.json');
  });

  it('reports missing handler modules, missing exports, bad state files and impossible state paths with positions', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/state.json': JSON.stringify({ orders: { '1': { status: 'pending' } } }),
      // The final state is an object: an expected-state file holding a list could never match it.
      'evals/list.json': '[{"status": "cancelled"}]',
      'evals/tools/retail.js': HANDLERS_JS,
      'evals/a.suite.yaml': `suite: s
state: ./state.json
tools:
  - name: a
    handler: ./tools/missing.js#cancelOrder
  - name: b
    handler: ./tools/retail.js#cancel
  - name: c
    handler: ./tools/retail.js#notAFunction
cases:
  - id: x
    input: hi
    expect:
      state: { orders: { "1": { status: { code: 1 } } }, ordrs: {} }
  - id: y
    input: hi
    expect: { state: ./nope.json }
  - id: z
    input: hi
    expect: { state_unchanged: { except: [orders.*.status.code] } }
  - id: w
    input: hi
    expect: { state: ./list.json }
`,
    });
    const issues = await issuesOf(root);
    expect(issues.map((i) => [`${i.line}:${i.column}`, i.path, i.code, i.severity ?? 'error'])).toEqual([
      ['5:14', 'tools[0].handler', 'handler_not_found', 'error'],
      ['7:14', 'tools[1].handler', 'handler_not_exported', 'error'],
      ['9:14', 'tools[2].handler', 'handler_not_exported', 'error'],
      ['14:49', 'cases[0].expect.state.orders.1.status.code', 'impossible_state_path', 'error'],
      ['14:58', 'cases[0].expect.state.ordrs', 'unknown_state_key', 'warning'],
      ['17:22', 'cases[1].expect.state', 'invalid_state_file', 'error'],
      ['20:43', 'cases[2].expect.state_unchanged.except[0]', 'impossible_state_path', 'error'],
      ['23:22', 'cases[3].expect.state', 'invalid_state_file', 'error'],
    ]);
    expect([issues[7]!.message, issues[7]!.found]).toEqual(['evals/list.json does not hold an object', '[{"status":"cancelled"}]']);
    expect(issues[1]!.expected).toContain('its functions: cancelOrder');
    expect(issues[3]!.message).toBe('the initial state cannot have orders.1.status.code: orders.1.status is "pending", which has no keys');
    expect(issues[4]!.expected).toBe('a top-level key of the initial state: did you mean "orders"?');
  });

  it('warns at `exact: true` inside expect.state, as SPEC §12 words it, naming expect.state_exact: it would be judged as a key of the state', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': `suite: s
state: { orders: { "1": { status: pending } } }
tools: []
cases:
  - id: x
    input: hi
    expect: { state: { orders: {}, exact: true } }
`,
    });
    const { warnings } = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(warnings.map((i) => [`${i.line}:${i.column}`, i.path, i.severity, i.expected])).toEqual([
      ['7:36', 'cases[0].expect.state.exact', 'warning', 'a top-level key of the initial state: for a state equal to it, with no other keys, write `state_exact: true` beside `state:` in expect'],
    ]);
  });

  it('places a state file and an expected-state file that are not JSON at their own line and column, saying what was found there', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/state.json': '{\n  "orders": {},,\n}\n',
      'evals/final.json': '{\n  "orders": {\n',
      'evals/a.suite.yaml': 'suite: s\nstate: ./state.json\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { state: ./final.json }\n',
    });
    const issues = await issuesOf(root);
    expect(issues.map((i) => [`${i.line}:${i.column}`, i.path])).toEqual([
      ['2:8', 'state'],
      ['7:22', 'cases[0].expect.state'],
    ]);
    expect(issues[0]!.found).toBe("unexpected ',' (expected double-quoted property name) at evals/state.json:2:16");
    expect(issues[0]!.message).toBe("evals/state.json:2:16 is not JSON: unexpected ',' (expected double-quoted property name)");
    expect(issues[1]!.found).toMatch(/^the end of the file .*at evals\/final\.json:3:1$/);
  });

  it('says a case with expect.state but no state has nothing to judge', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: s\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { state_unchanged: true }\n',
    });
    expect((await issuesOf(root)).map((i) => [i.path, i.code])).toEqual([['cases[0].expect.state_unchanged', 'no_state']]);
  });

  it('reads an expected-state file named by a key spelt with an escape (the text holds no `state` as written)', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: s\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { "st\\x61te": ./missing.json }\n',
    });
    expect((await issuesOf(root)).map((i) => [i.path, i.code])).toEqual([['cases[0].expect.state', 'invalid_state_file'], ['cases[0].expect.state', 'no_state']]);
  });
});

describe('conversation rules', () => {
  const suite = (cases: string) => `suite: s\ntools:\n  - name: t\n    mock: { error: { kind: not_mocked } }\ncases:\n${cases}`;
  const issues = (source: string) => {
    const result = validateSuiteSource(source, 's.suite.yaml');
    return result.ok ? result.warnings : result.issues;
  };

  it('needs input or turns, not both and not neither; flags a domain error kind of agentready\'s own', () => {
    const found = issues(suite(`  - id: a
    expect: { outcome: completed }
  - id: b
    input: hi
    turns: [{ user: hi }]
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code, `${i.line}:${i.column}`])).toEqual([
      ['tools[0].mock.error.kind', 'reserved_error_kind', '4:28'],
      ['cases[0].input', 'missing_input', '6:5'],
      ['cases[1].turns', 'input_and_turns', '10:12'],
    ]);
  });

  it('a typo of input (or turns) is one problem, the unknown key naming the key meant, as for any other key', () => {
    const found = issues(suite(`  - id: a
    imput: hi
    expect: { outcome: completed }
  - id: b
    trns: [{ user: hi }]
    expect: { outcome: completed }
  - id: c
    description: neither, and no typo
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code, i.expected?.includes(`did you mean "${i.path.endsWith('imput') ? 'input' : 'turns'}"`)])).toEqual([
      ['tools[0].mock.error.kind', 'reserved_error_kind', false],
      ['cases[0].imput', 'unrecognized_keys', true],
      ['cases[1].trns', 'unrecognized_keys', true],
      ['cases[2].input', 'missing_input', false],
    ]);
  });

  it('a typo of a turn\'s user (a string or a list of replies) is one problem at the key, not also the user it lacks', () => {
    const found = issues(suite(`  - id: a
    turns:
      - usr: hi
      - user: [{ say: hello }]
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code, i.expected])).toEqual([
      ['tools[0].mock.error.kind', 'reserved_error_kind', expect.any(String)],
      ['cases[0].turns[0].usr', 'unrecognized_keys', 'no key "usr" here: did you mean "user"? (allowed: user, expect)'],
    ]);
  });

  it('flags reply lists that can never match', () => {
    const found = issues(suite(`  - id: a
    turns:
      - user: [{ say: hi }]
      - user:
          - { say: fallback }
          - { when: { output: { contains: x } }, say: never }
      - user:
          - { when: { outcome: escalated }, say: never }
          - { when: { output: { contains: order 1, not_contains: order } }, say: never }
          - { when: { output: { regex: "(" } }, say: never }
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['tools[0].mock.error.kind', 'reserved_error_kind'],
      ['cases[0].turns[0].user', 'reply_list_first_turn'],
      ['cases[0].turns[1].user[1]', 'unreachable_reply'],
      ['cases[0].turns[2].user[0].when.outcome', 'reply_never_asked'],
      ['cases[0].turns[2].user[1].when.output.not_contains', 'reply_never_matches'],
      ['cases[0].turns[2].user[2].when.output.regex', 'invalid_regex'],
    ]);
  });

  it('warns at an outcome of a reply\'s `when` list that ends the conversation, beside others that choose the reply', () => {
    const found = issues(`suite: s\ntools: []\ncases:
  - id: a
    turns:
      - user: hi
      - user:
          - { when: { outcome: [completed, refused, clarified, escalated] }, say: go on }
    expect: { outcome: completed }
`);
    expect(found.map((i) => [i.path, i.code, i.severity, `${i.line}:${i.column}`])).toEqual([
      ['cases[0].turns[1].user[0].when.outcome[1]', 'reply_outcome_never_asked', 'warning', '8:44'],
      ['cases[0].turns[1].user[0].when.outcome[3]', 'reply_outcome_never_asked', 'warning', '8:64'],
    ]);
  });

  it('checks every reply of a list one of whose replies is malformed: each problem at once, not one per validate', () => {
    const found = issues(suite(`  - id: a
    turns:
      - user: hi
      - user:
          - { when: { outcome: escalated }, say: never }
          - { when: { output: { regex: "(" } }, say: never }
          - { when: { outcome: bogus }, say: z }
    expect: { outcome: completed }
`));
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['tools[0].mock.error.kind', 'reserved_error_kind'],
      ['cases[0].turns[1].user[0].when.outcome', 'reply_never_asked'],
      ['cases[0].turns[1].user[1].when.output.regex', 'invalid_regex'],
      ['cases[0].turns[1].user[2].when.outcome', 'invalid_value'],
    ]);
  });

  it('flags turn checks that rule the case out: a last turn and a case that expect no common outcome, a turn that ends the conversation early', () => {
    const source = `suite: s\ntools: []\ncases:
  - id: clash
    turns:
      - user: a
      - user: b
        expect: { outcome: [completed, partial] }
    expect: { outcome: clarified }
  - id: ends-early
    turns:
      - user: a
        expect: { outcome: [escalated, refused] }
      - user: b
    expect: { outcome: escalated }
  - id: fine
    turns:
      - user: a
        expect: { outcome: [escalated, clarified] }
      - user: b
        expect: { outcome: [completed, partial] }
    expect: { outcome: [partial, escalated] }
  - id: alternatives
    turns: [{ user: a, expect: { outcome: completed } }]
    expect: { outcome: clarified, alternatives: [{ outcome: completed }] }
`;
    const result = validateSuiteSource(source, 's.suite.yaml');
    expect(result.ok ? [] : result.issues.map((i) => [i.path, i.code, `${i.line}:${i.column}`, i.severity ?? 'error', i.message])).toEqual([
      ['cases[0].turns[1].expect.outcome', 'turn_and_case_outcomes_clash', '8:28', 'error',
        'the case\'s final outcome is its last turn\'s answer: turn 2 expects completed or partial and the case\'s expect.outcome clarified, so the case can never pass'],
      ['cases[1].turns[0].expect.outcome', 'turns_after_ending', '13:28', 'warning',
        'turn 1 expects escalated or refused, which ends the conversation: when this check passes, turn 2 is never sent'],
    ]);
  });
});

describe('state helpers', () => {
  it('deep-merges objects and replaces arrays and scalars', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 2 }, d: { x: 1 } })).toEqual({ a: { b: 1, c: [3], e: 2 }, d: { x: 1 } });
  });

  it('finds matcher paths through scalars and top-level keys the state lacks, and stops at operators', () => {
    const state = { orders: { '1': { status: 'pending', items: [{ sku: 'a' }] } } };
    expect(matcherPathProblems({ orders: { '1': { status: { eq: { x: 1 } }, items: [{ sku: { s: 1 } }] }, '9': { status: 'new' } }, refunds: {} }, state)).toEqual([
      { path: ['orders', '1', 'items', '0', 'sku', 's'], kind: 'scalar', found: 'a' },
      { path: ['refunds'], kind: 'absent' },
    ]);
  });

  it('checks dot paths with * against every key', () => {
    const state = { orders: { '1': { status: 'pending' }, '2': { status: 'done' } }, n: 1 };
    expect(dotPathProblem('orders.*.status', state)).toBeUndefined();
    expect(dotPathProblem('orders.*.status.code', state)).toEqual({ path: ['orders', '*', 'status', 'code'], kind: 'scalar', found: 'pending' });
    expect(dotPathProblem('n.x', state)).toEqual({ path: ['n', 'x'], kind: 'scalar', found: 1 });
    expect(dotPathProblem('refunds.x', state)).toEqual({ path: ['refunds'], kind: 'absent' });
    expect(dotPathProblem('orders.3.status', state)).toBeUndefined();
  });

  it('takes a dot path that names a key holding dots (an e-mail address, a domain, a SKU) as that key, not as absent', () => {
    const state = { 'sku.1': { qty: 5 }, users: { 'bob@example.com': { plan: 'free' } } };
    expect(dotPathProblem('sku.1', state)).toBeUndefined();
    expect(dotPathProblem('sku.1.qty', state)).toBeUndefined();
    expect(dotPathProblem('users.bob@example.com.plan', state)).toBeUndefined();
    expect(dotPathProblem('sku.2', state)).toEqual({ path: ['sku'], kind: 'absent' });
  });

  it('calls no path impossible that names a key holding dots beside a scalar of its first part: the scorer takes it as that key', () => {
    // A price table with a base price and its variants: prices.sku is 10, prices["sku.large"] the key meant.
    const state = { prices: { sku: 10, 'sku.large': 12 }, sku: 3, 'sku.1': { qty: 5 } };
    expect(dotPathProblem('prices.sku.large', state)).toBeUndefined();
    expect(dotPathProblem('*.sku.large', state)).toBeUndefined();
    expect(dotPathProblem('sku.1.qty', state)).toBeUndefined();
    // A * for one part of the dotted key, as the scorer takes it.
    expect(dotPathProblem('prices.sku.*', state)).toBeUndefined();
    expect(dotPathProblem('prices.*.large', state)).toBeUndefined();
    // Still impossible where no key holding dots is named.
    expect(dotPathProblem('prices.sku.small', state)).toEqual({ path: ['prices', 'sku', 'small'], kind: 'scalar', found: 10 });
    expect(dotPathProblem('sku.2', state)).toEqual({ path: ['sku', '2'], kind: 'scalar', found: 3 });
  });
});
