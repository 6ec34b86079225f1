/**
 * Cross-reference rules over files that already passed their schema. Each rule is small,
 * named and pushes issues to the context; warnings do not stop a run.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { policyPathsExist, policyRulesHoldConditions, readToolWithEffects, requirePriorReachable } from './authority-rules.js';
import { matchersMeanSomething } from './matcher-rules.js';
import { duplicateCaseIds, duplicateToolNames, uniqueRuleIds } from './unique-rules.js';
import { clarifiedUnderSimulator, inputOrTurns, ownErrorKinds, replyListsCanMatch, turnsCanPass } from './turn-rules.js';
import { issueAtKey, issueAtPath, type PathKey } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import type { Salvaged } from './salvage.js';
import type { WrittenConfig } from './schema/config.js';
import type { Policy } from './schema/policy.js';
import type { WrittenSuite } from './schema/suite.js';
import { isToolGlob, toolMatches } from './tool-glob.js';
import { didYouMean } from './allowed-keys.js';
import { agentModuleExists, customScorersExist, targetFoldersExist, targetProgramsFound } from './custom-rules.js';
import { startPortMatchesUrl } from './start-port-rule.js';
import { approvalsNeedToolHost, caseMocksNeedToolHost, handlersNeedToolHost, toolFaultsNeedToolHost, toolHostFamiliesUnderExec } from './tool-host.js';
import { approvalsCanMatch, expectationsCanPass, expectationsJudgeSomething, ignoreStateLeavesSomething } from './expect-rules.js';
import { literalArgumentsFitParameters } from './argument-types.js';
import { policyValuesFitParameters } from './policy-literals.js';
import { contextsFitSchema } from './context-rules.js';
import { validJsonSchemas } from './json-schema-rules.js';
import { pointLimitNotFraction, relativeLimitFacesImprovement, significanceIsPaired, writtenSlices } from './gate-rules.js';
import { numbersJsonCarries } from './finite-rules.js';
import { faultSettingsUsed, faultsAfterSameFault, mocksAfterCatchAll } from './mock-rules.js';

/** A file and what of it passed its schema (all of it, for a valid file). */
export interface LoadedFile<T> {
  yaml: YamlFile;
  value: Salvaged<T>;
  /** The file's absolute path, for rules that look at files it names. */
  absPath?: string;
}

/** Rules see salvaged files, so they run beside schema errors; every member may be missing. */
export interface RuleContext {
  suites: readonly LoadedFile<WrittenSuite>[];
  /**
   * Suite files the globs matched that could not be read at all (a YAML error, a merge's conflict
   * markers): their tools and tags are unknown, so no rule says a name is in no suite.
   */
  unreadSuites?: number;
  config?: LoadedFile<WrittenConfig>;
  policy?: LoadedFile<Policy>;
  report(issue: ConfigIssue): void;
}

export type Rule = (ctx: RuleContext) => void;

/**
 * A suite's case as the rules see it (every member may be missing). A rule's callback for every
 * case whose inner closures hold the case's index makes V8 allocate that hold on entering it, for
 * every case of a large suite: the rules hand such work to a function called only for a case that
 * has what it checks.
 */
export type RuleCase = NonNullable<NonNullable<LoadedFile<WrittenSuite>['value']['cases']>[number]>;

/** Issues of the given rules over one context, in rule order. */
export function runRules(rules: readonly Rule[], ctx: Omit<RuleContext, 'report'>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const rule of rules) rule({ ...ctx, report: (issue) => issues.push(issue) });
  return issues;
}

/**
 * A case's mock, fault or expected call, or an `approvals:` map (the suite's or a case's), names a
 * tool its suite does not declare; `forbid` only warns. A misspelt approvals key would leave its
 * tool at the default answer without a word.
 */
