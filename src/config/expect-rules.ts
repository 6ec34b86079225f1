/**
 * Expected calls no run can match (SPEC §6): an `approved: true` on a suggest-tier tool, a tool
 * both expected and forbidden; and one no eval can: `approved: true` on a tool that takes no
 * approval under a hosted target (a trace scored by `agentready score` reports its calls'
 * approvals, so there it can match, and the warning says so rather than "can never pass"). Such
 * a case fails every eval (so does `approved: true` on a tool that needs approval but has nothing
 * to answer it: no mock, no handler), and `baseline update` accepts it as a known failure, where it protects
 * nothing: a warning at the expectation says so first.
 */
import { z } from 'zod';
import { issueAtKey, issueAtPath, type PathKey } from './locate.js';
import { yamlLib } from './yaml-lib.js';
import type { LoadedFile, Rule, RuleCase, RuleContext } from './rules.js';
import type { WrittenSuite } from './schema/suite.js';
import { hostsTools } from './tool-host.js';
import { needsApproval, toolTier } from './tools.js';

/** The expectation's parts this rule reads, salvaged (any may be missing). */
interface Place {
  tools?: ({ name?: string | undefined; approved?: boolean | undefined } | undefined)[] | undefined;
  forbid?: (string | { name?: string | undefined; args?: unknown } | undefined)[] | undefined;
}

/** Suite rule: `approved: true` on a suggest-tier tool (it never runs), a tool both expected and forbidden. */
export const expectationsCanPass: Rule = (ctx) => {
  approvedOnApprovalFree(ctx, { suggestOnly: true });
  for (const { yaml, value: suite } of ctx.suites) {
    // A place's path made only once it is reported on, and nothing made for a case that has
    // neither a clash nor alternatives (most): ofCase's closures hold the index (RuleCase).
    const ofCase = (expect: NonNullable<RuleCase['expect']>, i: number) => {
      if (mayClash(expect)) expectedAndForbidden({ ctx, yaml, place: expect, at: () => ['cases', i, 'expect'] });
      expect.alternatives?.forEach((alternative, k) => expectedAndForbidden({ ctx, yaml, place: alternative, at: () => ['cases', i, 'expect', 'alternatives', k] }));
    };
    const cases = suite.cases ?? [];
    for (let i = 0; i < cases.length; i++) {
      const expect = cases[i]?.expect;
      if (expect !== undefined && (mayClash(expect) || expect.alternatives)) ofCase(expect, i);
    }
  }
};

/** Whether a place both expects and forbids calls: checked before its arguments are made (most cases of a large suite do neither). */
const mayClash = (place: Place | undefined): boolean => Boolean(place?.forbid?.length && place.tools?.length);

// Reports each expected call of a tool that a forbid entry without args forbids (every call of it, the expected one included).
function expectedAndForbidden({ ctx, yaml, place, at }: { ctx: RuleContext; yaml: LoadedFile<WrittenSuite>['yaml']; place: Place | undefined; at: () => PathKey[] }): void {
  if (!place?.forbid?.length || !place.tools?.length) return;
  const forbidden = new Map<string, number>();
  place.forbid.forEach((entry, k) => {
    const name = typeof entry === 'string' ? entry : entry?.args === undefined ? entry?.name : undefined;
    if (name !== undefined && !forbidden.has(name)) forbidden.set(name, k);
  });
  place.tools.forEach((call, j) => {
    const k = call?.name === undefined ? undefined : forbidden.get(call.name);
    if (k === undefined) return;
    report({ ctx, yaml, path: [...at(), 'tools', j, 'name'], message: `${call!.name} is expected and forbidden (forbid[${k}]): any call of it fails the tools check, so this expectation can never pass (give the forbid entry args that leave the expected call out)`, found: JSON.stringify(call!.name) });
  });
}

/**
 * Cross-file rule (it reads the config's target): `approved: true` on a tool that needs no
 * approval, which a hosted call never carries. An exec agent reports `approved` on its calls
 * itself (SPEC §4), as a scored trace does, so under an exec target the expectation can match,
 * and under a hosted one it can match a scored trace (the warning names eval alone).
 */
export const approvalsCanMatch: Rule = (ctx) => {
  if (ctx.config && !hostsTools(ctx.config.value.target)) return;
  approvedOnApprovalFree(ctx, { suggestOnly: false });
  approvedOnNothingToRun(ctx);
};

/**
 * `approved: true` on a tool that needs approval but has no `mock`, no `handler` and no mock in
 * the case: every call of it is answered not_mocked and runs nothing, and `approved: true` asks
 * for a call made on its approval that went to the tool (docs/authority.md), so the case fails every eval; a scored
 * production trace that reports the call run on its approval can still meet it, as the warning says.
 */
