/**
 * The unknown keys that are known mistakes — a YAML merge key, a suite's key in the config, a key
 * another tool (promptfoo, vitest) or another adapter takes — each with what does its job here: the
 * hint an "unknown key" issue gives before any guess of allowed-keys.ts.
 */
import type { PathKey } from './locate.js';
import { MERGE_KEY_WORDS } from './merge-keys.js';

/**
 * YAML 1.1's merge key, which docker-compose and GitLab CI files use: the YAML 1.2 parser reads it
 * as a plain key, so `{ <<: *base, id: b }` would only be told `no key "<<" here`, and its
 * merged keys missing.
 */
const MERGE_KEY = '<<';
const MERGE_KEY_HINT = `: ${MERGE_KEY_WORDS}`;
/** A suite file given as the config (`-c evals/refunds.suite.yaml`): its `suite:` key (every suite has one), told as a suite's, once. */
const SUITE_AS_CONFIG_HINT = ": a suite file's key: --config takes agentready.config.yaml, which names the suite files under suites:";

/** Why a cost's, a latency's or a count's gate threshold takes no max_drop_pp or max_rise_pp (schema/gate.ts offers neither there). */
const PP_ON_AMOUNT = 'percentage points move a rate, and this metric is a cost, a latency or a count: max_rise_pct (percent of the baseline) or min/max bound it';

/** Where the time limit is, for a case's own `timeout_ms` or one under `budgets`. */
const TIME_LIMIT = 'the time limit is run.timeout_ms in the config, the same for every case (a case still running at it fails with outcome timeout)';

/**
 * promptfoo's keys (and vitest's only/skip, Playwright's and vitest's config keys, a trace's `arguments`) a new user writes out of habit, each with what does its job
 * here, by a key the mapping allows that tells where it is (a case has `turns`, a suite `cases`, the config
 * `target`): a case's, not a turn's, which has an `expect` too but neither tools nor a quarantine.
 */