export const undeclaredTools: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const tools = suite.tools ?? [];
    const declared = tools.map((tool) => tool?.name);
    // A tool whose name failed its schema is reported there; guessing here would add false alarms.
    if (!suite.tools || declared.some((name) => name === undefined)) continue;
    // An approvals key (atKey) may be `default` too: `defualt` is hinted as it.
    const check = ({ name, path, severity = 'error', atKey = false }: { name: string | undefined; path: PathKey[]; severity?: 'error' | 'warning'; atKey?: boolean }) => {
      if (name === undefined || declared.includes(name)) return;
      ctx.report((atKey ? issueAtKey : issueAtPath)({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'unknown_tool',
        message: `tool "${name}" is not declared in suite ${suite.suite ?? ''}`.trimEnd(),
        expected: `a tool declared under \`tools:\`${atKey ? ', or `default`' : ''}${didYouMean(name, atKey ? [...(declared as string[]), 'default'] : (declared as string[]))} (${[...new Set(declared)].join(', ') || 'none declared'})`,
        found: JSON.stringify(name),
        ...(severity === 'warning' ? { severity } : {}),
      }));
    };
    const approvalKeys = (approvals: unknown, at: PathKey[]) => {
      if (approvals === null || typeof approvals !== 'object') return;
      for (const name of Object.keys(approvals)) if (name !== 'default') check({ name, path: [...at, name], atKey: true });
    };
    approvalKeys(suite.approvals, ['approvals']);
    const ofCase = (c: RuleCase, i: number) => {
      approvalKeys(c.approvals, ['cases', i, 'approvals']);
      c.mocks?.forEach((mock, j) => check({ name: mock?.tool, path: ['cases', i, 'mocks', j, 'tool'] }));
      c.faults?.forEach((fault, j) => check({ name: fault !== undefined && 'tool' in fault ? fault.tool : undefined, path: ['cases', i, 'faults', j, 'tool'] }));
      c.expect?.tools?.forEach((call, j) => check({ name: call?.name, path: ['cases', i, 'expect', 'tools', j, 'name'] }));
      // Forbidding a tool the suite lacks still catches a hallucinated call, so it is only a warning.
      c.expect?.forbid?.forEach((entry, j) =>
        typeof entry === 'string'
          ? check({ name: entry, path: ['cases', i, 'expect', 'forbid', j], severity: 'warning' })
          : check({ name: entry?.name, path: ['cases', i, 'expect', 'forbid', j, 'name'], severity: 'warning' }),
      );
    };
    suite.cases?.forEach((c, i) => {
      if (c && (typeof c.approvals === 'object' || c.mocks || c.faults || c.expect?.tools || c.expect?.forbid)) ofCase(c, i);
    });
  }
};

/**
 * A model fault whose `model` holds `*` but is not `"*"` itself (`gpt-*`): it is matched as one
 * model id, literally, so it would never fire and its case would pass without the fault it tests.
 */
export const modelFaultIds: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) =>
      c?.faults?.forEach((fault, j) => {
        const model = fault !== undefined && 'model' in fault ? fault.model : undefined;
        if (typeof model !== 'string' || model === '*' || !model.includes('*')) return;
        ctx.report(issueAtPath({ yaml, path: ['cases', i, 'faults', j, 'model'] }, {
          path: z.core.toDotPath(['cases', i, 'faults', j, 'model']),
          code: 'model_fault_pattern',
          message: `model fault "${model}" would never fire: \`model:\` is "*" (every model call) or one model id, matched exactly, not a pattern`,
          expected: '"*" (every model call) or one model id the agent asks for, matched exactly: not a pattern, which would never fire',
          found: JSON.stringify(model),
        }));
      }),
    );
  }
};

/** A mock's `when` names an argument missing from the tool's `parameters.properties`. */
export const whenKeysInParameters: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const ofMocks = (mocks: NonNullable<RuleCase['mocks']>, i: number) =>
      mocks.forEach((mock, j) => {
        const properties = suite.tools?.find((tool) => tool?.name === mock?.tool)?.parameters?.properties;
        if (!mock?.when || !properties || typeof properties !== 'object') return;
        const known = Object.keys(properties);
        for (const key of Object.keys(mock.when)) {
          if (known.includes(key)) continue;
          const path = ['cases', i, 'mocks', j, 'when', key];
          ctx.report(issueAtKey({ yaml, path }, {
            path: z.core.toDotPath(path),
            code: 'unknown_argument',
            message: `${mock.tool} has no parameter "${key}"`,
            expected: `an argument of ${mock.tool} (${known.join(', ')})`,
            found: JSON.stringify(key),
          }));
        }
      });
    suite.cases?.forEach((c, i) => {
      if (c?.mocks) ofMocks(c.mocks, i);
    });
  }
};

/**
 * Two suite files share a suite name (an error), or names that differ only in letter case (a
 * warning, as case ids alike are: unique-rules.ts): a suite's cassettes are a folder named by it,
 * which macOS and Windows read as one. Reported in each file after the first.
 */
export const duplicateSuiteNames: Rule = (ctx) => {
  const first = new Map<string, { file: string; name: string }>();
  for (const { yaml, value: suite } of ctx.suites) {
    if (suite.suite === undefined) continue;
    const earlier = first.get(suite.suite.toLowerCase());
    if (earlier === undefined) {
      first.set(suite.suite.toLowerCase(), { file: yaml.file, name: suite.suite });
      continue;
    }
    const found = JSON.stringify(suite.suite);
    ctx.report(issueAtPath({ yaml, path: ['suite'] }, earlier.name === suite.suite
      ? { path: 'suite', code: 'duplicate_suite', message: `suite name "${suite.suite}" is also used by ${earlier.file}`, expected: `a suite name unique across suite files (${earlier.file} has "${suite.suite}")`, found }
      : {
          path: 'suite',
          code: 'suite_names_differ_in_case',
          message: `suite name "${suite.suite}" differs from "${earlier.name}" (${earlier.file}) only in letter case: should the project record model calls (--models record), their cassettes would be one folder on macOS and Windows`,
          expected: `a suite name that differs from "${earlier.name}" (${earlier.file}) in more than letter case: a suite's cassettes are a folder named by it, and macOS and Windows read two such names as one folder`,
          found,
          severity: 'warning',
        }));
  }
};

