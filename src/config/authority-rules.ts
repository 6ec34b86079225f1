/**
 * Cross-reference rules for authority and policy (SPEC §5): what the policy conditions read
 * must exist on the calls they judge, and a tool's tier must not contradict its effects.
 */
import { toolMatches } from './tool-glob.js';
import { z } from 'zod';
import { issueAtKey, issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleContext } from './rules.js';
import { keysIn } from './parse-yaml.js';
import { PolicyRuleSchema } from './schema/policy.js';
import { reachOf, type PathReach } from './schema-reach.js';

/**
 * `tier: read` with effects is a contradiction: a read tool never needs approval and runs
 * under the kill switch, while any effect needs a granted approval. An error, so the file
 * says what the tool really is. (Tier omitted with effects is fine: effects decide.)
 */
export const readToolWithEffects: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.tools?.forEach((tool, i) => {
      if (!tool?.effects || tool.effects.length === 0) return;
      const path = ['tools', i, 'effects'];
      if (tool.tier === 'suggest') {
        // Not wrong, but the effects can never happen: say so, in case `approve` was meant.
        ctx.report(issueAtPath({ yaml, path }, {
          path: z.core.toDotPath(path),
          code: 'effects_never_apply',
          severity: 'warning',
          message: `${tool.name ?? 'this tool'} is tier suggest, so it never executes and its effects ${tool.effects.join(', ')} never apply`,
          expected: 'tier approve for a tool that may act once approved, or no effects on a suggest tool',
          found: `tier: suggest, effects: [${tool.effects.join(', ')}]`,
        }));
        return;
      }
      if (tool.tier !== 'read') return;
      ctx.report(issueAtPath({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'tier_contradicts_effects',
        message: `${tool.name ?? 'this tool'} is tier read but declares effects ${tool.effects.join(', ')}: ` +
          'a read tool needs no approval and runs under the kill switch, a tool with effects needs a granted approval',
        // The issue renderer shows expected and found, so the explanation goes there.
        expected: 'tier approve (or autonomous) for a tool with effects, or no effects on a read tool — ' +
          'a read tool needs no approval and runs under the kill switch, while any effect needs a granted approval',
        found: `tier: read, effects: [${tool.effects.join(', ')}]`,
      }));
    });
  }
};

/** A rule's conditions, each of which denies a call on its own terms. */
const CONDITIONS = ['deny_if', 'allow_only', 'require', 'require_prior'] as const;
/** The keys a rule takes (PolicyRuleSchema's): any other is its schema's error. */
const RULE_KEYS: ReadonlySet<string> = new Set(Object.keys(PolicyRuleSchema.shape));

/**
 * A policy rule must hold a condition. An empty one (`deny_if: {}`, `require_prior: []`) is an
 * error: it reads as "deny when every (none) holds", always, yet the engine applies no condition
 * and the rule never denies. A rule with no condition key at all is a warning: it only names
 * itself in the decision log's allowed calls.
 */
export const policyRulesHoldConditions: Rule = (ctx) => {
  if (!ctx.policy) return;
  const { yaml, value: policy } = ctx.policy;
  policy.rules?.forEach((rule, i) => {
    // A rule without a valid tool is its schema's error; one more issue there would be noise.
    if (!rule?.tool) return;
    const written = CONDITIONS.filter((key) => rule[key] !== undefined);
    for (const key of written) {
      const condition = rule[key]!;
      if ((Array.isArray(condition) ? condition.length : Object.keys(condition).length) > 0) continue;
      const path: PathKey[] = ['rules', i, key];
      ctx.report(issueAtPath({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'empty_policy_condition',
        message: `rule ${rule.id ?? i}: an empty ${key} holds no condition, so the rule never denies a call`,
        expected: `${key} with at least one ${Array.isArray(condition) ? 'entry' : 'condition'}, or no ${key} key — to refuse every call of a tool, give it tier suggest or leave it out of the suite`,
        found: JSON.stringify(condition),
      }));
    }
    if (written.length > 0) return;
    const path: PathKey[] = ['rules', i];
    // A condition key whose value its schema refused (`deny_if: ~`): that key's error tells what is wrong. So does an
    // unknown key (`deny_when:`, most likely a condition misspelt): its error names the keys a rule takes.
    if (keysIn(yaml, ['rules', i]).some((key) => (CONDITIONS as readonly string[]).includes(key) || !RULE_KEYS.has(key))) return;
    ctx.report(issueAtPath({ yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'rule_without_condition',
      severity: 'warning',
      message: `rule ${rule.id ?? i} holds no condition, so it never denies a call`,
      expected: `a condition (${CONDITIONS.join(', ')}): a rule without one never denies a call`,
      found: 'none',
    }));
  });
};