function approvedOnNothingToRun(ctx: RuleContext): void {
  for (const { yaml, value: suite } of ctx.suites) {
    const unanswered = new Set<string>();
    for (const tool of suite.tools ?? []) {
      if (tool?.name === undefined || tool.mock !== undefined || tool.handler !== undefined) continue;
      const tier = toolTier(tool);
      // A tool that takes no approval is approvedOnApprovalFree's.
      if (tier !== 'suggest' && needsApproval({ tier, effects: (tool.effects ?? []).filter((effect) => effect !== undefined) })) unanswered.add(tool.name);
    }
    if (unanswered.size === 0) continue;
    suite.cases?.forEach((c, i) => {
      const check = (calls: Place['tools'], at: () => PathKey[]): void =>
        calls?.forEach((call, j) => {
          const name = call?.approved === true ? call.name : undefined;
          if (name === undefined || !unanswered.has(name) || c?.mocks?.some((mock) => mock?.tool === name)) return;
          const message = `${name} has no \`mock\`, no \`handler\` and no mock in this case: its calls are answered not_mocked and run nothing, so \`approved: true\` (a call made on a granted approval that went to the tool) never matches under \`eval\` and the case fails every eval (only a trace scored by \`agentready score\` that reports the call run on its approval can pass it; else give the tool a \`mock\` or a \`handler\`, or the case a mock)`;
          report({ ctx, yaml, path: [...at(), 'tools', j, 'approved'], message, found: 'true' });
        });
      if (c?.expect?.tools) check(c.expect.tools, () => ['cases', i, 'expect']);
      c?.expect?.alternatives?.forEach((alternative, k) => check(alternative?.tools, () => ['cases', i, 'expect', 'alternatives', k]));
    });
  }
}

// Reports `approved: true` on a suggest-tier tool (`suggestOnly`: no run of any kind matches it), else on a tool of another tier that takes no approval (no eval matches it; a scored trace can).
function approvedOnApprovalFree(ctx: RuleContext, { suggestOnly }: { suggestOnly: boolean }): void {
  for (const { yaml, value: suite } of ctx.suites) {
    // The tools such an expectation names, with why it never matches (run on every load: no walk of the cases without one).
    const never = new Map<string, string>();
    for (const tool of suite.tools ?? []) {
      if (tool?.name === undefined) continue;
      const tier = toolTier(tool);
      const effects = (tool.effects ?? []).filter((effect) => effect !== undefined);
      if (suggestOnly ? tier === 'suggest' : tier !== 'suggest' && !needsApproval({ tier, effects })) {
        never.set(
          tool.name,
          tier === 'suggest'
            ? `${tool.name} is tier suggest: it never runs, so \`approved: true\` never matches and the case can never pass (drop \`approved\`, or give the tool tier approve or an effect)`
            : // A trace scored by `agentready score` reports its calls' approvals, as an exec agent does: there it can match.
              `${tool.name} needs no approval (tier ${tier}, no effects): no call the tool host answers runs on one, so \`approved: true\` never matches under \`eval\` and the case fails every eval (only a trace scored by \`agentready score\` that reports the approval can pass it; else drop \`approved\`, or give the tool tier approve or an effect)`,
        );
      }
    }
    if (never.size === 0) continue;
    const check = (calls: Place['tools'], at: () => PathKey[]): void =>
      calls?.forEach((call, j) => {
        const message = call?.approved === true && call.name !== undefined ? never.get(call.name) : undefined;
        if (message === undefined) return;
        report({ ctx, yaml, path: [...at(), 'tools', j, 'approved'], message, found: 'true' });
      });
    suite.cases?.forEach((c, i) => {
      if (c?.expect?.tools) check(c.expect.tools, () => ['cases', i, 'expect']);
      c?.expect?.alternatives?.forEach((alternative, k) => check(alternative?.tools, () => ['cases', i, 'expect', 'alternatives', k]));
    });
  }
}

// No `expected`: the terminal then prints the message, which says why and what to do.
function report({ ctx, yaml, path, message, found }: { ctx: RuleContext; yaml: LoadedFile<WrittenSuite>['yaml']; path: PathKey[]; message: string; found: string }): void {
  ctx.report(issueAtPath({ yaml, path }, { path: z.core.toDotPath(path), code: 'expectation_never_matches', severity: 'warning', message, found }));
}

/**
 * Suite rule: an alternative's `ignore_state: true` in a case whose `expect` sets no `state`
 * leaves out nothing (its `state_unchanged` is asked whichever ending stands): a warning at the key,
 * since the writer meant it to matter (a `state` under another key, say). Not beside a key of the
 * `expect` its schema refused (a misspelt or invalid `state`: that error is the news).
 */