/** A policy rule's `tool` (or `require_prior` entry) matches no tool of any suite: a warning. */
export const policyToolsDeclared: Rule = (ctx) => {
  if (!ctx.policy || ctx.suites.length === 0 || ctx.unreadSuites) return;
  const named = ctx.suites.flatMap(({ value }) => (value.tools ?? []).map((tool) => tool?.name));
  if (ctx.suites.some(({ value }) => !value.tools) || named.some((name) => name === undefined)) return;
  const declared = [...new Set(named as string[])].sort();
  const { yaml, value: policy } = ctx.policy;
  // `tool:` is a glob; `require_prior` names tools exactly, as the policy engine reads them.
  const check = ({ pattern, path }: { pattern: string | undefined; path: PathKey[] }, matches: (pattern: string, name: string) => boolean) => {
    if (pattern === undefined) return;
    if (declared.some((name) => matches(pattern, name))) return;
    ctx.report(issueAtPath({ yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'unknown_tool',
      message: `"${pattern}" ${path.includes('require_prior') ? 'names' : 'matches'} no tool declared in the suites`,
      expected: `${expectedTool({ pattern, exact: path.includes('require_prior') })}${didYouMean(pattern, declared)} (${declared.join(', ') || 'none declared'})`,
      found: JSON.stringify(pattern),
      severity: 'warning',
    }));
  };
  policy.rules?.forEach((rule, i) => {
    check({ pattern: rule?.tool, path: ['rules', i, 'tool'] }, toolMatches);
    rule?.require_prior?.forEach((name, j) => check({ pattern: name, path: ['rules', i, 'require_prior', j] }, (a, b) => a === b));
  });
};

/** What a policy rule's tool should be: `require_prior` names a tool exactly, so a glob written there is told so; a misspelt name is hinted as any other unknown tool. */
function expectedTool({ pattern, exact }: { pattern: string; exact: boolean }): string {
  if (!exact) return 'a tool declared in a suite, or a glob matching one';
  return isToolGlob(pattern) ? 'the exact name of a tool declared in a suite, not a glob' : 'a tool declared in a suite';
}

/** A gate slice names a suite, tag or risk level no case has: a warning (that threshold never applies). */
export const gateSlicesExist: Rule = (ctx) => {
  const slices = ctx.config?.value.gate?.slices;
  if (!ctx.config || !slices || ctx.suites.length === 0 || ctx.unreadSuites) return;
  const known = writtenSlices(ctx.suites.map(({ value }) => value)).slices;
  for (const key of Object.keys(slices)) {
    if (known.has(key)) continue;
    const path = ['gate', 'slices', key];
    const kind = key.slice(0, key.indexOf(':'));
    ctx.report(issueAtKey({ yaml: ctx.config.yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'unknown_slice',
      message: `no case falls in slice "${key}"`,
      expected: `a slice some case falls in (${[...known.keys()].filter((k) => k.startsWith(`${kind}:`)).join(', ') || `no ${kind} in any suite`})`,
      found: JSON.stringify(key),
      severity: 'warning',
    }));
  }
};

export const SUITE_RULES: readonly Rule[] = [undeclaredTools, modelFaultIds, whenKeysInParameters, contextsFitSchema, duplicateCaseIds, duplicateToolNames, validJsonSchemas, readToolWithEffects, matchersMeanSomething, inputOrTurns, replyListsCanMatch, turnsCanPass, ownErrorKinds, expectationsCanPass, expectationsJudgeSomething, ignoreStateLeavesSomething, numbersJsonCarries, mocksAfterCatchAll, faultsAfterSameFault, faultSettingsUsed];
/** The policy's half of matchersMeanSomething: the suites' half is a suite rule. */
const policyMatchersMeanSomething: Rule = (ctx) => matchersMeanSomething({ ...ctx, suites: [] });
/**
 * What SUITE_RULES, run over each suite file alone, leave to check: the rules across files and
 * those that look at other files on disk (run on every load, even for suites read from the cache).
 */
export const CROSS_FILE_RULES: readonly Rule[] = [policyMatchersMeanSomething, ...acrossFiles()];
/** Every rule over the whole project at once (the suites' own and the cross-file ones). */
export const PROJECT_RULES: readonly Rule[] = [...SUITE_RULES, ...acrossFiles()];

// The rules that need more than one file, or files on disk, listed once for both lists above.
function acrossFiles(): Rule[] {
  return [literalArgumentsFitParameters, duplicateSuiteNames, policyToolsDeclared, policyPathsExist, policyValuesFitParameters, policyRulesHoldConditions, requirePriorReachable, gateSlicesExist, significanceIsPaired, relativeLimitFacesImprovement, pointLimitNotFraction, uniqueRuleIds, customScorersExist, agentModuleExists, targetFoldersExist, targetProgramsFound, startPortMatchesUrl, toolFaultsNeedToolHost, caseMocksNeedToolHost, toolHostFamiliesUnderExec, approvalsNeedToolHost, handlersNeedToolHost, approvalsCanMatch, clarifiedUnderSimulator];
}