/**
 * A rule whose `require_prior` names only tools its own `tool` pattern covers can never allow a
 * call: the first call of each of them needs one of them answered before it, which the rule
 * denies, so every call it covers is denied for good (`tool: "*"` with `require_prior: [verify]`
 * denies verify too). An error at `require_prior`, as an empty condition is.
 */
export const requirePriorReachable: Rule = (ctx) => {
  if (!ctx.policy) return;
  const { yaml, value: policy } = ctx.policy;
  policy.rules?.forEach((rule, i) => {
    const written = rule?.require_prior;
    if (!rule?.tool || !written || written.length === 0) return;
    const prior = written.filter((name): name is string => typeof name === 'string');
    const pattern = rule.tool;
    if (prior.length < written.length || !prior.every((name) => toolMatches(pattern, name))) return;
    const path: PathKey[] = ['rules', i, 'require_prior'];
    const names = prior.join(', ');
    ctx.report(issueAtPath({ yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'require_prior_unreachable',
      message: `rule ${rule.id ?? i} covers ${names} itself (tool: ${pattern}), so none of ${prior.length === 1 ? 'it' : 'them'} can answer first: the rule denies every call it covers`,
      expected: `a tool pattern that leaves out the tool that must answer first (${names}), or a require_prior tool it does not cover`,
      found: JSON.stringify(prior),
    }));
  });
};

/** A tool a rule's `tool` pattern covers, with its suite (both salvaged: any member may be missing). */
export interface Matched {
  suite: { context_schema?: unknown };
  tool: { name?: string | undefined; parameters?: unknown };
}

type WrittenPolicyRule = NonNullable<NonNullable<NonNullable<RuleContext['policy']>['value']['rules']>[number]>;
type PolicyYaml = NonNullable<RuleContext['policy']>['yaml'];

/**
 * The policy's rules whose `tool` pattern covers declared tools, each with its index and the tools
 * it covers; none when some tools are unknown (no policy, no suite, a suite unread or a tool
 * unnamed): then no rule can say what a call never has. A rule covering no tool at all is
 * policyToolsDeclared's warning.
 */
export function rulesWithTools(ctx: RuleContext): { rule: WrittenPolicyRule; index: number; matched: Matched[]; yaml: PolicyYaml }[] {
  if (!ctx.policy || ctx.suites.length === 0 || ctx.unreadSuites) return [];
  const { yaml } = ctx.policy;
  const suites = ctx.suites.map(({ value }) => value);
  if (suites.some((suite) => !suite.tools || suite.tools.some((tool) => tool?.name === undefined))) return [];
  const toolsOf = (pattern: string): Matched[] => suites.flatMap((suite) =>
    (suite.tools ?? []).filter((tool) => tool?.name !== undefined && toolMatches(pattern, tool.name)).map((tool) => ({ suite, tool: tool! })),
  );
  return (ctx.policy.value.rules ?? []).flatMap((rule, index) => {
    if (!rule?.tool) return [];
    const matched = toolsOf(rule.tool);
    return matched.length === 0 ? [] : [{ rule, index, matched, yaml }];
  });
}