export const ignoreStateLeavesSomething: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const cases = suite.cases ?? [];
    for (let i = 0; i < cases.length; i++) {
      const expect = cases[i]?.expect;
      if (expect?.alternatives === undefined || expect.state !== undefined) continue;
      if (!expect.alternatives.some((alternative) => alternative?.ignore_state === true)) continue;
      if (!keptWhole({ yaml, path: ['cases', i, 'expect'], value: expect })) continue;
      expect.alternatives.forEach((alternative, k) => {
        if (alternative?.ignore_state !== true) return;
        const path: PathKey[] = ['cases', i, 'expect', 'alternatives', k, 'ignore_state'];
        const message = `ignore_state: true leaves out nothing: this case's \`expect\` sets no \`state\` (its \`state_unchanged\` is asked whichever ending stands); drop it, or give the case the final \`state\` its main ending makes`;
        ctx.report(issueAtKey({ yaml, path }, { path: z.core.toDotPath(path), code: 'ignore_state_without_state', severity: 'warning', message, found: 'true' }));
      });
    }
  }
};

/** The expectation's parts that judge the agent's outcome, salvaged (any may be missing). */
type Judged = NonNullable<RuleCase['expect']>;
type WrittenOutput = NonNullable<Judged['output']>;

/**
 * Suite rule: a case whose `expect` judges nothing of the outcome (`expect: {}`, or an `output`
 * whose every assertion is empty, `contains: []`) passes whenever the policy and the budgets hold,
 * whatever the agent answered: a warning at the expectation says so. A conversation's turn
 * expectations count, as do `custom` scorers, `respect_retry_after` and limits the case sets itself
 * (`expect.budgets`: a case that checks the agent stays within them, `past-budget`); `alternatives`
 * do not (they stand only when the expectation fails), nor do the config's budgets every case has.
 */
export const expectationsJudgeSomething: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const cases = suite.cases ?? [];
    for (let i = 0; i < cases.length; i++) {
      const kase = cases[i];
      // A case without a valid `expect` has its schema error; a turn that expects something judges the case.
      if (kase?.expect === undefined || judges(kase.expect) || kase.turns?.some((turn) => turn?.expect !== undefined && outputJudges(turn.expect.output, turn.expect.outcome))) continue;
      const emptyOutput = kase.expect.output !== undefined;
      const at: PathKey[] = ['cases', i, 'expect'];
      // A key its schema refused (`outcome: finished`, `outcom:`) is reported there: the expectation meant to judge something.
      if (!keptWhole({ yaml, path: at, value: kase.expect }) || (emptyOutput && !keptWhole({ yaml, path: [...at, 'output'], value: kase.expect.output }))) continue;
      const path: PathKey[] = emptyOutput ? [...at, 'output'] : at;
      const what = emptyOutput ? 'every assertion of this `output` is empty, and `expect` names no outcome, tools, forbid, state or custom scorer' : 'this `expect` names no outcome, tools, forbid, output, state or custom scorer';
      // Its alternatives stand only when it fails, which it never does: they judge nothing either.
      const alternatives = kase.expect.alternatives?.length ? ', its `alternatives` never consulted' : '';
      const message = `${what}: the case checks nothing of what the agent did and passes whenever the policy and the budgets hold${alternatives} (say what it should do: \`outcome: completed\` at least)`;
      ctx.report(issueAtPath({ yaml, path }, { path: z.core.toDotPath(path), code: 'expectation_checks_nothing', severity: 'warning', message }));
    }
  }
};

/** Whether an expectation has a check of the outcome beyond policy and the config's budgets. */
function judges(expect: Judged): boolean {
  return outputJudges(expect.output, expect.outcome)
    || expect.tools !== undefined || Boolean(expect.forbid?.length)
    || stateJudges(expect) || expect.state_unchanged !== undefined
    || expect.respect_retry_after === true || Boolean(expect.custom?.length)
    || Object.keys(expect.budgets ?? {}).length > 0;
}

/** Whether a final `state` is there that some state fails: not `state: {}`, which every state holds as a subset (unless `state_exact`). */
function stateJudges({ state, state_exact: exact }: Judged): boolean {
  if (state === undefined) return false;
  return exact === true || typeof state !== 'object' || state === null || Object.keys(state).length > 0;
}

/** Whether an outcome or an output assertion is there: an empty list or an empty string asserts nothing. */
function outputJudges(output: WrittenOutput | undefined, outcome: unknown): boolean {
  if (outcome !== undefined) return true;
  if (output === undefined) return false;
  const some = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.length > 0);
  return some(output.contains) || some(output.not_contains) || some(output.regex) || output.equals !== undefined || output.json_schema !== undefined;
}

/** Whether the mapping at `path` kept every key through its schema (salvage drops the ones it refused). */
function keptWhole({ yaml, path, value }: { yaml: LoadedFile<WrittenSuite>['yaml']; path: PathKey[]; value: object | undefined }): boolean {
  const node: unknown = yaml.doc.getIn(path, true);
  return !yamlLib().isMap(node) || node.items.length === Object.keys(value ?? {}).length;
}