const HABIT_KEYS: readonly { key: string; where: string; hint: string }[] = [
  { key: 'only', where: 'turns', hint: ': no only here: `eval --grep <id>` runs the cases it selects' },
  { key: 'skip', where: 'turns', hint: ': no skip here: quarantine: { until: <date>, reason } runs the case without counting it in the gate, --grep selects the others' },
  { key: 'assert', where: 'turns', hint: ": promptfoo's assert is expect here (outcome, tools, forbid, output: { contains, regex, equals, json_schema }, custom: [scorer files]); docs/suite-format.md" },
  { key: 'vars', where: 'turns', hint: ": promptfoo's vars: the user's message is input, data the agent is given is context" },
  { key: 'tests', where: 'cases', hint: ": promptfoo's tests are cases here, each with an id, an input and an expect" },
  { key: 'providers', where: 'target', hint: ': the agent under test is the target here (adapter: stdio, http, module or exec)' },
  // Playwright's and vitest's config keys at the top of the config.
  { key: 'retries', where: 'target', hint: ': a failing case is not retried here: run.repeat (--repeat) runs each case k times, and the gate reads pass^k and the flaky cases (docs/gate.md)' },
  { key: 'timeout', where: 'target', hint: ': did you mean run.timeout_ms? (each case\'s time limit, in ms)' },
  { key: 'reporter', where: 'target', hint: ': reporters are chosen by the command: eval --reporter junit:junit.xml --reporter html:report.html' },
  { key: 'reporters', where: 'target', hint: ': reporters are chosen by the command: eval --reporter junit:junit.xml --reporter html:report.html' },
  { key: 'include', where: 'target', hint: ': the suite files are named by suites: [evals/**/*.suite.yaml], globs relative to this file' },
  { key: 'testDir', where: 'target', hint: ': the suite files are named by suites: [evals/**/*.suite.yaml], globs relative to this file' },
  { key: 'testMatch', where: 'target', hint: ': the suite files are named by suites: [evals/**/*.suite.yaml], globs relative to this file' },
  { key: 'prompts', where: 'target', hint: ': the agent under test is the target here, and each case gives its own input' },
  // A stdio or exec target's or a user simulator's command under the shell's short word: one edit from cwd, which keyMeant would guess.
  { key: 'cmd', where: 'command', hint: ': did you mean "command"? (the program and its arguments, a list: [node, agent.js])' },
  // An expected call's or a forbid entry's matchers, written with the word a trace's calls (and exec's tool_calls) carry.
  { key: 'arguments', where: 'args', hint: ": the arguments to match are args here (a trace's calls carry arguments): { name, args: { … } }" },
  // A cost's, a latency's or a count's threshold (it takes max_rise_pct; a rate's takes these too).
  { key: 'max_rise_pp', where: 'max_rise_pct', hint: `: ${PP_ON_AMOUNT}` },
  { key: 'max_drop_pp', where: 'max_rise_pct', hint: `: ${PP_ON_AMOUNT}` },
  // A time limit of a case's own, as vitest's and Playwright's tests take one: the run's is the only one.
  { key: 'timeout_ms', where: 'turns', hint: `: ${TIME_LIMIT}` },
  { key: 'timeout', where: 'turns', hint: `: ${TIME_LIMIT}` },
  { key: 'timeout_ms', where: 'max_tool_calls', hint: `: ${TIME_LIMIT}; budgets cap tool calls, model calls and cost` },
  // A cap on tokens, as a model API's max_tokens: tokens are capped through their price.
  { key: 'max_tokens', where: 'max_tool_calls', hint: ': no token cap: tokens count through their price (pricing: { <model>: { input_per_mtok, output_per_mtok } }) under max_cost_usd, and max_model_calls caps the calls' },
  // A target whose adapter was changed and its other keys not (init --adapter stdio's config made http or module): what this adapter takes instead.
  { key: 'command', where: 'module', hint: ': a module target is loaded in agentready\'s process, named by its file: module: ./agent.mjs (its default export the agent\'s function); command is a stdio or exec target\'s' },
  { key: 'command', where: 'url', hint: ': an http target is a server each case is POSTed to, at url: "http://127.0.0.1:8123/"; start: { command: [node, agent.mjs] } has agentready start it; command alone is a stdio or exec target\'s' },
  { key: 'module', where: 'command', hint: ': module is a module target\'s (adapter: module); this adapter runs a process, command: [node, agent.mjs]' },
];

/** Why an unknown key is there when it is a known mistake (a merge key, a suite's key in the config, another tool's key), else undefined: a hint after the problem. */
export function knownMistake({ path, allowed, key }: { path: readonly PathKey[]; allowed: readonly string[]; key: string }): string | undefined {
  if (key === MERGE_KEY) return MERGE_KEY_HINT;
  if (allowed.includes('input_per_mtok')) return priceUnit(key);
  if (path.length === 0 && key === 'suite' && allowed.includes('target')) return SUITE_AS_CONFIG_HINT;
  return HABIT_KEYS.find((habit) => habit.key === key && allowed.includes(habit.where))?.hint;
}

/**
 * A model's price keyed by another unit (`input_per_1k`, OpenAI's and LiteLLM's per token): the key
 * meant and how to convert, since renaming the key alone would price every token 1,000 or a million
 * times too low; undefined for any other key.
 */
function priceUnit(key: string): string | undefined {
  const match = /^(input|output|prompt|completion)_(?:cost_)?per_(1k|k|thousand|token|tok)(?:_tokens?)?$/i.exec(key);
  if (!match) return undefined;
  const side = /^(input|prompt)$/i.test(match[1]!) ? 'input' : 'output';
  const times = /^(1k|k|thousand)$/i.test(match[2]!) ? ['1,000', '1,000'] : ['one', '1,000,000'];
  return `: prices are per million tokens: ${side}_per_mtok, the price of ${times[0]} token${times[0] === 'one' ? '' : 's'} × ${times[1]}`;
}