/**
 * A policy condition (`deny_if`, `allow_only`, `require`) reads a path the calls it judges
 * never have: an argument none of the matched tools declares in `parameters.properties`
 * (`arguments.amout` for `amount`), or a `context.` field none of their suites' `context_schema`
 * declares, at any depth (`arguments.meta.amout`), or a key of a list or of a scalar
 * (`arguments.items.amount` where `items` is `type: array`: a path names one item by its index).
 * Such a rule would silently never (or always) deny.
 */
export const policyPathsExist: Rule = (ctx) => {
  for (const { rule, index: i, matched, yaml } of rulesWithTools(ctx)) {
    const check = ({ path, at }: { path: string; at: PathKey[] }, place: typeof issueAtPath) => {
      const problem = pathProblem(path, matched);
      if (problem === undefined) return;
      ctx.report(place({ yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'unknown_policy_path',
        message: `rule ${rule.id ?? i}: ${problem.message}`,
        expected: `${problem.expected} — ${problem.message}`,
        found: JSON.stringify(path),
      }));
    };
    for (const key of Object.keys(rule.deny_if ?? {})) check({ path: key, at: ['rules', i, 'deny_if', key] }, issueAtKey);
    for (const key of Object.keys(rule.allow_only ?? {})) check({ path: key, at: ['rules', i, 'allow_only', key] }, issueAtKey);
    rule.require?.forEach((path, j) => path !== undefined && check({ path, at: ['rules', i, 'require', j] }, issueAtPath));
  }
};

/** Why no matched call can have `path`, or undefined when one can (or we cannot tell). */
function pathProblem(path: string, matched: readonly Matched[]): { message: string; expected: string } | undefined {
  const [root, ...keys] = path.split('.');
  if (keys.length === 0) return undefined;
  const byArguments = root === 'arguments';
  if (!byArguments && root !== 'context') return undefined;
  const schemas = byArguments ? matched.map(({ tool }) => tool.parameters) : matched.map(({ suite }) => suite.context_schema);
  const reaches = schemas.map((schema) => reachOf(schema, keys));
  if (reaches.some((reach) => reach.kind === 'may')) return undefined;
  const never = reaches as Extract<PathReach, { kind: 'never' }>[];
  const tools = [...new Set(matched.map(({ tool }) => tool.name ?? '?'))].join(', ');
  if (never.every((reach) => reach.depth === 0 && reach.why === 'undeclared')) {
    const declared = [...new Set(never.flatMap((reach) => (reach.why === 'undeclared' ? reach.declared : [])))].sort().join(', ') || 'none declared';
    return byArguments
      ? { message: `${tools} ${matched.length === 1 ? 'has' : 'have'} no parameter "${keys[0]}", so ${path} is never in a call`, expected: `arguments.<a parameter of ${tools}> (${declared})` }
      : { message: `context_schema declares no "${keys[0]}", so ${path} is never in a call`, expected: `context.<a property of context_schema> (${declared})` };
  }
  // Deeper: the first schema's reason (every one has its own, each saying never).
  const reach = never[0]!;
  const prefix = [root, ...keys.slice(0, reach.depth)].join('.');
  const key = keys[reach.depth]!;
  const owner = byArguments ? `the parameters of ${tools}` : 'context_schema';
  if (reach.why === 'undeclared') {
    return {
      message: `${owner} declare${byArguments ? '' : 's'} no "${key}" in ${prefix}, so ${path} is never in a call`,
      expected: `${prefix}.<a property of it> (${[...reach.declared].sort().join(', ') || 'none declared'})`,
    };
  }
  if (reach.why === 'list') {
    return {
      message: `${prefix} is a list (type: array) in ${owner}, which has no key "${key}", so ${path} is never in a call`,
      expected: `one item by its index (${[prefix, '0', ...keys.slice(reach.depth)].join('.')}): a condition reads one value, not every item of a list`,
    };
  }
  return {
    message: `${prefix} is ${/^[aeiou]/.test(reach.type) ? 'an' : 'a'} ${reach.type} in ${owner}, which has no key "${key}", so ${path} is never in a call`,
    expected: `${prefix} itself, or a path into an object`,
  };
}
