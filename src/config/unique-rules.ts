/**
 * Names that must be unique where they are declared: case ids and tool names in a suite, rule ids
 * in the policy. The later declaration is reported, naming the earlier one.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { ConfigIssue } from '../errors.js';
import type { YamlFile } from './parse-yaml.js';
import type { Rule } from './rules.js';

/** An item whose key an earlier item already has: its index and the earlier one's. */
interface Repeat {
  at: number;
  earlier: number;
  key: string;
}

/** Each item whose key an earlier item already has. */
function repeats<T>(items: readonly (T | undefined)[] | undefined, key: (item: T) => string | undefined): Repeat[] {
  const first = new Map<string, number>();
  const found: Repeat[] = [];
  items?.forEach((item, at) => {
    const name = item === undefined ? undefined : key(item);
    if (name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, at);
    else found.push({ at, earlier, key: name });
  });
  return found;
}

/**
 * Two cases of one suite share an id (an error), or have ids that differ only in letter case (`A`,
 * `a`; a warning): a case's cassette is a file named by its id, and macOS's and Windows' file
 * systems read `A.json` and `a.json` as one file, so the two cases would record over and replay
 * each other's model calls. Only a warning, as this rule reads the suite alone (the suite cache
 * keeps its issues): a suite that records no model calls, or runs on Linux only, is a valid one.
 */
export const duplicateCaseIds: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    for (const repeat of repeats(suite.cases, (c) => c.id)) ctx.report(suiteRepeat({ yaml, repeat, list: 'cases', field: 'id', code: 'duplicate_case_id' }));
    const ids = suite.cases?.map((c) => c?.id);
    for (const { at, earlier } of repeats(ids, (id) => (typeof id === 'string' ? id.toLowerCase() : undefined))) {
      if (ids![at] !== ids![earlier]) ctx.report(caseIdsAlike({ yaml, at, earlier: { at: earlier, id: ids![earlier]! }, id: ids![at]! }));
    }
  }
};

/** The issue at a case id that differs from an earlier one only in letter case. */
function caseIdsAlike(input: { yaml: YamlFile; at: number; earlier: { at: number; id: string }; id: string }): ConfigIssue {
  const path: PathKey[] = ['cases', input.at, 'id'];
  const { earlier } = input;
  return issueAtPath({ yaml: input.yaml, path }, {
    path: z.core.toDotPath(path),
    code: 'case_ids_differ_in_case',
    message: `case id "${input.id}" differs from "${earlier.id}" (cases[${earlier.at}]) only in letter case: should the project record model calls (--models record), their cassettes would be one file on macOS and Windows`,
    expected: `a case id that differs from "${earlier.id}" (cases[${earlier.at}]) in more than letter case: a case's cassette is a file named by its id, and macOS and Windows read two such names as one file`,
    found: JSON.stringify(input.id),
    severity: 'warning',
  });
}

/** Two tools of one suite share a name: one declaration would silently win over the other. */
export const duplicateToolNames: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    for (const repeat of repeats(suite.tools, (tool) => tool.name)) ctx.report(suiteRepeat({ yaml, repeat, list: 'tools', field: 'name', code: 'duplicate_tool' }));
  }
};

/** The issue at a repeated case id or tool name. */
function suiteRepeat(input: { yaml: YamlFile; repeat: Repeat; list: 'cases' | 'tools'; field: string; code: string }): ConfigIssue {
  const { at, earlier, key } = input.repeat;
  const path: PathKey[] = [input.list, at, input.field];
  const what = input.list === 'cases' ? 'case id' : 'tool name';
  return issueAtPath({ yaml: input.yaml, path }, {
    path: z.core.toDotPath(path),
    code: input.code,
    message: `${what} "${key}" is used twice`,
    expected: `a ${what} unique in the suite (${input.list}[${earlier}] has "${key}")`,
    found: JSON.stringify(key),
  });
}

/** Two policy rules with one id: decisions in the log could not be told apart. */
export const uniqueRuleIds: Rule = (ctx) => {
  const policy = ctx.policy;
  if (!policy) return;
  for (const { at, earlier, key } of repeats(policy.value.rules, (rule) => rule.id || undefined)) {
    const path: PathKey[] = ['rules', at, 'id'];
    ctx.report(issueAtPath({ yaml: policy.yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'duplicate_rule_id',
      message: `rule id "${key}" is used twice`,
      expected: `a rule id not used by rules[${earlier}]`,
      found: JSON.stringify(key),
    }));
  }
};
